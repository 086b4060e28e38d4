//! What one run shares between its scenarios: the mock backend and the browser pool.

use std::sync::{Arc, RwLock};

use herodesk_mock::RunningMock;

use crate::{backend::Backend, browser::BrowserPool};

/// The shared context of a run.
#[derive(Debug)]
pub struct Suite {
    /// Client of the mock's API origin.
    pub backend: Backend,
    /// Browsers and drivers.
    pub pool: Arc<BrowserPool>,
    /// The in-process mock; kept alive for the run.
    pub mock: RunningMock,
    /// What to read from every page before the browser leaves it, if anything.
    pub harvest: Option<std::sync::Arc<crate::pages::harvest::Harvest>>,
    /// Gross breaches of a bad guest (spec I6–I8), recognised once for the whole run.
    pub guest_alarm: crate::guest::alarm::GuestAlarm,
    /// Pages crashed or browsers lost in the pass running now.
    pub pages_lost: crate::run::pages_lost::PagesLost,
}

/// The run in progress. cucumber builds each World with no arguments, so the World finds the
/// run's context here; the runner sets it before the scenarios start and clears it after.
static CURRENT: RwLock<Option<Arc<Suite>>> = RwLock::new(None);

/// The run in progress, if any.
pub fn current() -> Option<Arc<Suite>> {
    CURRENT.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Makes `suite` the run in progress (or none).
pub fn set_current(suite: Option<Arc<Suite>>) {
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = suite;
}
