//! A browser session over WebDriver, with the capabilities that work on this machine, and a
//! pool of sessions reused between scenarios. Each local session has a driver process of its
//! own (geckodriver and WebKitWebDriver hold one session; a chromedriver each keeps Chromium's
//! processes in one group to stop); WebKit's pool also has one Xvfb its browsers draw on. With
//! a remote WebDriver endpoint nothing is spawned.

use fantoccini::Client;
use tokio::sync::Mutex;

pub use super::launch::session_timeouts;
use super::{BrowserConfig, Engine, display::Display, driver::Driver, reaper};
use crate::error::{Result, SuiteError};

/// A live browser session and, when the suite started it, the driver that holds it.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    driver: Option<Driver>,
    /// Where the session lives, for closing it on a signal (remote sessions).
    session_url: Option<String>,
    /// Chromium's profile folder or WebKit's data folder, removed with the browser.
    _profile: Option<tempfile::TempDir>,
}

/// A way to stop a browser from outside the scenario that holds it (its deadline passed):
/// its driver's process group, or its remote session.
#[derive(Debug, Clone)]
pub struct StopHandle {
    driver_group: Option<u32>,
    session_url: Option<String>,
}

impl StopHandle {
    /// Stops the browser: every later WebDriver call on it fails at once. Its holder still
    /// closes or discards it as usual.
    pub async fn stop(self) {
        if let Some(pgid) = self.driver_group {
            let _ = tokio::task::spawn_blocking(move || reaper::terminate_group(pgid)).await;
        }
        if let Some(url) = self.session_url {
            let _ = reqwest::Client::new()
                .delete(&url)
                .timeout(std::time::Duration::from_secs(5))
                .send()
                .await;
        }
    }
}

impl Browser {
    /// How to stop this browser from elsewhere ([`StopHandle`]).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle {
            driver_group: self.driver.as_ref().map(Driver::pid),
            session_url: self.session_url.clone(),
        }
    }

    /// Its driver's process group, holding its page processes (`None`: a remote browser).
    pub fn process_group(&self) -> Option<u32> {
        self.driver.as_ref().map(Driver::pid)
    }

    /// The WebDriver client, for page objects.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// True when the session still answers (its driver runs and the browser responds).
    async fn is_alive(&mut self) -> bool {
        if let Some(driver) = &mut self.driver
            && !driver.is_running()
        {
            return false;
        }
        tokio::time::timeout(std::time::Duration::from_secs(5), self.client.current_url())
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

/// Browsers not used by a scenario right now. A scenario's browser is reset (cookies and
/// storage of the host site cleared, blank page) and kept for the next scenario: a new Firefox
/// session costs about 2.5 s, a reset about 0.1 s, and every scenario still starts with no
/// cookies, no storage and its own workspace.
#[derive(Debug)]
pub struct BrowserPool {
    // Dropped in this order: the browsers, then the display they draw on, then the folder.
    idle: Mutex<Vec<Browser>>,
    /// Held while a browser starts ([`BrowserPool::open`]).
    starting: Mutex<()>,
    /// Told when a browser is given back or a start ends.
    changed: tokio::sync::Notify,
    /// WebKit's X display, started with the first browser that needs it.
    display: tokio::sync::OnceCell<Display>,
    engine: Engine,
    config: BrowserConfig,
    profile_root: tempfile::TempDir,
}

impl BrowserPool {
    /// A pool of `engine` browsers that keeps their profiles in a fresh temporary folder.
    ///
    /// # Errors
    /// [`SuiteError::Driver`] when the temporary folder cannot be made, or
    /// `HERODESK_BROWSER_MEMORY_MB` is not a number.
    pub fn new(engine: Engine, config: BrowserConfig) -> Result<Self> {
        // Before any browser starts: a page that eats memory must not take the machine.
        super::memory_ceiling::watch().map_err(SuiteError::Driver)?;
        let profile_root = super::run_folder::create()
            .map_err(|e| SuiteError::Driver(format!("cannot create a profile folder: {e}")))?;
        Ok(Self {
            idle: Mutex::new(Vec::new()),
            starting: Mutex::new(()),
            changed: tokio::sync::Notify::new(),
            display: tokio::sync::OnceCell::new(),
            engine,
            config,
            profile_root,
        })
    }

    /// A clean browser (no cookies, no storage): a reset idle one that still answers, or a new
    /// session. An idle browser that crashed since its last scenario is discarded and
    /// replaced, so one crash costs at most the scenario that was running.
    ///
    /// One browser starts at a time: a scenario that finds none idle while another is
    /// starting waits for whichever comes first, a browser given back or the start's end.
    /// So a browser is started only when none came free during the last start, which a
    /// small selection never repays (Firefox, 8 scenarios: 12 s at two at once, 17–20 s
    /// with four browsers starting together on 2 cores).
    ///
    /// # Errors
    /// [`SuiteError::Driver`] or [`SuiteError::Session`] with what to do about it.
    pub async fn open(&self) -> Result<Browser> {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            // Registered before looking, so a release between the look and the wait is seen.
            changed.as_mut().enable();
            if let Some(browser) = self.idle_alive().await {
                return Ok(browser);
            }
            if let Ok(lock) = self.starting.try_lock() {
                let _starting = Starting {
                    _lock: lock,
                    _wake: NotifyOnDrop(&self.changed),
                };
                return self.new_browser().await;
            }
            changed.await;
        }
    }

    /// An idle browser that still answers; the ones that stopped answering are discarded.
    async fn idle_alive(&self) -> Option<Browser> {
        loop {
            let mut browser = self.idle.lock().await.pop()?;
            if browser.is_alive().await {
                return Some(browser);
            }
            eprintln!(
                "browser: an idle {} session stopped answering; replacing it",
                self.engine
            );
            Self::discard(browser).await;
        }
    }

    async fn new_browser(&self) -> Result<Browser> {
        let engine = self.engine;
        // A fresh profile per Chromium session and a fresh data folder per WebKit one; a remote
        // driver makes its own.
        let profile = match (engine, &self.config.webdriver_url) {
            (Engine::Chromium | Engine::Webkit, None) => Some(
                tempfile::Builder::new()
                    .prefix(&format!("{engine}-profile-"))
                    .tempdir_in(self.profile_root.path())
                    .map_err(|e| {
                        SuiteError::Driver(format!("cannot create a {engine} profile: {e}"))
                    })?,
            ),
            _ => None,
        };
        let (driver, url) = match &self.config.webdriver_url {
            Some(url) => (None, url.trim_end_matches('/').to_owned()),
            None => {
                let display = self.display_env().await?;
                let env = match &profile {
                    Some(dir) => engine.driver_env(&display, dir.path()),
                    None => Vec::new(),
                };
                let driver = Driver::start(
                    engine,
                    self.config.driver_binary(engine),
                    self.profile_root.path(),
                    env,
                )
                .await?;
                let url = driver.url().to_owned();
                super::run_queue::watch_group(driver.pid());
                (Some(driver), url)
            }
        };
        // Chromium's profile is a capability; WebKit's folder went to the driver's environment.
        let user_data_dir = match engine {
            Engine::Chromium => profile.as_ref().map(tempfile::TempDir::path),
            _ => None,
        };
        let capabilities = engine.capabilities(self.config.browser_binary(engine), user_data_dir);
        let (client, driver, session_url) =
            super::launch::connect(engine, &url, capabilities, driver).await?;
        Ok(Browser {
            client,
            driver,
            session_url,
            _profile: profile,
        })
    }

    /// The environment that puts a browser on the pool's X display, starting Xvfb the first
    /// time; empty for engines that run headless.
    async fn display_env(&self) -> Result<Vec<(std::ffi::OsString, std::ffi::OsString)>> {
        if !self.engine.needs_display() {
            return Ok(Vec::new());
        }
        let display = self
            .display
            .get_or_try_init(|| Display::start(&self.config.xvfb, self.profile_root.path()))
            .await?;
        Ok(display.env())
    }

    /// Takes a browser back after a scenario: clears what the scenario left on the host
    /// site's origin (`site_origin`, the only origin the widget writes to) and keeps it for the
    /// next scenario. A browser that cannot be reset is closed and its driver stopped, so a
    /// broken one is never handed out again.
    pub async fn release(&self, browser: Browser, site_origin: &str) {
        // Bounded: a page that stopped answering would hold the reset for a page-load timeout
        // per command.
        let reset = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            reset(&browser.client, site_origin),
        )
        .await
        .unwrap_or_else(|_| {
            Err(SuiteError::Expectation(
                "the page did not answer within 20 s".into(),
            ))
        });
        // Whatever the reset gave, a scenario waiting for a browser looks again.
        let _wake = NotifyOnDrop(&self.changed);
        match reset {
            Ok(()) => self.idle.lock().await.push(browser),
            Err(e) => {
                // Said out loud: a reset that keeps failing silently costs a new browser per
                // scenario (it once did, unnoticed, in Firefox).
                eprintln!(
                    "browser: a {} session could not be reset ({e}); replacing it",
                    self.engine
                );
                Self::discard(browser).await;
            }
        }
    }

    /// Closes a browser that must not be reused (its page is stuck) and stops its driver.
    pub async fn discard(browser: Browser) {
        let Browser {
            client,
            driver,
            session_url,
            _profile,
        } = browser;
        // A crashed browser may never answer: bounded, so one crash cannot hang the run.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), client.close()).await;
        if let Some(session_url) = session_url {
            reaper::forget_remote(&session_url);
        }
        if let Some(driver) = driver {
            driver.stop().await;
        }
    }

    /// Closes every idle session and stops its driver.
    pub async fn shutdown(&self) {
        let browsers: Vec<Browser> = self.idle.lock().await.drain(..).collect();
        futures::future::join_all(browsers.into_iter().map(Self::discard)).await;
    }
}

/// Closes every window but the current one (a widget that opens pop-ups leaves them behind a
/// reset that only navigates; spec I7), and comes back to the current one.
async fn close_other_windows(
    client: &Client,
) -> std::result::Result<(), fantoccini::error::CmdError> {
    let windows = client.windows().await?;
    if windows.len() < 2 {
        return Ok(());
    }
    let current = client.window().await?;
    for window in windows.into_iter().filter(|w| *w != current) {
        client.switch_to_window(window).await?;
        client.close_window().await?;
    }
    client.switch_to_window(current).await
}

/// Clears cookies, `localStorage` and `sessionStorage` of `site_origin` (on a page of that
/// origin that runs no widget, where the browser stays) and checks that no cookie is left.
async fn reset(client: &Client, site_origin: &str) -> Result<()> {
    let webdriver = |doing: &str| SuiteError::webdriver(format!("resetting the browser: {doing}"));
    close_other_windows(client)
        .await
        .map_err(webdriver("closing windows the widget opened"))?;
    // Any page of the origin will do (a 404 is still that origin), so nothing of the widget runs.
    client
        .goto(&format!("{site_origin}/__reset__"))
        .await
        .map_err(webdriver("opening the host site"))?;
    client
        .execute("localStorage.clear(); sessionStorage.clear();", vec![])
        .await
        .map_err(webdriver("clearing storage"))?;
    // Deletes until no cookie is left (expired ones do not count: WebKitGTK lists a cookie the
    // widget deleted with `Max-Age=0` for the rest of that second), and fails with the names
    // of cookies that keep coming back; see `cookies::clear`.
    crate::browser::cookies::clear(client).await?;
    // The browser stays on that page, which runs no widget: every scenario starts by
    // navigating, so a further navigation to a blank page would only cost time.
    Ok(())
}

/// Wakes the scenarios waiting for a browser when dropped: at the end of a release, however
/// it ended, and of a start.
struct NotifyOnDrop<'a>(&'a tokio::sync::Notify);

impl Drop for NotifyOnDrop<'_> {
    fn drop(&mut self) {
        self.0.notify_waiters();
    }
}

/// The one start in progress: when it ends (or is given up), the lock is let go first and
/// then the waiting scenarios are woken, so the one that looks next may start another (a
/// struct's fields are dropped in the order they are declared).
struct Starting<'a> {
    _lock: tokio::sync::MutexGuard<'a, ()>,
    _wake: NotifyOnDrop<'a>,
}
