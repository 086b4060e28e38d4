//! "Never" decided once nothing pending could still make it happen (issue 21): on a page with
//! a virtual clock, the widget's timers due within a horizon are run on the clock, with a
//! look after each stretch and the scenario's calls answered before the next, then a short
//! real settle. Stronger than a fixed real window (a timer at 1.6 s is caught, where a 1.5 s
//! window missed it) and shorter. Where the clock cannot serve (no clock, a call the scenario
//! holds, a call that does not end) the watch falls back to the real window.

use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::{
    browser::wait::{DEFAULT_TIMEOUT, POLL_INTERVAL, holds, settled},
    error::{Result, SuiteError},
    pages::page_clock,
    world::contact_watch::NEVER_FOR,
};

use super::HerodeskWorld;

/// How far ahead a "never" looks on the virtual clock: twice the real window it replaces.
pub const NEVER_HORIZON: Duration = Duration::from_secs(3);
/// The stretch of virtual time run between two looks.
const LOOK_EVERY: Duration = Duration::from_millis(500);
/// How long the scenario's calls in flight may take to be answered before the watch stops
/// running the clock and watches in real time instead.
const ANSWERS_WITHIN: Duration = Duration::from_secs(2);
/// The real time watched after the clock ran: for answers still on their way and for timers
/// the page clock cannot reach (a worker, `AbortSignal.timeout`, another window's timers).
pub const SETTLE: Duration = Duration::from_millis(300);

/// What running the page's timers ahead found.
pub(super) enum Looked<R> {
    /// The look's probe stopped it with what it saw.
    Stopped(R),
    /// Every timer within the horizon ran, with the scenario's calls answered between.
    Ahead,
    /// The clock could not serve (no clock, a held or endless call): go on in real time.
    NeedsRealTime,
}

impl HerodeskWorld {
    /// Watches that something never happens: `probe` answers `Some(what happened)` the
    /// moment it does, and the watch fails at once with that sentence. On a virtual clock
    /// the page's timers within [`NEVER_HORIZON`] run first (see the module), then
    /// [`SETTLE`] of real time; otherwise (and when a call of the scenario is held or does
    /// not end) the watch lasts [`NEVER_FOR`] of real time, as it always did.
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] with what `probe` saw, a timer of the page that threw
    /// while the clock ran (I4), or the probe's error.
    pub async fn watch_never<F, Fut>(&mut self, what: &str, mut probe: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<String>>>,
    {
        if !self.virtual_clock {
            return holds(what, NEVER_FOR, probe).await;
        }
        let client = self.client().await?.clone();
        let looked = self
            .look_ahead_on_the_clock(&client, &mut probe, |seen| seen)
            .await;
        // The clock follows the real one again whatever the look found.
        let resumed = page_clock::resume(&client).await;
        let window = match looked? {
            Looked::Stopped(seen) => {
                return Err(SuiteError::Expectation(format!(
                    "expected {what}, but {seen}"
                )));
            }
            Looked::Ahead => SETTLE,
            Looked::NeedsRealTime => NEVER_FOR,
        };
        resumed?;
        holds(what, window, probe).await
    }

    /// The value `read` settles on once the work pending on the page has run: on a virtual
    /// clock, the page's timers within [`NEVER_HORIZON`] run first and the value must then
    /// stay the same for [`SETTLE`]; otherwise it must stay the same for `quiet`.
    ///
    /// # Errors
    /// A timeout when the value never settles, a timer of the page that threw (I4), or the
    /// read's error.
    pub async fn settled_after_pending<T, F, Fut>(
        &mut self,
        what: &str,
        quiet: Duration,
        mut read: F,
    ) -> Result<T>
    where
        T: PartialEq + std::fmt::Debug,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        if !self.virtual_clock {
            return settled(what, quiet, DEFAULT_TIMEOUT, read).await;
        }
        let client = self.client().await?.clone();
        let looked = self
            .look_ahead_on_the_clock(&client, &mut || async { Ok(None::<()>) }, |x| x)
            .await;
        let resumed = page_clock::resume(&client).await;
        let quiet = match looked? {
            Looked::Ahead | Looked::Stopped(()) => SETTLE,
            Looked::NeedsRealTime => quiet,
        };
        resumed?;
        settled(what, quiet, DEFAULT_TIMEOUT, &mut read).await
    }

    /// Runs the page clock forward in stretches up to [`NEVER_HORIZON`], looking after each
    /// (what `stop` makes of `probe`'s answer, when `Some`, stops the look), and leaves it paused: the caller resumes it.
    pub(super) async fn look_ahead_on_the_clock<X, R, F, Fut>(
        &self,
        client: &Client,
        probe: &mut F,
        stop: impl Fn(X) -> Option<R>,
    ) -> Result<Looked<R>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<X>>,
    {
        let mut ran = Duration::ZERO;
        loop {
            if let Some(seen) = stop(probe().await?) {
                return Ok(Looked::Stopped(seen));
            }
            if ran >= NEVER_HORIZON {
                return Ok(Looked::Ahead);
            }
            if !self.calls_answered_within(ANSWERS_WITHIN).await? {
                return Ok(Looked::NeedsRealTime);
            }
            let run = page_clock::run_for_and_pause(client, LOOK_EVERY).await?;
            if !run.installed {
                return Ok(Looked::NeedsRealTime);
            }
            if let Some(threw) = run.threw {
                return Err(SuiteError::Expectation(format!(
                    "a timer on the host page threw an uncaught error while the page clock ran \
                     forward (spec I4): {threw}"
                )));
            }
            ran += LOOK_EVERY;
        }
    }

    /// Waits until no call of the scenario is in flight, up to `within`: false when one is
    /// still open then, or at once when the scenario holds or delays one (its own timing
    /// is then part of the scenario, and the clock must not run past it).
    pub(super) async fn calls_answered_within(&self, within: Duration) -> Result<bool> {
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let until = Instant::now() + within;
        loop {
            let calls = backend.journal(&wid, None, 0).await?;
            let mut open = calls.iter().filter(|c| c.in_flight).peekable();
            if open.peek().is_none() {
                return Ok(true);
            }
            if open.any(|c| c.fault.is_some()) || Instant::now() >= until {
                return Ok(false);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }
}
