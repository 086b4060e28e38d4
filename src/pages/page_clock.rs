//! The host page's virtual clock (`?clock=virtual`, the mock's `site::page_clock`): runs the
//! page's timers forward instead of waiting them out.

use std::time::Duration;

use fantoccini::Client;
use serde::Deserialize;

use crate::error::{Result, SuiteError};

/// Runs the page clock forward by `span` (every timer due within it runs) and leaves it
/// paused there, and answers what the clock saw. Always on the page's top document.
const RUN_FOR_AND_PAUSE: &str = "var done = arguments[arguments.length - 1];
var clock = window.__herodeskPageClock;
if (!clock) { done({ installed: false }); return; }
clock.runFor(arguments[0]).then(function (r) {
  clock.pause();
  done({ installed: true, threw: r.threw || null });
}, function (e) { clock.pause(); done({ installed: true, threw: String(e) }); });";

/// Lets the page clock follow the real one again.
const RESUME: &str = "var clock = window.__herodeskPageClock; if (clock) clock.resume();";

/// What running the clock forward did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ClockRun {
    /// False when the page has no virtual clock (a page the widget navigated to, `--clock
    /// real`): nothing ran, the caller waits in real time.
    pub installed: bool,
    /// What a timer callback threw while the clock ran (the page would have seen it as an
    /// uncaught error).
    pub threw: Option<String>,
}

/// Runs the open page's virtual clock forward by `span` and pauses it there: a timer of the
/// page that comes due later must not run early while the caller waits in real time.
///
/// # Errors
/// A WebDriver error (the page is gone or does not answer).
pub async fn run_for_and_pause(client: &Client, span: Duration) -> Result<ClockRun> {
    let ms = u64::try_from(span.as_millis()).unwrap_or(u64::MAX);
    let answer = client
        .execute_async(RUN_FOR_AND_PAUSE, vec![serde_json::json!(ms)])
        .await
        .map_err(SuiteError::webdriver("running the page clock forward"))?;
    // A page that is not ours (the widget navigated away) answers something else: no clock.
    Ok(serde_json::from_value(answer).unwrap_or(ClockRun {
        installed: false,
        threw: None,
    }))
}

/// Lets the open page's virtual clock follow the real one again (nothing without one).
///
/// # Errors
/// A WebDriver error.
pub async fn resume(client: &Client) -> Result<()> {
    client
        .execute(RESUME, vec![])
        .await
        .map_err(SuiteError::webdriver("resuming the page clock"))?;
    Ok(())
}
