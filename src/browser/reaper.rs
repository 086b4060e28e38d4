//! Every driver process the suite starts is registered here, so that it can be stopped on a
//! normal end, on a panic (drop) and on Ctrl-C/SIGTERM (the signal handler), with its browser.
//!
//! Each driver runs in a process group of its own (its browser inherits the group), so the
//! terminal's Ctrl-C reaches only the suite, which then stops drivers in order: SIGTERM to the
//! driver first (geckodriver then quits Firefox cleanly), SIGKILL to the whole group after a
//! grace period so nothing is left behind.

use std::{
    collections::BTreeSet,
    sync::Mutex,
    time::{Duration, Instant},
};

use nix::{
    errno::Errno,
    sys::signal::{Signal, kill, killpg},
    unistd::Pid,
};

/// Process groups of live drivers (each group id is the driver's pid).
static GROUPS: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// How long a driver gets to quit its browser after SIGTERM.
const GRACE: Duration = Duration::from_secs(3);

fn groups() -> std::sync::MutexGuard<'static, BTreeSet<i32>> {
    GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a driver whose pid is also its process group id.
pub fn register(pid: u32) {
    groups().insert(pid as i32);
}

/// Forgets a driver that was stopped.
pub fn forget(pid: u32) {
    groups().remove(&(pid as i32));
}

/// True while any process of the group is alive.
fn group_alive(pgid: i32) -> bool {
    // Signal 0 checks for existence; ESRCH means the whole group is gone.
    !matches!(killpg(Pid::from_raw(pgid), None), Err(Errno::ESRCH))
}

/// Stops one driver's process group: SIGTERM to the driver, then SIGKILL to what is left.
/// Blocking (bounded by the grace period): safe to call from `Drop` and from a signal task.
pub fn terminate_group(pgid: u32) {
    let pgid = pgid as i32;
    let _ = kill(Pid::from_raw(pgid), Signal::SIGTERM);
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

/// Stops every registered driver group. Used by the signal handler and at the end of a run.
pub fn terminate_all() {
    let all: Vec<i32> = groups().iter().copied().collect();
    for pgid in all {
        terminate_group(pgid as u32);
    }
}

/// How many driver groups are registered (for tests and diagnostics).
pub fn live_count() -> usize {
    groups().len()
}
