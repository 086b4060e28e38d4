//! A WebDriver server process (geckodriver, chromedriver or WebKitWebDriver) the suite starts
//! and stops itself.

use std::{
    ffi::OsString,
    os::unix::process::CommandExt as _,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use super::{
    Engine, reaper,
    tether::{self, Watchdog},
};
use crate::{
    browser::wait::{Probe, until},
    error::{Result, SuiteError},
};

/// How long a fresh driver may take to answer `/status`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// A running driver, registered with the reaper; dropping it stops it and its browser.
#[derive(Debug)]
pub struct Driver {
    engine: Engine,
    child: Child,
    /// Kills the driver's group if the suite dies without stopping it (SIGKILL).
    _watchdog: Option<Watchdog>,
    pid: u32,
    url: String,
    log: PathBuf,
}

impl Driver {
    /// Starts `engine`'s driver `binary` on a free loopback port, keeping browser profiles
    /// and its log under `profile_root`, with `env` added to its environment (WebKit's display
    /// and data folders), and waits until it answers `/status`.
    ///
    /// # Errors
    /// [`SuiteError::Driver`] with what to do when the binary is missing or does not come up.
    pub async fn start(
        engine: Engine,
        binary: &Path,
        profile_root: &Path,
        env: Vec<(OsString, OsString)>,
    ) -> Result<Self> {
        let port = free_port()?;
        let name = engine.driver_name();
        let log = profile_root.join(format!("{name}-{port}.log"));
        let log_file = std::fs::File::create(&log)
            .map_err(|e| SuiteError::Driver(format!("cannot create {}: {e}", log.display())))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| SuiteError::Driver(format!("cannot open {}: {e}", log.display())))?;
        let spawning = reaper::spawn_guard().map_err(|e| SuiteError::Driver(e.into()))?;
        let mut command = Command::new(binary);
        command
            .args(engine.driver_args(port, profile_root))
            .envs(env)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(log_err))
            // Its own process group: the terminal's Ctrl-C reaches only the suite, which stops
            // drivers in order (see reaper), and the browser can be stopped with its driver.
            .process_group(0);
        // Tied to the suite's life: it dies with the suite even on SIGKILL (see tether).
        let child = tether::spawn(command).map_err(|e| {
            SuiteError::Driver(if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "{name} was not found (looked for `{}`). {}",
                    binary.display(),
                    engine.install_hint()
                )
            } else {
                format!("cannot start {}: {e}", binary.display())
            })
        })?;
        let pid = child.id();
        reaper::register(pid, engine.driver_stops_browser());
        drop(spawning);
        // Before any browser exists (the session starts it): from then on a SIGKILL of the
        // suite takes the browser too. Without it the run still works, as before.
        let watchdog = Watchdog::start(pid)
            .map_err(|e| {
                eprintln!(
                    "no watchdog for {name} (a SIGKILL of the suite would leave its browser): {e}"
                )
            })
            .ok();
        let mut driver = Self {
            engine,
            child,
            _watchdog: watchdog,
            pid,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        driver.wait_until_ready().await?;
        Ok(driver)
    }

    /// The driver's pid, which is also its process group's id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The WebDriver endpoint, e.g. `http://127.0.0.1:4444`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The driver's own log (stdout and stderr), for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    async fn wait_until_ready(&mut self) -> Result<()> {
        let status_url = format!("{}/status", self.url);
        let http = reqwest::Client::new();
        let name = self.engine.driver_name();
        let result = until(
            &format!("{name} to answer /status"),
            STARTUP_TIMEOUT,
            || {
                let exited = self.child.try_wait().ok().flatten();
                let request = http.get(&status_url).timeout(Duration::from_secs(2)).send();
                async move {
                    if let Some(status) = exited {
                        return Err(SuiteError::Driver(format!("{name} exited with {status}")));
                    }
                    Ok(match request.await {
                        Ok(r) if r.status().is_success() => Probe::Ready(()),
                        Ok(r) => Probe::NotYet(format!("status {}", r.status())),
                        Err(e) => Probe::NotYet(e.to_string()),
                    })
                }
            },
        )
        .await;
        result.map_err(|e| {
            SuiteError::Driver(format!("{name} did not start: {e}\n{}", self.log_tail()))
        })
    }

    /// True while the driver process runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops the driver and its browser (SIGTERM, then SIGKILL after a grace period).
    pub async fn stop(mut self) {
        let pid = self.pid;
        let _ = tokio::task::spawn_blocking(move || reaper::terminate_group(pid)).await;
        // The group is dead (SIGKILL at the latest): reaped by the group's stop already, or
        // now, at once. The watchdog goes with `self`, after the group.
        let _ = self.child.wait();
        self.pid = 0;
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if self.pid != 0 {
            reaper::terminate_group(self.pid);
            let _ = self.child.wait();
        }
        // The watchdog field drops after this body: once the group is stopped.
    }
}

/// A port that was free a moment ago on loopback.
fn free_port() -> Result<u16> {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| SuiteError::Driver(format!("no free loopback port for a driver: {e}")))
}
