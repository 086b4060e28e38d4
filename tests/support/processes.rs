//! Watching the processes a run of the main command starts, through /proc: every descendant,
//! and every process carrying the run's environment marker (helpers that detach to init), so
//! tests can prove none outlives the run. Shared by `tests/cleanup.rs` and `tests/hostile.rs`.

#![allow(dead_code)]

use std::{
    collections::BTreeSet,
    fs,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use herodesk_conformance::browser::proc_stat;
use nix::{
    sys::signal::{Signal, kill},
    unistd::Pid,
};

/// The main command.
pub const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// (pid, parent pid, command name) of every live process (zombies left out), from /proc.
pub fn processes() -> Vec<(i32, i32, String)> {
    proc_stat::all()
        .into_iter()
        .filter(|p| !p.is_zombie())
        .map(|p| (p.pid, p.ppid, p.comm))
        .collect()
}

/// Live descendants of `root`.
pub fn descendants(root: i32) -> BTreeSet<(i32, String)> {
    let all = processes();
    let mut found = BTreeSet::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (pid, ppid, name) in &all {
            if *ppid == parent && found.insert((*pid, name.clone())) {
                frontier.push(*pid);
            }
        }
    }
    found
}

/// True while `pid` is a live process (not a zombie).
pub fn alive(pid: i32) -> bool {
    proc_stat::read(pid)
        .ok()
        .flatten()
        .is_some_and(|p| !p.is_zombie())
}

/// Processes whose environment carries `marker`: every process the run started inherits it,
/// including helpers that detach to init in a session of their own (Chromium's crashpad
/// handler), which a walk of descendants can miss.
pub fn carrying(marker: &str) -> Vec<(i32, String)> {
    let needle = format!("HERODESK_CLEANUP_MARKER={marker}");
    processes()
        .into_iter()
        .filter(|(pid, _, _)| {
            fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == needle.as_bytes()))
        })
        .map(|(pid, _, name)| (pid, name))
        .collect()
}

pub struct Watched {
    /// The report folder made for the run when the caller gave none (kept while this lives).
    pub reports: tempfile::TempDir,
    /// The main command's pid.
    pub pid: i32,
    pub marker: String,
    pub code: Option<i32>,
    pub seen: BTreeSet<(i32, String)>,
    pub output: String,
}

/// Runs the main command with `args`, recording every descendant it starts; with `interrupt`,
/// sends SIGINT once a process whose name contains it (a browser) is running.
pub fn run_and_watch(args: &[&str], interrupt: Option<&str>) -> Watched {
    run_and_signal(args, interrupt.map(|browser| (browser, Signal::SIGINT)))
}

/// Like [`run_and_watch`], with the signal to send once a process whose name contains the
/// given text is running (SIGINT, SIGTERM, SIGKILL).
pub fn run_and_signal(args: &[&str], interrupt: Option<(&str, Signal)>) -> Watched {
    run_and_signal_in(args, interrupt, None)
}

/// Like [`run_and_signal`], with the run's temporary folders (`TMPDIR`) in `tmp` when given:
/// a run started by a test beside it sweeps the folders of dead runs in its own `TMPDIR`
/// first, so a test that looks for the folders a killed run left gives that run a `TMPDIR`
/// of its own.
pub fn run_and_signal_in(
    args: &[&str],
    interrupt: Option<(&str, Signal)>,
    tmp: Option<&std::path::Path>,
) -> Watched {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let marker = format!("{}-{}", std::process::id(), since_epoch.as_nanos());
    // A report folder of its own unless the caller gave one: a report folder takes one run
    // at a time, and tests run side by side.
    let reports = tempfile::tempdir().expect("a temporary folder");
    let mut command = Command::new(BIN);
    command.args(args);
    if !args.contains(&"--report") {
        command.arg("--report").arg(reports.path());
    }
    if let Some(tmp) = tmp {
        command.env("TMPDIR", tmp);
    }
    let mut child: Child = command
        .env("HERODESK_CLEANUP_MARKER", &marker)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the main command starts");
    let root = child.id() as i32;
    let mut seen = BTreeSet::new();
    let mut interrupted = false;
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        let now = descendants(root);
        let browser_up = interrupt.is_some_and(|(b, _)| now.iter().any(|(_, n)| n.contains(b)));
        seen.extend(now);
        if let (false, true, Some((_, signal))) = (interrupted, browser_up, interrupt) {
            kill(Pid::from_raw(root), signal).expect("signal sent");
            interrupted = true;
        }
        assert!(
            Instant::now() < deadline,
            "the run did not end within 180 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    if let Some((browser, _)) = interrupt {
        assert!(
            interrupted,
            "no {browser} was seen before the run ended; nothing was interrupted"
        );
    }
    let out = child.wait_with_output().expect("output readable");
    Watched {
        reports,
        pid: root,
        marker,
        code: status.code(),
        seen,
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Every process the run started must be gone (give the kernel a moment to finish reaping);
/// each of `expected` (drivers and browsers) must have been seen, or this proves nothing.
pub fn assert_nothing_left(w: &Watched, expected: &[&str]) {
    for name in expected {
        assert!(
            w.seen.iter().any(|(_, n)| n.contains(name)),
            "no {name} was seen, so this proves nothing: {:?}",
            w.seen
        );
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut left: Vec<_> = w
            .seen
            .iter()
            .filter(|(pid, _)| alive(*pid))
            .cloned()
            .collect();
        left.extend(carrying(&w.marker));
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "processes outlived the run: {left:?}\n{}",
            w.output
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The run folders (`$TMPDIR/herodesk-conformance-*`) whose owner file names `pid`.
pub fn run_folders_of(pid: i32) -> Vec<std::path::PathBuf> {
    run_folders_in(&std::env::temp_dir(), pid)
}

/// The run folders in `tmp` whose owner file names `pid`.
pub fn run_folders_in(tmp: &std::path::Path, pid: i32) -> Vec<std::path::PathBuf> {
    fs::read_dir(tmp)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("herodesk-conformance-")
        })
        .map(|e| e.path())
        .filter(|dir| {
            fs::read_to_string(dir.join("owner"))
                .is_ok_and(|owner| owner.split_whitespace().next() == Some(&pid.to_string()))
        })
        .collect()
}
