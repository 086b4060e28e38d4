//! How long the browsers' page processes waited for a core, as the kernel counts it. On a
//! loaded machine a page's main thread can wait hundreds of milliseconds for a core while the
//! page's worker, on another thread, keeps its beat (measured here at load averages of 20–45
//! on 2 cores: gaps of 225–503 ms with the worker on time). That wait is the machine's, not
//! the widget's, and I6 must not charge it ([`crate::guest::CoreWaits`]).
//!
//! A thread samples, every [`EVERY`], the second field of `/proc/<pid>/schedstat` (time spent
//! runnable on a run queue, in nanoseconds; sched-stats(5)) of the main thread of every page
//! process of the browsers the suite started: Chromium's renderers, Firefox's content
//! processes, WebKit's web processes. It finds new ones by process group (each local browser
//! lives in its driver's group) every [`LOOK_FOR_NEW_EVERY`]. A remote browser (Selenium Grid)
//! is not sampled: its blocks are judged by the worker alone, as before.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Mutex, OnceLock},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use super::proc_stat;

/// How often the page processes' waits are read: well under I6's 200 ms limit.
const EVERY: Duration = Duration::from_millis(20);
/// How often new page processes are looked for, in samples (every 300 ms): a process found
/// late counts its wait from its start ([`crate::guest::CoreWaits::within`]).
const LOOK_FOR_NEW_EVERY: u32 = 15;
/// How often a process that is not a page process is looked at again (its command line may
/// come late: about 3 s of looks), before it is taken for what it is.
const LOOKS_AT_OTHERS: u32 = 10;
/// How long samples are kept: longer than a scenario's deadline.
const KEEP_MS: f64 = 300_000.0;

/// One page process's samples: (ms since the epoch, ms waited on a run queue since it started).
type Samples = VecDeque<(f64, f64)>;

#[derive(Default)]
struct Watch {
    /// The process groups of the browsers watched (their drivers' pids).
    groups: HashSet<i32>,
    /// Page processes by pid: their group and samples.
    processes: HashMap<i32, (i32, Samples)>,
    /// Other processes of the watched groups, by pid: how often they were looked at.
    others: HashMap<i32, u32>,
}

fn watch() -> &'static Mutex<Watch> {
    static WATCH: OnceLock<Mutex<Watch>> = OnceLock::new();
    WATCH.get_or_init(|| {
        let started = std::thread::Builder::new()
            .name("run-queue".into())
            .spawn(sample_forever);
        if let Err(e) = started {
            eprintln!("cannot start the run-queue thread (I6 then trusts the worker alone): {e}");
        }
        Mutex::new(Watch::default())
    })
}

fn locked() -> std::sync::MutexGuard<'static, Watch> {
    watch().lock().unwrap_or_else(|e| e.into_inner())
}

/// Samples the page processes of the browser whose driver leads process group `group`.
pub fn watch_group(group: u32) {
    if let Ok(group) = i32::try_from(group) {
        locked().groups.insert(group);
    }
}

/// The samples of `group`'s page processes since `since_ms` (ms since the epoch), one series
/// per process, each ending with a sample taken now.
pub fn waits_since(group: u32, since_ms: f64) -> Vec<Vec<(f64, f64)>> {
    let Ok(group) = i32::try_from(group) else {
        return Vec::new();
    };
    let mut watch = locked();
    sample(&mut watch);
    watch
        .processes
        .values()
        .filter(|(g, _)| *g == group)
        .map(|(_, samples)| {
            // The last sample before `since_ms` too: it brackets a gap that starts there.
            let first = samples.partition_point(|(t, _)| *t < since_ms);
            samples.range(first.saturating_sub(1)..).copied().collect()
        })
        .collect()
}

fn sample_forever() {
    for tick in 0u32.. {
        std::thread::sleep(EVERY);
        // The scan of `/proc` is done without the lock: a scenario reading its waits does
        // not wait for it.
        let look = tick % LOOK_FOR_NEW_EVERY == 0 && !locked().groups.is_empty();
        let all = look.then(proc_stat::all);
        let mut watch = locked();
        if let Some(all) = all {
            look_for_new(&mut watch, &all);
        }
        sample(&mut watch);
    }
}

/// Reads every known page process's wait now; forgets the processes that are gone.
fn sample(watch: &mut Watch) {
    let now = now_ms();
    watch.processes.retain(|pid, (_, samples)| {
        let Some(waited) = waited_ms(*pid) else {
            return false;
        };
        samples.push_back((now, waited));
        while samples.front().is_some_and(|(t, _)| now - t > KEEP_MS) {
            samples.pop_front();
        }
        true
    });
}

/// Adds the page processes of the watched groups not known yet; forgets groups with no
/// process left (their browser was closed).
fn look_for_new(watch: &mut Watch, all: &[proc_stat::Stat]) {
    let live: HashSet<i32> = all.iter().map(|s| s.pgrp).collect();
    watch.groups.retain(|g| live.contains(g));
    let pids: HashSet<i32> = all.iter().map(|s| s.pid).collect();
    watch.others.retain(|pid, _| pids.contains(pid));
    // A process that is not a page process yet is looked at again, a few times: Firefox's
    // fork server and Chromium's zygote fork page processes that take their command line later.
    for stat in all.iter().filter(|s| watch.groups.contains(&s.pgrp)) {
        if watch.processes.contains_key(&stat.pid) {
            continue;
        }
        let looks = watch.others.entry(stat.pid).or_insert(0);
        if *looks >= LOOKS_AT_OTHERS {
            continue;
        }
        *looks += 1;
        if is_page_process(stat.pid) {
            watch.others.remove(&stat.pid);
            watch
                .processes
                .insert(stat.pid, (stat.pgrp, VecDeque::new()));
        }
    }
}

/// True for a process that runs web pages: Chromium's `--type=renderer`, Firefox's
/// `-contentproc … tab`, WebKit's `WebKitWebProcess`.
fn is_page_process(pid: i32) -> bool {
    let Ok(raw) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    // Split at spaces too: a forked page process rewrites its command line as one string.
    let args: Vec<&[u8]> = raw
        .split(|b| *b == 0 || *b == b' ')
        .filter(|a| !a.is_empty())
        .collect();
    let has = |want: &[u8]| args.contains(&want);
    has(b"--type=renderer")
        || (has(b"-contentproc") && has(b"tab"))
        || args
            .first()
            .is_some_and(|a| a.ends_with(b"WebKitWebProcess"))
}

/// How long the main thread of `pid` has waited on a run queue since it started, in ms.
fn waited_ms(pid: i32) -> Option<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let ns: f64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(ns / 1e6)
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_process_s_run_queue_wait_is_read() {
        let me = i32::try_from(std::process::id()).unwrap();
        let waited = waited_ms(me).expect("this kernel has /proc/<pid>/schedstat");
        assert!(waited >= 0.0);
        assert!(
            !is_page_process(me),
            "the test runner is not a page process"
        );
    }
}
