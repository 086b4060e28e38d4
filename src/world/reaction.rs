//! A fast "no" (issue 21, item 5). What the widget does in answer to a command, a click, the
//! page's load or an answer of the backend, the contract gives it [`REACTION`] to do
//! (`docs/widget-contract.md`, "How soon"). A wait for such a reaction that has not seen it
//! says "no" once three things hold, not at the 10 s that infrastructure waits keep:
//! - the page has *run* for the bound: its main-thread heartbeat counted that much time, so a
//!   machine that stalled the browser gives the page its time back;
//! - the page has loaded (the widget's script has run) and no call of the scenario is in
//!   flight at the mock (a slow answer is the backend's time, not the widget's);
//! - the page's own timers [`NEVER_HORIZON`] ahead have run on the virtual clock, with a look
//!   after each stretch, and a short real look after that found nothing either.
//!
//! Whatever cannot be judged that way (no virtual clock, a call the scenario holds or that
//! does not end) waits the full [`DEFAULT_TIMEOUT`] in real time, as every wait did before.

use std::time::{Duration, Instant};

use super::{
    HerodeskWorld,
    nothing_pending::{Looked, NEVER_HORIZON},
};
use crate::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    error::{Result, SuiteError, WaitError},
    pages::{
        guest_watch::{self, BEAT, Liveliness},
        page_clock,
    },
};

/// The contract's reaction bound ("How soon"), in the page's running time.
pub const REACTION: Duration = Duration::from_secs(2);
/// The real time looked at last, after the page's timers ran ahead: for what the page clock
/// cannot reach (the widget frame's own timers, a worker).
const LAST_LOOK: Duration = Duration::from_millis(500);
/// How often a wait past the bound asks whether the page has run long enough.
const SLICE: Duration = Duration::from_millis(250);

impl HerodeskWorld {
    /// Waits until `probe` is ready, for a reaction of the widget the contract bounds by
    /// [`REACTION`]; see the module for when it says "no" early. With `--clock real` (or no
    /// browser yet) this is a plain wait of [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    /// A timeout naming `what`, the bound and the last thing seen; a timer of the page that
    /// threw while the clock ran (I4); the probe's own errors.
    pub async fn react<T, F, Fut>(&self, what: &str, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Probe<T>>>,
    {
        let client = match self.open_client() {
            Some(client) if self.virtual_clock => client.clone(),
            _ => return until(what, DEFAULT_TIMEOUT, probe).await,
        };
        let started = Instant::now();
        let from = guest_watch::liveliness(&client).await?;
        let mut slice = REACTION;
        loop {
            let left = DEFAULT_TIMEOUT.saturating_sub(started.elapsed());
            match until(what, slice.min(left), &mut probe).await {
                Err(SuiteError::Timeout(last)) if started.elapsed() >= DEFAULT_TIMEOUT => {
                    return Err(WaitError {
                        timeout: started.elapsed(),
                        ..last
                    }
                    .into());
                }
                Err(SuiteError::Timeout(_)) => {}
                done => return done,
            }
            let now = guest_watch::liveliness(&client).await?;
            if now.loaded
                && ran_for(from, now, started) >= REACTION
                && self.calls_answered_within(Duration::ZERO).await?
            {
                break;
            }
            slice = SLICE;
        }
        let looked = self
            .look_ahead_on_the_clock(&client, &mut probe, |seen| match seen {
                Probe::Ready(value) => Some(value),
                Probe::NotYet(_) => None,
            })
            .await;
        // The clock follows the real one again whatever the look found.
        let resumed = page_clock::resume(&client).await;
        let last_look = match looked {
            Ok(Looked::Stopped(value)) => return resumed.map(|()| value),
            Ok(Looked::Ahead) => LAST_LOOK,
            Ok(Looked::NeedsRealTime) => DEFAULT_TIMEOUT.saturating_sub(started.elapsed()),
            Err(e) => return Err(e),
        };
        resumed?;
        match until(what, last_look, probe).await {
            Err(SuiteError::Timeout(last)) => Err(WaitError {
                what: format!(
                    "{what} (the contract's reaction bound: {} s of the page's running time, \
                     then its timers {} s ahead with no call in flight)",
                    REACTION.as_secs(),
                    NEVER_HORIZON.as_secs()
                ),
                timeout: started.elapsed(),
                last_seen: last.last_seen,
            }
            .into()),
            done => done,
        }
    }
}

/// How long the page has run its own code since `from`, by its heartbeat: a page loaded anew
/// counts from its own start, and a page without the heartbeat (not a host page) by the real
/// time since `started`.
fn ran_for(from: Liveliness, now: Liveliness, started: Instant) -> Duration {
    match (from.beats, now.beats) {
        (Some(before), Some(beats)) if beats >= before => BEAT * (beats - before) as u32,
        (_, Some(beats)) => BEAT * beats as u32,
        _ => started.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(beats: Option<u64>) -> Liveliness {
        Liveliness {
            beats,
            loaded: true,
        }
    }

    #[test]
    fn the_page_runs_for_its_heartbeats_not_for_the_clock_on_the_wall() {
        let long_ago = Instant::now() - Duration::from_secs(60);
        assert_eq!(
            ran_for(at(Some(100)), at(Some(140)), long_ago),
            Duration::from_secs(2)
        );
        // A stalled page beat 4 times in a minute: it ran 200 ms.
        assert_eq!(
            ran_for(at(Some(100)), at(Some(104)), long_ago),
            Duration::from_millis(200)
        );
        // A page loaded anew counts from its own start.
        assert_eq!(
            ran_for(at(Some(100)), at(Some(10)), long_ago),
            Duration::from_millis(500)
        );
        assert!(ran_for(at(None), at(None), long_ago) >= Duration::from_secs(60));
    }
}
