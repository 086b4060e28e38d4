//! Every driver process the suite starts is registered here, so that it can be stopped on a
//! normal end, on a panic (drop) and on Ctrl-C/SIGTERM ([`super::signals`]), with its browser.
//!
//! Each driver runs in a process group of its own (its browser inherits the group), so the
//! terminal's Ctrl-C reaches only the suite, which then stops drivers in order: SIGTERM to the
//! driver first (geckodriver then quits Firefox cleanly), SIGKILL to the whole group after a
//! grace period so nothing is left behind.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use nix::{
    errno::Errno,
    sys::signal::{Signal, kill, killpg},
    unistd::Pid,
};

/// Process groups of live drivers (each group id is the driver's pid), with whether SIGTERM to
/// the driver alone stops its browser (geckodriver) or the whole group needs it (chromedriver
/// leaves Chromium running).
static GROUPS: Mutex<BTreeMap<i32, bool>> = Mutex::new(BTreeMap::new());

/// How long a driver gets to quit its browser after SIGTERM.
const GRACE: Duration = Duration::from_secs(3);

fn groups() -> std::sync::MutexGuard<'static, BTreeMap<i32, bool>> {
    GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Set once the process is shutting down on a signal: no driver may start after that.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Held while a driver is spawned and registered, and while the signal path stops everything,
/// so a driver cannot be spawned between the last look at the registry and the exit (a race
/// seen once: a scenario opened a browser while Ctrl-C was being handled, and its geckodriver
/// and Firefox outlived the run).
static SPAWNING: Mutex<()> = Mutex::new(());

/// Permission to spawn a driver: hold it until the driver is registered.
///
/// # Errors
/// When the process is shutting down on a signal.
pub fn spawn_guard() -> Result<std::sync::MutexGuard<'static, ()>, &'static str> {
    let guard = SPAWNING.lock().unwrap_or_else(|e| e.into_inner());
    if STOPPING.load(Ordering::SeqCst) {
        return Err("the suite is stopping (interrupted); no new browser is started");
    }
    Ok(guard)
}

/// Registers a driver whose pid is also its process group id; `driver_stops_browser` says
/// whether SIGTERM to the driver alone ends its browser.
pub fn register(pid: u32, driver_stops_browser: bool) {
    groups().insert(pid as i32, driver_stops_browser);
}

/// True while any process of the group is alive. Zombies do not count: a browser's helpers
/// are reparented to init when their parent exits, and an init that reaps slowly (this
/// machine's does) would keep the group "alive" for the whole grace period, so every stop
/// cost 3 s.
fn group_alive(pgid: i32) -> bool {
    // Signal 0 checks for existence; ESRCH means the whole group is gone.
    if matches!(killpg(Pid::from_raw(pgid), None), Err(Errno::ESRCH)) {
        return false;
    }
    if !std::path::Path::new("/proc").is_dir() {
        return true;
    }
    crate::browser::proc_stat::all()
        .iter()
        .any(|p| p.pgrp == pgid && !p.is_zombie())
}

/// Stops one driver's process group: SIGTERM to the driver, then SIGKILL to what is left.
/// Blocking (bounded by the grace period): safe to call from `Drop` and from a signal task.
pub fn terminate_group(pgid: u32) {
    let pgid = pgid as i32;
    let driver_stops_browser = groups().get(&pgid).copied().unwrap_or(true);
    if driver_stops_browser {
        let _ = kill(Pid::from_raw(pgid), Signal::SIGTERM);
    } else {
        // Chromium ends cleanly on SIGTERM; its driver would leave it running.
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGTERM);
    }
    let deadline = Instant::now() + GRACE;
    while group_alive(pgid) && Instant::now() < deadline {
        // Zombies of our own children keep the group "alive"; reap them as we go.
        let _ = nix::sys::wait::waitpid(
            Pid::from_raw(-pgid),
            Some(nix::sys::wait::WaitPidFlag::WNOHANG),
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    if group_alive(pgid) {
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
    }
    groups().remove(&pgid);
}

/// Stops every driver and refuses to start new ones, for good: the signal path (see
/// [`super::signals`]), before the interrupted run is dropped and returns.
pub fn shutdown_all() {
    let _no_spawning = SPAWNING.lock().unwrap_or_else(|e| e.into_inner());
    STOPPING.store(true, Ordering::SeqCst);
    terminate_all();
}

/// Stops every registered driver group. Used at the end of a run (and by [`shutdown_all`]).
pub fn terminate_all() {
    let all: Vec<i32> = groups().keys().copied().collect();
    for pgid in all {
        terminate_group(pgid as u32);
    }
}

/// WebDriver sessions on a remote endpoint (`{url}/session/{id}`), closed on a signal so a
/// shared Grid gets its slots back.
static REMOTE: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Registers a remote session.
pub fn register_remote(session_url: &str) {
    REMOTE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(session_url.to_owned());
}

/// Forgets a remote session that was closed.
pub fn forget_remote(session_url: &str) {
    REMOTE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(session_url);
}

/// Closes every registered remote session (`DELETE` on each, a few seconds at most).
pub async fn close_remote_sessions() {
    let sessions: Vec<String> =
        std::mem::take(&mut *REMOTE.lock().unwrap_or_else(|e| e.into_inner()))
            .into_iter()
            .collect();
    let http = reqwest::Client::new();
    let closes = sessions
        .iter()
        .map(|url| http.delete(url).timeout(Duration::from_secs(5)).send());
    let _ = futures::future::join_all(closes).await;
}
