//! No browser or driver outlives a run, in either engine: the main command is run for real,
//! every process it starts (geckodriver, Firefox and its content processes; chromedriver,
//! Chromium and its helpers) is watched through /proc, and after a pass, a failure or a Ctrl-C
//! in the middle, none of them may be left.
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

/// Processes whose environment carries `marker`: every process the run started inherits it,
/// including helpers that detach to init in a session of their own (Chromium's crashpad
/// handler), which a walk of descendants can miss.
fn carrying(marker: &str) -> Vec<(i32, String)> {
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

struct Watched {
    marker: String,
    code: Option<i32>,
    seen: BTreeSet<(i32, String)>,
    output: String,
}

/// Runs the main command with `args`, recording every descendant it starts; with `interrupt`,
/// sends SIGINT once a process whose name contains it (a browser) is running.
fn run_and_watch(args: &[&str], interrupt: Option<&str>) -> Watched {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let marker = format!("{}-{}", std::process::id(), since_epoch.as_nanos());
    let mut child: Child = Command::new(BIN)
        .args(args)
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
        let browser_up = interrupt.is_some_and(|b| now.iter().any(|(_, n)| n.contains(b)));
        seen.extend(now);
        if !interrupted && browser_up {
            kill(Pid::from_raw(root), Signal::SIGINT).expect("SIGINT sent");
            interrupted = true;
        }
        assert!(
            Instant::now() < deadline,
            "the run did not end within 180 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    if let Some(browser) = interrupt {
        assert!(
            interrupted,
            "no {browser} was seen before the run ended; nothing was interrupted"
        );
    }
    let out = child.wait_with_output().expect("output readable");
    Watched {
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
fn assert_nothing_left(w: &Watched, expected: &[&str]) {
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

#[test]
fn a_passing_run_leaves_no_browser_or_driver() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let w = run_and_watch(&["--browser", "all", "--tags", "@spec-E2"], None);
    assert_eq!(w.code, Some(0), "{}", w.output);
    assert_nothing_left(&w, &EVERY_ENGINE);
}

#[test]
fn a_failing_run_leaves_no_browser_or_driver() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let widget = dir.path().join("livechat.js");
    fs::write(&widget, "/* a widget that does nothing */").unwrap();
    let w = run_and_watch(
        &[
            "--browser",
            "all",
            "--widget",
            widget.to_str().unwrap(),
            "--tags",
            "@spec-E2",
            // One scenario, so the progress line below is exact.
            "--name",
            "isReady becomes true once the widget has loaded",
        ],
        None,
    );
    assert_eq!(w.code, Some(1), "{}", w.output);
    assert!(w.output.contains("does NOT conform"), "{}", w.output);
    assert!(w.output.contains("Failed statements: E2"), "{}", w.output);
    assert!(
        w.output.contains("progress: 1/1 scenarios done, 1 failed"),
        "{}",
        w.output
    );
    assert_nothing_left(&w, &EVERY_ENGINE);
}

/// Interrupts a run in `engine` once its browser is up: exit 130, and nothing left of `left`.
fn ctrl_c_in_the_middle_leaves_nothing(engine: &str, browser: &str, left: &[&str]) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let w = run_and_watch(&["--browser", engine, "--concurrency", "1"], Some(browser));
    assert_eq!(w.code, Some(130), "{}", w.output);
    assert_nothing_left(&w, left);
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_firefox_or_geckodriver() {
    ctrl_c_in_the_middle_leaves_nothing("firefox", "firefox", &["geckodriver", "firefox"]);
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_chromium_or_chromedriver() {
    // Chromium outlives a SIGTERM to chromedriver: this is the case that needs the group kill.
    ctrl_c_in_the_middle_leaves_nothing("chromium", "chromium", &["chromedriver", "chromium"]);
}

/// Runs `command` to its end: its exit code and its stdout and stderr as one text.
fn output(command: &mut Command) -> (Option<i32>, String) {
    let out = command.output().expect("the main command starts");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

/// Drivers and browsers of both engines.
const EVERY_ENGINE: [&str; 4] = ["geckodriver", "firefox", "chromedriver", "chromium"];

#[test]
fn a_missing_driver_is_could_not_run_with_the_fix() {
    let (code, text) = output(Command::new(BIN).args([
        "--geckodriver",
        "/nonexistent/geckodriver",
        "--tags",
        "@spec-E2",
    ]));
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("cargo install --locked geckodriver"),
        "{text}"
    );
}

#[test]
fn a_missing_chromedriver_is_could_not_run_with_the_fix() {
    let (code, text) = output(
        Command::new(BIN)
            .args([
                "--browser",
                "chromium",
                "--chromedriver",
                "/nonexistent/chromedriver",
            ])
            .args(["--tags", "@spec-E2"]),
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("apt-get install chromium chromium-driver"),
        "{text}"
    );
}

#[test]
fn a_webdriver_url_where_nothing_answers_is_could_not_run() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let (code, text) = output(
        Command::new(BIN)
            .args(["--browser", "chromium", "--tags", "@spec-E2"])
            .env("WEBDRIVER_URL", &url),
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("nothing answers at the WebDriver endpoint"),
        "{text}"
    );
    assert!(text.contains(&url), "{text}");
}

#[test]
fn a_missing_widget_is_could_not_run_before_any_browser_starts() {
    let (code, text) = output(Command::new(BIN).args(["--widget", "/nonexistent/livechat.js"]));
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("/nonexistent/livechat.js"), "{text}");
}
