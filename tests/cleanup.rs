//! No browser or driver outlives a run: the main command is run for real, every process it
//! starts (geckodriver, Firefox and its content processes) is watched through /proc, and
//! after a pass, a failure or a Ctrl-C in the middle, none of them may be left.
//! Also: a missing driver or widget is "could not run" (exit 2), with the fix in the message.

use std::{
    collections::BTreeSet,
    fs,
    process::{Child, Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use nix::{
    sys::signal::{Signal, kill},
    unistd::Pid,
};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// These tests start browsers; one at a time keeps a 2-core machine responsive.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// (pid, parent pid, command name) of every process, from /proc.
fn processes() -> Vec<(i32, i32, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name is in parentheses and may contain spaces; fields follow the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_owned();
        let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
        let state = fields.first().copied().unwrap_or("");
        let Some(ppid) = fields.get(1).and_then(|p| p.parse().ok()) else {
            continue;
        };
        if state != "Z" {
            out.push((pid, ppid, name));
        }
    }
    out
}

/// Live descendants of `root`.
fn descendants(root: i32) -> BTreeSet<(i32, String)> {
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

fn alive(pid: i32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

struct Watched {
    code: Option<i32>,
    seen: BTreeSet<(i32, String)>,
    output: String,
}

/// Runs the main command with `args`, recording every descendant it starts; with `interrupt`,
/// sends SIGINT once a Firefox is running.
fn run_and_watch(args: &[&str], interrupt: bool) -> Watched {
    let mut child: Child = Command::new(BIN)
        .args(args)
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
        let browser_up = now
            .iter()
            .any(|(_, n)| n.contains("firefox") || n.contains("Web Content"));
        seen.extend(now);
        if interrupt && !interrupted && browser_up {
            kill(Pid::from_raw(root), Signal::SIGINT).expect("SIGINT sent");
            interrupted = true;
        }
        assert!(
            Instant::now() < deadline,
            "the run did not end within 180 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    if interrupt {
        assert!(
            interrupted,
            "no Firefox was seen before the run ended; nothing was interrupted"
        );
    }
    let out = child.wait_with_output().expect("output readable");
    Watched {
        code: status.code(),
        seen,
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Every process the run started must be gone (give the kernel a moment to finish reaping).
fn assert_nothing_left(w: &Watched) {
    assert!(
        w.seen.iter().any(|(_, n)| n.contains("geckodriver")),
        "no geckodriver was seen, so this proves nothing: {:?}",
        w.seen
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left: Vec<_> = w.seen.iter().filter(|(pid, _)| alive(*pid)).collect();
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

#[test]
fn a_passing_run_leaves_no_browser_or_driver() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let w = run_and_watch(&["--tags", "@spec-E2"], false);
    assert_eq!(w.code, Some(0), "{}", w.output);
    assert_nothing_left(&w);
}

#[test]
fn a_failing_run_leaves_no_browser_or_driver() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let widget = dir.path().join("livechat.js");
    fs::write(&widget, "/* a widget that does nothing */").unwrap();
    let w = run_and_watch(
        &["--widget", widget.to_str().unwrap(), "--tags", "@spec-E2"],
        false,
    );
    assert_eq!(w.code, Some(1), "{}", w.output);
    assert!(w.output.contains("does NOT conform"), "{}", w.output);
    assert!(w.output.contains("Failed statements: E2"), "{}", w.output);
    assert!(
        w.output.contains("progress: 1/1 scenarios done, 1 failed"),
        "{}",
        w.output
    );
    assert_nothing_left(&w);
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_browser_or_driver() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let w = run_and_watch(&["--concurrency", "1"], true);
    assert_eq!(w.code, Some(130), "{}", w.output);
    assert_nothing_left(&w);
}

#[test]
fn a_missing_driver_is_could_not_run_with_the_fix() {
    let out = Command::new(BIN)
        .args([
            "--geckodriver",
            "/nonexistent/geckodriver",
            "--tags",
            "@spec-E2",
        ])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("cargo install --locked geckodriver"),
        "{text}"
    );
}

#[test]
fn a_missing_widget_is_could_not_run_before_any_browser_starts() {
    let out = Command::new(BIN)
        .args(["--widget", "/nonexistent/livechat.js"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("/nonexistent/livechat.js"), "{text}");
}
