//! Opening a session on a driver: the capabilities sent, the window size and WebDriver
//! timeouts every session gets, a remote session registered for cleanup, and a driver's
//! refusal turned into a sentence that says what to do.

use fantoccini::{Client, ClientBuilder, error::NewSessionError};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value};

use super::{Engine, driver::Driver, reaper};
use crate::error::{Result, SuiteError};

/// Every session's window size, width and height (see where it is set).
pub const WINDOW: (u32, u32) = (1280, 900);

/// Opens a session at `url` (on `driver` when the suite started one) and sets it up; on any
/// failure the driver is stopped. Returns the client, the driver and, for a remote
/// endpoint, the session's URL (registered with the reaper).
///
/// # Errors
/// [`SuiteError::Session`] with what to do about it.
pub(super) async fn connect(
    engine: Engine,
    url: &str,
    capabilities: Map<String, Value>,
    driver: Option<Driver>,
) -> Result<(Client, Option<Driver>, Option<String>)> {
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    let client = match builder.connect(url).await {
        Ok(client) => client,
        Err(e) => {
            let log = driver.as_ref().map(Driver::log_tail).unwrap_or_default();
            let message = explain_session_error(engine, url, &e, &log);
            if let Some(driver) = driver {
                driver.stop().await;
            }
            return Err(SuiteError::Session(message));
        }
    };
    // One viewport for every engine: headless Chromium's default is too short for the open
    // chat panel, so its close button would sit above the top edge. And no WebDriver wait is
    // unbounded (the defaults are 300 s page loads): a page that never loads or a script that
    // never returns fails the command in time.
    let setup = match client.set_window_size(WINDOW.0, WINDOW.1).await {
        Err(e) => Err(format!("cannot size the {engine} window: {e}")),
        Ok(()) => client
            .update_timeouts(session_timeouts())
            .await
            .map_err(|e| format!("cannot set the {engine} session's timeouts: {e}")),
    };
    if let Err(why) = setup {
        let _ = client.close().await;
        if let Some(driver) = driver {
            driver.stop().await;
        }
        return Err(SuiteError::Session(why));
    }
    let session_url = match (&driver, client.session_id().await) {
        (None, Ok(Some(id))) => {
            let session_url = format!("{url}/session/{id}");
            reaper::register_remote(&session_url);
            Some(session_url)
        }
        _ => None,
    };
    Ok((client, driver, session_url))
}

/// The timeouts of every session: scripts the suite runs 10 s, page loads 20 s, no implicit
/// wait (the suite waits on conditions itself).
pub fn session_timeouts() -> fantoccini::wd::TimeoutConfiguration {
    fantoccini::wd::TimeoutConfiguration::new(
        Some(std::time::Duration::from_secs(10)),
        Some(std::time::Duration::from_secs(20)),
        Some(std::time::Duration::ZERO),
    )
}

/// Turns fantoccini's session errors into a sentence that says what to do.
fn explain_session_error(
    engine: Engine,
    url: &str,
    e: &NewSessionError,
    driver_log: &str,
) -> String {
    let detail = match e {
        NewSessionError::NotW3C(v) => v.to_string(),
        NewSessionError::SessionNotCreated(wd) => wd.to_string(),
        other => other.to_string(),
    };
    let hint = if detail.contains("Process unexpectedly closed")
        || detail.contains("binary")
        || detail.contains("Chrome instance exited")
        || detail.contains("failed to start")
    {
        engine.browser_hint()
    } else if matches!(
        e,
        NewSessionError::Lost(_)
            | NewSessionError::Failed(_)
            | NewSessionError::FailedC(_)
            | NewSessionError::BadWebdriverUrl(_)
    ) {
        "nothing answers at the WebDriver endpoint (check WEBDRIVER_URL and that the server runs)."
    } else if detail.contains("Session is already started") {
        "the driver still holds an earlier session (a client was not closed)."
    } else {
        "the WebDriver server refused to create a browser session."
    };
    format!(
        "cannot open a {engine} session at {url}: {hint}\n  driver said: {detail}\n  driver log:\n{driver_log}"
    )
}
