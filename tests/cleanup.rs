//! No browser or driver outlives a run, in any engine: the main command is run for real,
//! every process it starts (geckodriver, Firefox and its content processes; chromedriver,
//! Chromium and its helpers; Xvfb, WebKitWebDriver, MiniBrowser and its web and network
//! processes) is watched through /proc, and after a pass, a failure or a Ctrl-C in the middle,
//! none of them may be left.
//! Also: a missing driver or widget is "could not run" (exit 2), with the fix in the message.
//!
//! The tests run side by side (libtest's threads, one per core): each watches only the
//! processes of its own run (they carry its marker), and a run mostly waits for a browser to
//! start or a signal to land.

use std::{fs, process::Command};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

#[path = "support/processes.rs"]
mod processes;
#[path = "support/report_files.rs"]
mod report_files;
use nix::sys::signal::Signal;
use processes::{
    assert_nothing_left, run_and_signal, run_and_signal_in, run_and_watch, run_folders_in,
    run_folders_of,
};

#[test]
fn a_passing_run_leaves_no_browser_or_driver() {
    let w = run_and_watch(&["--browser", "all", "--tags", "@spec-E2"], None);
    assert_eq!(w.code, Some(0), "{}", w.output);
    assert_nothing_left(&w, &EVERY_ENGINE);
}

#[test]
fn a_failing_run_leaves_no_browser_or_driver() {
    let dir = tempfile::tempdir().unwrap();
    let widget = dir.path().join("livechat.js");
    // It loads and takes over the queue stub (so the preflight passes and the scenario runs),
    // but never becomes ready.
    fs::write(
        &widget,
        "window.Herodesk = Object.assign(function () {}, { isBooted: false, isReady: false, isVisible: false });",
    )
    .unwrap();
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

/// Interrupts a run in `engine` with `signal` once its browser is up: the signal's exit code,
/// nothing left of `left`, no temporary folder of the run left, and report files that parse
/// and say the run was interrupted (never empty or half-written).
fn signal_in_the_middle_leaves_nothing(engine: &str, browser: &str, left: &[&str], signal: Signal) {
    let reports = tempfile::tempdir().unwrap();
    let w = run_and_signal(
        &[
            "--browser",
            engine,
            "--concurrency",
            "1",
            "--report",
            reports.path().to_str().unwrap(),
        ],
        Some((browser, signal)),
    );
    assert_eq!(w.code, Some(128 + signal as i32), "{}", w.output);
    assert_nothing_left(&w, left);
    let folders = run_folders_of(w.pid);
    assert!(folders.is_empty(), "left behind: {folders:?}\n{}", w.output);
    let name = if signal == Signal::SIGINT {
        "SIGINT"
    } else {
        "SIGTERM"
    };
    let junit = reports.path().join("junit.xml");
    let (tests, bad) = report_files::junit_counts(&junit);
    assert!(
        tests > 1 && bad >= 1,
        "({tests}, {bad}): the interruption is not a failure"
    );
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(&format!("the run was interrupted by {name}")),
        "{xml}"
    );
    let json = report_files::cucumber_json(&reports.path().join("cucumber.json"));
    assert!(
        json.to_string().contains(&format!("interrupted by {name}")),
        "{json}"
    );
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_firefox_or_geckodriver() {
    signal_in_the_middle_leaves_nothing(
        "firefox",
        "firefox",
        &["geckodriver", "firefox"],
        Signal::SIGINT,
    );
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_webkit_driver_browser_or_display() {
    // WebKitWebDriver leaves MiniBrowser and its helpers running on SIGTERM, and Xvfb is a
    // process of its own. Interrupted once a web process runs, so every kind was seen.
    signal_in_the_middle_leaves_nothing("webkit", "WebKitWebProces", &WEBKIT, Signal::SIGINT);
}

#[test]
fn ctrl_c_in_the_middle_leaves_no_chromium_or_chromedriver() {
    // Chromium outlives a SIGTERM to chromedriver: this is the case that needs the group kill.
    signal_in_the_middle_leaves_nothing(
        "chromium",
        "chromium",
        &["chromedriver", "chromium"],
        Signal::SIGINT,
    );
}

#[test]
fn sigterm_in_the_middle_leaves_no_firefox_or_geckodriver() {
    signal_in_the_middle_leaves_nothing(
        "firefox",
        "firefox",
        &["geckodriver", "firefox"],
        Signal::SIGTERM,
    );
}

#[test]
fn sigterm_in_the_middle_leaves_no_webkit_driver_browser_or_display() {
    signal_in_the_middle_leaves_nothing("webkit", "WebKitWebProces", &WEBKIT, Signal::SIGTERM);
}

#[test]
fn sigterm_in_the_middle_leaves_no_chromium_or_chromedriver() {
    signal_in_the_middle_leaves_nothing(
        "chromium",
        "chromium",
        &["chromedriver", "chromium"],
        Signal::SIGTERM,
    );
}

/// SIGKILLs a run in `engine` once its browser is up: no handler or destructor runs, yet no
/// process of it may survive (the driver dies of PR_SET_PDEATHSIG, its group of the
/// watchdog), and the next run removes the temporary folder the dead run left.
fn sigkill_in_the_middle_leaves_nothing(engine: &str, browser: &str, left: &[&str]) {
    // A TMPDIR of its own: the runs of the tests beside this one sweep the folders of dead
    // runs in theirs, and would take this one's before it is looked for.
    let tmp = tempfile::tempdir().unwrap();
    let w = run_and_signal_in(
        &["--browser", engine, "--concurrency", "1"],
        Some((browser, Signal::SIGKILL)),
        Some(tmp.path()),
    );
    assert_eq!(w.code, None, "not killed by a signal: {}", w.output);
    assert_nothing_left(&w, left);
    let folders = run_folders_in(tmp.path(), w.pid);
    assert!(
        !folders.is_empty(),
        "the killed run had no temporary folder, so this proves nothing\n{}",
        w.output
    );
    // Any later run sweeps the folders of dead runs first, even one that cannot run.
    let (code, text) = output(
        Command::new(BIN)
            .env("TMPDIR", tmp.path())
            .args(["--widget", "/nonexistent/livechat.js"]),
    );
    assert_eq!(code, Some(2), "{text}");
    for folder in &folders {
        assert!(
            !folder.exists(),
            "{} survived the next run\n{text}",
            folder.display()
        );
    }
}

#[test]
fn sigkill_in_the_middle_leaves_no_firefox_or_geckodriver() {
    sigkill_in_the_middle_leaves_nothing("firefox", "firefox", &["geckodriver", "firefox"]);
}

#[test]
fn sigkill_in_the_middle_leaves_no_chromium_or_chromedriver() {
    sigkill_in_the_middle_leaves_nothing("chromium", "chromium", &["chromedriver", "chromium"]);
}

#[test]
fn sigkill_in_the_middle_leaves_no_webkit_driver_browser_or_display() {
    sigkill_in_the_middle_leaves_nothing("webkit", "WebKitWebProces", &WEBKIT);
}

/// Runs `command` to its end (with a report folder of its own: a report folder takes one run
/// at a time, and these tests run side by side): its exit code and its stdout and stderr as
/// one text.
fn output(command: &mut Command) -> (Option<i32>, String) {
    let reports = tempfile::tempdir().unwrap();
    let out = command
        .arg("--report")
        .arg(reports.path())
        .output()
        .expect("the main command starts");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

/// WebKit's processes, by their kernel names (15 characters at most): the display, the
/// driver, the browser, its web and network processes.
const WEBKIT: [&str; 5] = [
    "Xvfb",
    "WebKitWebDriver",
    "MiniBrowser",
    "WebKitWebProces",
    "WebKitNetworkPr",
];

/// Drivers and browsers of every engine.
const EVERY_ENGINE: [&str; 9] = [
    "geckodriver",
    "firefox",
    "chromedriver",
    "chromium",
    WEBKIT[0],
    WEBKIT[1],
    WEBKIT[2],
    WEBKIT[3],
    WEBKIT[4],
];

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
fn a_missing_webkit_driver_or_display_is_could_not_run_with_the_fix() {
    let webkit = ["--browser", "webkit", "--tags", "@spec-E2"];
    let (code, text) = output(
        Command::new(BIN)
            .args(webkit)
            .args(["--webkitdriver", "/nonexistent/wkd"]),
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("apt-get install webkit2gtk-driver"), "{text}");
    let (code, text) = output(
        Command::new(BIN)
            .args(webkit)
            .args(["--xvfb", "/nonexistent/X"]),
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("apt-get install xvfb"), "{text}");
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
