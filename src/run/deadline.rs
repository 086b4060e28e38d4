//! A scenario's deadline (`--scenario-timeout`). cucumber cannot cancel a scenario, so when
//! the deadline passes the scenario's browser is stopped: every WebDriver call its steps make
//! then fails at once, a browser the scenario would open later is refused, the scenario
//! fails as the widget's ("did not finish within its deadline"), and its browser is replaced
//! for the next scenario. The run goes on.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use crate::browser::session::StopHandle;

/// The default `--scenario-timeout`: the slowest honest scenario waits out timeouts of the
/// widget (8 s) and of the suite (20 s page loads) a few times over.
pub const DEFAULT_SCENARIO_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Default)]
struct Shared {
    expired: AtomicBool,
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
        let shared = Arc::new(Shared::default());
        let watched = shared.clone();
        let timer = tokio::spawn(async move {
            tokio::time::sleep(limit).await;
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

    /// True once the deadline has passed.
    pub fn expired(&self) -> bool {
        self.shared.expired.load(Ordering::SeqCst)
    }

    /// What a scenario past its deadline says.
    pub fn message(&self) -> String {
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
    }
}
