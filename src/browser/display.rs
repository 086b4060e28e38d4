//! A private X display (Xvfb) for the engines that cannot run headless (WebKitGTK's
//! MiniBrowser). One per browser pool: started when its first browser needs it, stopped with
//! the pool, and registered with the reaper so a signal stops it like a driver.
//!
//! Xvfb picks a free display number itself (`-displayfd`), so runs side by side never race
//! for one; it listens on no TCP port (`-nolisten tcp`), and only clients that hold the
//! run's fresh cookie (an Xauthority file in the pool's folder) may connect.

use std::{
    ffi::OsString,
    io::Write,
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, ChildStdout, Command},
};

use super::reaper;
use crate::error::{Result, SuiteError};

/// How long Xvfb may take to say which display it opened.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);

/// The screen: larger than the 1280×900 window every engine gets, so nothing is clipped.
const SCREEN: &str = "1920x1080x24";

/// A running Xvfb; dropping it stops it.
#[derive(Debug)]
pub struct Display {
    child: Child,
    pid: u32,
    number: u32,
    auth_file: PathBuf,
    /// Xvfb's stdout, where it wrote the display number: kept open so a later write there
    /// cannot kill it with SIGPIPE.
    _stdout: ChildStdout,
    /// Kills Xvfb's group if the suite dies without stopping it (SIGKILL; see
    /// [`super::tether`]).
    _watchdog: Option<super::tether::Watchdog>,
}

impl Display {
    /// Starts `xvfb` (a binary name or path) with a fresh auth file in `folder`, and waits until
    /// it accepts connections (it writes its display number only then).
    ///
    /// # Errors
    /// [`SuiteError::Driver`] saying what to install, or why Xvfb did not come up.
    pub async fn start(xvfb: &Path, folder: &Path) -> Result<Self> {
        let auth_file = folder.join("Xauthority");
        write_auth_file(&auth_file)?;
        let log = folder.join("Xvfb.log");
        let log_file = std::fs::File::create(&log)
            .map_err(|e| SuiteError::Driver(format!("cannot create {}: {e}", log.display())))?;
        let spawning = reaper::spawn_guard().map_err(|e| SuiteError::Driver(e.into()))?;
        let mut child = Command::new(xvfb)
            .arg("-displayfd")
            .arg("1")
            .args(["-nolisten", "tcp", "-screen", "0", SCREEN, "-auth"])
            .arg(&auth_file)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            // Its own process group, like a driver: Ctrl-C reaches only the suite, which stops
            // it after the browsers that draw on it.
            .process_group(0)
            .spawn()
            .map_err(|e| {
                SuiteError::Driver(if e.kind() == std::io::ErrorKind::NotFound {
                    format!(
                        "Xvfb was not found (looked for `{}`); WebKit needs an X display. \
                         Install it with `apt-get install xvfb`, or run \
                         scripts/install-deps.sh.",
                        xvfb.display()
                    )
                } else {
                    format!("cannot start {}: {e}", xvfb.display())
                })
            })?;
        let pid = child
            .id()
            .ok_or_else(|| SuiteError::Driver("Xvfb exited at once".into()))?;
        reaper::register(pid, true);
        drop(spawning);
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut line = String::new();
        let read = tokio::time::timeout(STARTUP_TIMEOUT, stdout.read_line(&mut line)).await;
        let number = match read {
            Ok(Ok(_)) => line.trim().parse::<u32>().ok(),
            _ => None,
        };
        let Some(number) = number else {
            reaper::terminate_group(pid);
            let _ = child.wait().await;
            let log_text = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(SuiteError::Driver(format!(
                "Xvfb did not open a display within {} s (it said: {:?})\n{log_text}",
                STARTUP_TIMEOUT.as_secs(),
                line.trim()
            )));
        };
        let watchdog = super::tether::Watchdog::start(pid)
            .map_err(|e| {
                eprintln!("no watchdog for Xvfb (a SIGKILL of the suite would leave it): {e}")
            })
            .ok();
        Ok(Self {
            child,
            pid,
            number,
            auth_file,
            _stdout: stdout.into_inner(),
            _watchdog: watchdog,
        })
    }

    /// The environment a client needs to draw on this display: `DISPLAY` and `XAUTHORITY`.
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        vec![
            ("DISPLAY".into(), format!(":{}", self.number).into()),
            ("XAUTHORITY".into(), self.auth_file.clone().into_os_string()),
        ]
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        reaper::terminate_group(self.pid);
        let _ = self.child.try_wait();
    }
}

/// Writes an Xauthority file with one random MIT-MAGIC-COOKIE-1 for any display of this
/// host (family "wild"): the display number is only known once Xvfb runs, and Xvfb accepts
/// the cookies of its `-auth` file whatever display they name.
fn write_auth_file(path: &Path) -> Result<()> {
    let failed = |e: std::io::Error| {
        SuiteError::Driver(format!(
            "cannot write the X auth file {}: {e}",
            path.display()
        ))
    };
    let mut cookie = [0u8; 16];
    std::io::Read::read_exact(
        &mut std::fs::File::open("/dev/urandom").map_err(failed)?,
        &mut cookie,
    )
    .map_err(failed)?;
    let mut file = std::fs::File::create(path).map_err(failed)?;
    file.write_all(&auth_entry(&cookie)).map_err(failed)
}

/// One Xauthority entry: family, address, display number, auth name, auth data, each a
/// big-endian u16 length (or value, for the family) and bytes.
fn auth_entry(cookie: &[u8]) -> Vec<u8> {
    /// `FamilyWild`: the entry matches every address and display.
    const FAMILY_WILD: u16 = 0xffff;
    let mut entry = FAMILY_WILD.to_be_bytes().to_vec();
    for field in [&b""[..], b"", b"MIT-MAGIC-COOKIE-1", cookie] {
        entry.extend_from_slice(&(field.len() as u16).to_be_bytes());
        entry.extend_from_slice(field);
    }
    entry
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_auth_entry_is_a_wild_magic_cookie() {
        let entry = super::auth_entry(&[7; 16]);
        assert_eq!(&entry[..6], &[0xff, 0xff, 0, 0, 0, 0]);
        assert_eq!(&entry[6..8], &[0, 18]);
        assert_eq!(&entry[8..26], b"MIT-MAGIC-COOKIE-1");
        assert_eq!(&entry[26..28], &[0, 16]);
        assert_eq!(&entry[28..], &[7; 16]);
    }
}
