//! Where the browsers and drivers of a run are: the binaries to start for each engine (the
//! options `--geckodriver`, `--firefox`, …), or a WebDriver endpoint that is already running.

use std::path::PathBuf;

use super::Engine;

/// Where the browsers and drivers are: binaries to start, or a WebDriver endpoint to use.
#[derive(Debug, Clone)]
pub struct BrowserConfig {
    /// The geckodriver binary (`geckodriver` on PATH by default).
    pub geckodriver: PathBuf,
    /// The Firefox binary, when not the one geckodriver finds itself.
    pub firefox: Option<PathBuf>,
    /// The chromedriver binary (`chromedriver` on PATH by default).
    pub chromedriver: PathBuf,
    /// The Chromium binary, when not the one chromedriver finds itself.
    pub chromium: Option<PathBuf>,
    /// The WebKitWebDriver binary (`WebKitWebDriver` on PATH by default).
    pub webkitdriver: PathBuf,
    /// The MiniBrowser binary, when not the one WebKitWebDriver was built with.
    pub minibrowser: Option<PathBuf>,
    /// The Xvfb binary WebKit's display comes from (`Xvfb` on PATH by default).
    pub xvfb: PathBuf,
    /// A WebDriver endpoint that is already running (a Selenium Grid, a cloud service, a driver
    /// started by hand): sessions are created there and no driver is spawned.
    pub webdriver_url: Option<String>,
}

impl Default for BrowserConfig {
    fn default() -> Self {
        Self {
            geckodriver: PathBuf::from("geckodriver"),
            firefox: None,
            chromedriver: PathBuf::from("chromedriver"),
            chromium: None,
            webkitdriver: PathBuf::from("WebKitWebDriver"),
            minibrowser: None,
            xvfb: PathBuf::from("Xvfb"),
            webdriver_url: None,
        }
    }
}

impl BrowserConfig {
    pub(super) fn driver_binary(&self, engine: Engine) -> &std::path::Path {
        match engine {
            Engine::Firefox => &self.geckodriver,
            Engine::Chromium => &self.chromedriver,
            Engine::Webkit => &self.webkitdriver,
        }
    }

    pub(super) fn browser_binary(&self, engine: Engine) -> Option<&std::path::Path> {
        match engine {
            Engine::Firefox => self.firefox.as_deref(),
            Engine::Chromium => self.chromium.as_deref(),
            Engine::Webkit => self.minibrowser.as_deref(),
        }
    }
}
