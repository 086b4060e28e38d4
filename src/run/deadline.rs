//! A scenario's deadline (`--scenario-timeout`). cucumber cannot cancel a scenario, so when
//! the deadline passes the scenario's browser is stopped: every WebDriver call its steps make
//! then fails at once, a browser the scenario would open later is refused, the scenario
//! fails as the widget's ("did not finish within its deadline"), and its browser is replaced
//! for the next scenario. The run goes on.
//!
//! The same stop comes early when another scenario trips the run's bad-guest alarm
//! ([`crate::guest::alarm`]): the scenario is then charged with that breach, not with its time.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::sync::watch;

use crate::{
    browser::session::StopHandle,
    guest::{Breach, alarm},
};

/// The default `--scenario-timeout`: the slowest honest scenario waits out timeouts of the
/// widget (8 s) and of the suite (20 s page loads) a few times over.
pub const DEFAULT_SCENARIO_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Default)]
struct Shared {
    expired: AtomicBool,
    /// The bad guest's breach, when the run's alarm stopped the scenario before its time.
    alarm: Mutex<Option<Breach>>,
    /// The scenario's browser, to stop when the deadline passes.
    target: Mutex<Option<StopHandle>>,
}

/// One scenario's deadline; the timer stops when this is dropped (the scenario ended).
#[derive(Debug)]
pub struct Deadline {
    limit: Duration,
    shared: Arc<Shared>,
    timer: tokio::task::JoinHandle<()>,
}

impl Deadline {
    /// Starts the clock: `limit` from now.
    pub fn start(limit: Duration) -> Self {
        Self::start_or_on_alarm(limit, watch::channel(None).1)
    }

    /// Starts the clock: `limit` from now, or sooner, the moment `alarm` names a breach.
    pub fn start_or_on_alarm(limit: Duration, mut alarm: watch::Receiver<Option<Breach>>) -> Self {
        let shared = Arc::new(Shared::default());
        let watched = shared.clone();
        let timer = tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(limit) => {}
                // The borrow of the channel ends here: it must not be held across an await.
                heard = async { alarm.wait_for(Option::is_some).await.map(|b| b.clone()) } => match heard {
                    Ok(breach) => {
                        *watched.alarm.lock().unwrap_or_else(|e| e.into_inner()) = breach;
                    }
                    // The run is over: only the limit is left.
                    Err(_) => tokio::time::sleep(limit).await,
                },
            }
            watched.expired.store(true, Ordering::SeqCst);
            let target = watched
                .target
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            if let Some(target) = target {
                target.stop().await;
            }
        });
        Self {
            limit,
            shared,
            timer,
        }
    }

    /// The browser to stop at the deadline (stopped at once if it has passed already).
    pub async fn watch(&self, target: StopHandle) {
        if self.expired() {
            target.stop().await;
            return;
        }
        *self.shared.target.lock().unwrap_or_else(|e| e.into_inner()) = Some(target);
    }

    /// True once the deadline has passed (or the alarm stopped the scenario).
    pub fn expired(&self) -> bool {
        self.shared.expired.load(Ordering::SeqCst)
    }

    /// The breach another scenario tripped the run's alarm with, if that stopped this one:
    /// charged as a scenario not run to its end.
    pub fn alarm(&self) -> Option<Breach> {
        if !self.expired() {
            return None;
        }
        let breach = self.shared.alarm.lock().unwrap_or_else(|e| e.into_inner());
        breach.as_ref().map(alarm::not_run)
    }

    /// What a scenario past its deadline says.
    pub fn message(&self) -> String {
        if let Some(breach) = self.alarm() {
            return format!("{}: {}", breach.spec, breach.words);
        }
        format!(
            "the scenario did not finish within its deadline of {} s (--scenario-timeout): \
             its browser was stopped and is replaced (does the widget keep the page too busy?)",
            self.limit.as_secs()
        )
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.timer.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_deadline_expires_after_its_limit_and_not_before() {
        let d = Deadline::start(Duration::from_millis(100));
        assert!(!d.expired());
        let until = tokio::time::Instant::now() + Duration::from_secs(5);
        while !d.expired() && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(d.expired());
        assert!(d.message().contains("deadline of 0 s"), "{}", d.message());
        assert_eq!(d.alarm(), None);
    }

    #[tokio::test]
    async fn the_alarm_stops_a_scenario_at_once_and_names_the_breach() {
        let (tx, rx) = watch::channel(None);
        let d = Deadline::start_or_on_alarm(Duration::from_secs(600), rx);
        tokio::task::yield_now().await;
        assert!(!d.expired());
        tx.send_replace(Some(Breach {
            spec: "I6",
            words: "held".into(),
        }));
        let until = tokio::time::Instant::now() + Duration::from_secs(5);
        while !d.expired() && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(d.expired());
        assert_eq!(d.alarm().map(|b| b.spec), Some("I6"));
        assert!(
            d.message()
                .starts_with("I6: held (seen in an earlier scenario"),
            "{}",
            d.message()
        );
    }
}
