//! A ceiling on the memory of every process the suite started (browsers, their content and
//! web processes, drivers). A widget build that allocates without end would otherwise take
//! the whole machine: Chromium's renderer stops at V8's heap limit and crashes its tab, but
//! Firefox and WebKit grow until the kernel's OOM killer picks something, maybe not the
//! browser (measured here: a page growing its heap reached 15 GB in 20 s in both; neither
//! Firefox's `javascript.options.mem.max` nor JSC's `JSC_gcMaxHeapSize` stopped it, and
//! MiniBrowser does not start under an `RLIMIT_DATA`).
//!
//! A thread checks every process descended from the suite twice a second and stops
//! (SIGKILL) one whose resident memory is over the ceiling. The run sees a crashed page: the
//! scenario gets its second try in a new browser, and a second crash is the widget's
//! ([`crate::crash_retry`]). `HERODESK_BROWSER_MEMORY_MB` sets the ceiling (default
//! [`DEFAULT_MB`]; `0` turns it off).

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use super::proc_stat;

/// The ceiling when `HERODESK_BROWSER_MEMORY_MB` is not set: above what an honest page with
/// the widget needs (a few hundred MB), near Chromium's own limit on a page's JavaScript heap.
pub const DEFAULT_MB: u64 = 4096;

/// The environment variable that sets the ceiling, in MB (`0`: no ceiling).
pub const ENV: &str = "HERODESK_BROWSER_MEMORY_MB";

/// How often the processes are looked at.
const EVERY: Duration = Duration::from_millis(500);

/// The ceiling in bytes, `None` for none.
///
/// # Errors
/// `HERODESK_BROWSER_MEMORY_MB` is not a whole number of megabytes.
pub fn ceiling() -> Result<Option<u64>, String> {
    let mb = match std::env::var(ENV) {
        Err(_) => DEFAULT_MB,
        Ok(v) => v.trim().parse::<u64>().map_err(|_| {
            format!("{ENV} must be a whole number of megabytes (0 for no ceiling), not {v:?}")
        })?,
    };
    Ok((mb > 0).then(|| mb.saturating_mul(1024 * 1024)))
}

/// Starts watching (once per process; later calls do nothing).
///
/// # Errors
/// The ceiling cannot be read (see [`ceiling`]).
pub fn watch() -> Result<(), String> {
    let Some(limit) = ceiling()? else {
        return Ok(());
    };
    static WATCHER: OnceLock<()> = OnceLock::new();
    WATCHER.get_or_init(|| {
        let started = std::thread::Builder::new()
            .name("memory-ceiling".into())
            .spawn(move || {
                let me = std::process::id();
                loop {
                    for over in over_the_ceiling(me, limit) {
                        stop(&over, limit);
                    }
                    std::thread::sleep(EVERY);
                }
            });
        if let Err(e) = started {
            eprintln!("cannot start the memory-ceiling thread: {e}");
        }
    });
    Ok(())
}

/// One process, as [`proc_stat`] tells it: what the ceiling needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Process {
    pid: u32,
    parent: u32,
    name: String,
    resident_bytes: u64,
}

impl Process {
    fn of(stat: &proc_stat::Stat) -> Option<Self> {
        Some(Self {
            pid: u32::try_from(stat.pid).ok()?,
            parent: u32::try_from(stat.ppid).ok()?,
            name: stat.comm.clone(),
            resident_bytes: stat.resident_bytes(),
        })
    }
}

/// The processes descended from `me` whose resident memory is over `limit` bytes.
fn over_the_ceiling(me: u32, limit: u64) -> Vec<Process> {
    let processes: HashMap<u32, Process> = proc_stat::all()
        .iter()
        .filter_map(Process::of)
        .map(|p| (p.pid, p))
        .collect();
    processes
        .values()
        .filter(|p| p.resident_bytes > limit && p.pid != me && descends_from(p, me, &processes))
        .cloned()
        .collect()
}

/// True when `me` is among `p`'s ancestors.
fn descends_from(p: &Process, me: u32, all: &HashMap<u32, Process>) -> bool {
    let mut parent = p.parent;
    // A bound, in case a pid was reused into a loop between two reads.
    for _ in 0..64 {
        if parent == me {
            return true;
        }
        match all.get(&parent) {
            Some(next) if next.pid > 1 => parent = next.parent,
            _ => return false,
        }
    }
    false
}

/// The last process stopped, in words, and when.
static LAST_STOP: Mutex<Option<(Instant, String)>> = Mutex::new(None);

/// The last process the ceiling stopped, in words, if that was less than `within` ago: the
/// evidence a crash message can cite.
pub fn recent_stop(within: Duration) -> Option<String> {
    LAST_STOP
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .filter(|(when, _)| when.elapsed() <= within)
        .map(|(_, what)| what.clone())
}

fn stop(p: &Process, limit: u64) {
    let mb = |bytes: u64| bytes / (1024 * 1024);
    let what = format!(
        "{} (pid {}) used {} MB, over the memory ceiling of {} MB ({ENV})",
        p.name,
        p.pid,
        mb(p.resident_bytes),
        mb(limit)
    );
    eprintln!("browser: stopped {what}");
    *LAST_STOP.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), what));
    if let Ok(pid) = i32::try_from(p.pid) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_descendants_count() {
        let p = |pid, parent| Process {
            pid,
            parent,
            name: "x".into(),
            resident_bytes: 0,
        };
        let all: HashMap<u32, Process> = [p(10, 1), p(11, 10), p(12, 11), p(20, 1)]
            .into_iter()
            .map(|p| (p.pid, p))
            .collect();
        assert!(descends_from(&all[&12], 10, &all));
        assert!(descends_from(&all[&11], 10, &all));
        assert!(!descends_from(&all[&20], 10, &all));
    }

    #[test]
    fn a_process_of_ours_over_the_ceiling_is_found_and_others_are_not() {
        // This test process's own child, holding 64 MB it has written: over a 32 MB ceiling,
        // under a huge one; the test process itself never counts. The kernel counts resident
        // pages per CPU and adds them up in batches, so a child that has just started (or holds
        // only a few pages) may read as 0 for a while: the child holds megabytes and the test
        // looks until it shows, as the ceiling's own thread does twice a second.
        let mut child = std::process::Command::new("python3")
            .args(["-c", "b = b'x' * (64 << 20); import time; time.sleep(30)"])
            .spawn()
            .expect("python3 starts");
        let me = std::process::id();
        let ceiling = 32 << 20;
        let deadline = Instant::now() + Duration::from_secs(20);
        let over = loop {
            let over = over_the_ceiling(me, ceiling);
            if over.iter().any(|p| p.pid == child.id()) || Instant::now() > deadline {
                break over;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let found = over.iter().any(|p| p.pid == child.id());
        let none = over_the_ceiling(me, u64::MAX / 2);
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            found,
            "the child holding 64 MB was not found over 32 MB: {over:?}"
        );
        assert!(over.iter().all(|p| p.pid != me));
        assert!(none.is_empty(), "{none:?}");
    }
}
