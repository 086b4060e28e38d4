//! A browser session over WebDriver, with the capabilities that work on this machine, and a
//! pool of drivers so each concurrent scenario has its own geckodriver (one session each).

use std::path::PathBuf;

use fantoccini::{Client, ClientBuilder, error::NewSessionError};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

use super::driver::Driver;
use crate::error::{Result, SuiteError};

/// Where the browser and driver binaries are.
#[derive(Debug, Clone)]
pub struct BrowserConfig {
    /// The geckodriver binary (`geckodriver` on PATH by default).
    pub geckodriver: PathBuf,
    /// The Firefox binary, when not the one geckodriver finds itself.
    pub firefox: Option<PathBuf>,
}

/// A live browser session and the driver that holds it.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    driver: Driver,
}

impl Browser {
    /// The WebDriver client, for page objects.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// Browsers not used by a scenario right now. A scenario's browser is reset (cookies and
/// storage of the host site cleared, blank page) and kept for the next scenario: a new Firefox
/// session costs about 2.5 s, a reset about 0.1 s, and every scenario still starts with no
/// cookies, no storage and its own workspace.
#[derive(Debug)]
pub struct BrowserPool {
    config: BrowserConfig,
    profile_root: tempfile::TempDir,
    idle: Mutex<Vec<Browser>>,
}

impl BrowserPool {
    /// A pool that keeps its browser profiles in a fresh temporary folder.
    ///
    /// # Errors
    /// [`SuiteError::Driver`] when the temporary folder cannot be made.
    pub fn new(config: BrowserConfig) -> Result<Self> {
        let profile_root = tempfile::Builder::new()
            .prefix("herodesk-conformance-")
            .tempdir()
            .map_err(|e| SuiteError::Driver(format!("cannot create a profile folder: {e}")))?;
        Ok(Self {
            config,
            profile_root,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// A clean browser (no cookies, no storage): a reset idle one, or a new session on a new
    /// driver.
    ///
    /// # Errors
    /// [`SuiteError::Driver`] or [`SuiteError::Session`] with what to do about it.
    pub async fn open(&self) -> Result<Browser> {
        if let Some(browser) = self.idle.lock().await.pop() {
            return Ok(browser);
        }
        let driver =
            Driver::start_geckodriver(&self.config.geckodriver, self.profile_root.path()).await?;
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(firefox_capabilities(&self.config));
        match builder.connect(driver.url()).await {
            Ok(client) => Ok(Browser { client, driver }),
            Err(e) => {
                let message = explain_session_error(&e, &driver.log_tail());
                driver.stop().await;
                Err(SuiteError::Session(message))
            }
        }
    }

    /// Takes a browser back after a scenario: clears what the scenario left on the host
    /// site's origin (`site_origin`, the only origin the widget writes to) and keeps it for the
    /// next scenario. A browser that cannot be reset is closed and its driver stopped, so a
    /// broken one is never handed out again.
    pub async fn release(&self, browser: Browser, site_origin: &str) {
        match reset(&browser.client, site_origin).await {
            Ok(()) => self.idle.lock().await.push(browser),
            Err(_) => Self::discard(browser).await,
        }
    }

    async fn discard(browser: Browser) {
        let Browser { client, driver } = browser;
        let _ = client.close().await;
        driver.stop().await;
    }

    /// Closes every idle session and stops its driver.
    pub async fn shutdown(&self) {
        let browsers: Vec<Browser> = self.idle.lock().await.drain(..).collect();
        for b in browsers {
            Self::discard(b).await;
        }
    }
}

/// Clears cookies, `localStorage` and `sessionStorage` of `site_origin`, then leaves the
/// browser on a blank page, and checks that no cookie is left.
async fn reset(client: &Client, site_origin: &str) -> Result<()> {
    let webdriver = |doing: &str| SuiteError::webdriver(format!("resetting the browser: {doing}"));
    // Any page of the origin will do (a 404 is still that origin), so nothing of the widget runs.
    client
        .goto(&format!("{site_origin}/__reset__"))
        .await
        .map_err(webdriver("opening the host site"))?;
    client
        .delete_all_cookies()
        .await
        .map_err(webdriver("deleting cookies"))?;
    client
        .execute("localStorage.clear(); sessionStorage.clear();", vec![])
        .await
        .map_err(webdriver("clearing storage"))?;
    let left = client
        .get_all_cookies()
        .await
        .map_err(webdriver("reading cookies"))?;
    if !left.is_empty() {
        return Err(SuiteError::Session(format!(
            "{} cookie(s) survived a reset",
            left.len()
        )));
    }
    client
        .goto("about:blank")
        .await
        .map_err(webdriver("opening a blank page"))
}

fn firefox_capabilities(config: &BrowserConfig) -> Map<String, Value> {
    let mut options = json!({
        "args": ["-headless"],
        "prefs": {
            // Offline machine: no update checks or telemetry pings to wait on.
            "app.update.enabled": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false
        }
    });
    if let Some(binary) = &config.firefox {
        options["binary"] = json!(binary);
    }
    let mut caps = Map::new();
    caps.insert("browserName".into(), json!("firefox"));
    caps.insert("moz:firefoxOptions".into(), options);
    caps
}

/// Turns fantoccini's session errors into a sentence that says what to do.
fn explain_session_error(e: &NewSessionError, driver_log: &str) -> String {
    let detail = match e {
        NewSessionError::NotW3C(v) => v.to_string(),
        NewSessionError::SessionNotCreated(wd) => wd.to_string(),
        other => other.to_string(),
    };
    let hint = if detail.contains("Process unexpectedly closed") || detail.contains("binary") {
        "Firefox could not start. Install Firefox ESR (`apt-get install firefox-esr`), or set \
         HERODESK_FIREFOX to a Firefox binary; it must be able to run headless."
    } else if detail.contains("Session is already started") {
        "the driver still holds an earlier session (a client was not closed)."
    } else {
        "the WebDriver server refused to create a browser session."
    };
    format!(
        "cannot open a Firefox session: {hint}\n  driver said: {detail}\n  driver log:\n{driver_log}"
    )
}
