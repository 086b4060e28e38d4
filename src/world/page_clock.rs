//! The World's use of the page clock: a step bounded by a statement's time runs the page's
//! timers forward to the bound instead of waiting it out, and still waits in real time for
//! what the page clock cannot reach.

use std::time::{Duration, Instant};

use super::HerodeskWorld;
use crate::{
    error::{Result, SuiteError},
    pages::{page_clock, widget_frame::ContactView},
};

impl HerodeskWorld {
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
