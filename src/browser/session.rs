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

/// Drivers not holding a session right now, reused by the next scenario.
#[derive(Debug)]
pub struct BrowserPool {
    config: BrowserConfig,
    profile_root: tempfile::TempDir,
    idle: Mutex<Vec<Driver>>,
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

    /// Opens a fresh browser session (no cookies, no storage) on an idle or new driver.
    ///
    /// # Errors
    /// [`SuiteError::Driver`] or [`SuiteError::Session`] with what to do about it.
    pub async fn open(&self) -> Result<Browser> {
        let idle = self.idle.lock().await.pop();
        let driver = match idle {
            Some(d) => d,
            None => {
                Driver::start_geckodriver(&self.config.geckodriver, self.profile_root.path())
                    .await?
            }
        };
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

    /// Closes the session and keeps its driver for the next one; a driver whose session does
    /// not close cleanly is stopped instead, so no browser is left behind.
    pub async fn close(&self, browser: Browser) {
        let Browser { client, driver } = browser;
        match client.close().await {
            Ok(()) => self.idle.lock().await.push(driver),
            Err(_) => driver.stop().await,
        }
    }

    /// Stops every idle driver.
    pub async fn shutdown(&self) {
        let drivers: Vec<Driver> = self.idle.lock().await.drain(..).collect();
        for d in drivers {
            d.stop().await;
        }
    }
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
