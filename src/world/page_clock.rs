//! The World's use of the page clock: a step bounded by a statement's time runs the page's
//! timers forward to the bound instead of waiting it out, and still waits in real time for
//! what the page clock cannot reach.

use std::time::{Duration, Instant};

use super::HerodeskWorld;
use crate::{
    error::{Result, SuiteError},
    pages::{page_clock, widget_frame::ContactView},
};

/// How long after a run of the page clock its calls may still arrive at the mock (a burst
/// of requests the run set off, answered one after the other).
const AFTER_A_RUN: Duration = Duration::from_secs(3);

impl HerodeskWorld {
    /// Lets `span` of the page's life pass with nothing happening: on a page with a virtual
    /// clock, every timer due within `span` runs at once and the clock then follows the real
    /// one again; with the browser's own clock (`--clock real`) the span is waited out. A
    /// page that lives long is a state of its own: a poll that stops after a minute, a
    /// session refreshed after 40 s. The calls the run sets off come as a burst the suite
    /// made, and I8's rate leaves them out ([`super::guest_reads`]).
    ///
    /// # Errors
    /// A timer of the page that threw while the clock ran (the widget's uncaught error, spec
    /// I4), or a WebDriver error.
    pub async fn let_the_page_live(&mut self, span: Duration) -> Result<()> {
        if !self.virtual_clock {
            tokio::time::sleep(span).await;
            return Ok(());
        }
        let client = self.client().await?.clone();
        let from = herodesk_mock::journal::now_ms();
        let run = page_clock::run_for_and_pause(&client, span).await?;
        if run.installed {
            page_clock::resume(&client).await?;
        }
        let to = herodesk_mock::journal::now_ms()
            + u64::try_from(AFTER_A_RUN.as_millis()).unwrap_or(u64::MAX);
        self.clock_runs.push((from, to));
        match run.threw {
            Some(threw) => Err(SuiteError::Expectation(format!(
                "a timer on the host page threw an uncaught error while the page clock ran \
                 {} s forward (spec I4): {threw}",
                span.as_secs_f64()
            ))),
            None => Ok(()),
        }
    }

    /// Whether the journal time `at_ms` fell in a run of the page clock (or just after it).
    pub(super) fn during_a_clock_run(&self, at_ms: u64) -> bool {
        self.clock_runs
            .iter()
            .any(|&(from, to)| (from..=to).contains(&at_ms))
    }

    /// Waits until the widget shows a contact in `state` within `bound`, a time the statement
    /// gives. On a page with a virtual clock, the clock first runs every timer due within the
    /// bound (the widget's give-up fires at once) and stays paused there, so no later timer of
    /// the page can run early; the wait then goes on in real time up to the same bound from
    /// the step's start, for a widget whose timer the page clock cannot reach (a worker,
    /// `AbortSignal.timeout`, its own iframe's timers): slower to judge, never failed wrongly.
    ///
    /// # Errors
    /// A timeout that says what the widget showed instead, or a timer of the page that threw
    /// while the clock ran (the widget's uncaught error, spec I4).
    pub async fn wait_for_contact_state_on_the_clock(
        &mut self,
        state: &str,
        bound: Duration,
    ) -> Result<ContactView> {
        if !self.virtual_clock {
            return self.wait_for_contact_state_within(state, bound).await;
        }
        let started = Instant::now();
        let client = self.client().await?.clone();
        let run = page_clock::run_for_and_pause(&client, bound).await?;
        let seen = match run.threw {
            Some(threw) => Err(SuiteError::Expectation(format!(
                "a timer on the host page threw an uncaught error while the page clock ran \
                 {} s forward (spec I4): {threw}",
                bound.as_secs_f64()
            ))),
            None => {
                self.wait_for_contact_state_within(state, bound.saturating_sub(started.elapsed()))
                    .await
            }
        };
        if run.installed {
            page_clock::resume(&client).await?;
        }
        seen
    }
}
