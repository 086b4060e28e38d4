//! The host page's virtual clock (`?clock=virtual`, the mock's `site::page_clock`): runs the
//! page's timers forward instead of waiting them out.

use std::time::Duration;

use fantoccini::Client;
use serde::Deserialize;

use crate::error::{Result, SuiteError};

/// Runs the page clock forward by `arguments[0]` ms (every timer due within it runs), pauses
/// it there when `arguments[1]`, and answers what the clock saw. Always on the page's top
/// document.
const RUN_FOR: &str = "var done = arguments[arguments.length - 1];
var clock = window.__herodeskPageClock, pause = arguments[1];
if (!clock) { done({ installed: false }); return; }
clock.runFor(arguments[0]).then(function (r) {
  if (pause) clock.pause();
  done({ installed: true, threw: r.threw || null });
}, function (e) { if (pause) clock.pause(); done({ installed: true, threw: String(e) }); });";

/// How far one script runs the clock. WebKitWebDriver times an async script with the page's
/// own `setTimeout`, which the page clock replaces: a single run past the session's script
/// timeout (10 s, [`crate::browser::launch::session_timeouts`]) would fire the driver's
/// timeout and end the script (seen: "script timed out after 10000ms" in 0.3 s).
const STEP: Duration = Duration::from_secs(2);

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
    let mut left = span;
    loop {
        let step = left.min(STEP);
        left -= step;
        let last = left.is_zero();
        let ms = u64::try_from(step.as_millis()).unwrap_or(u64::MAX);
        let answer = client
            .execute_async(
                RUN_FOR,
                vec![serde_json::json!(ms), serde_json::json!(last)],
            )
            .await
            .map_err(SuiteError::webdriver("running the page clock forward"))?;
        // A page that is not ours (the widget navigated away) answers something else.
        let run = serde_json::from_value(answer).unwrap_or(ClockRun {
            installed: false,
            threw: None,
        });
        if last || !run.installed || run.threw.is_some() {
            return Ok(run);
        }
    }
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
