//! Bad input gets a plain answer, fast, and before any browser starts: an insane
//! `--concurrency`, a widget build that is not JavaScript text (the build's fault: exit 1), a
//! `--widget-url` that is not http(s), refuses connections or answers HTML, a `--report` that
//! is a file or that another live run is writing, and a CI shard with nothing to run (exit 0,
//! valid empty reports), a memory ceiling that is not a number. The mock's own bad input (a token query that is not UTF-8) is tested
//! with its router, in `mock-server/tests/router/rest_api.rs`.

use std::time::{Duration, Instant};

use tokio::process::Command;

#[path = "support/processes.rs"]
mod processes;
#[path = "support/report_files.rs"]
mod report_files;
#[path = "support/static_server.rs"]
mod static_server;
use processes::{BIN, run_and_watch};
use static_server::{Answer, StaticServer};

/// No driver or browser may start for input that is refused up front.
const BROWSERS: [&str; 4] = ["geckodriver", "firefox", "chromedriver", "chromium"];

/// Input refused before anything runs answers within this (a debug build, a loaded machine).
const FAST: Duration = Duration::from_secs(20);

/// Runs the main command with `args` and its own report folder: exit code and all output.
async fn run(args: &[&str]) -> (Option<i32>, String) {
    run_with_env(args, &[]).await
}

/// Like [`run`], with extra environment variables.
async fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let reports = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(args)
        .arg("--report")
        .arg(reports.path())
        .envs(env.iter().copied())
        .output()
        .await
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

/// Runs `args` watching its processes: refused with exit 2 and `words`, fast, no browser.
fn refused_before_any_browser(args: &[&str], words: &str) {
    let started = Instant::now();
    let w = run_and_watch(args, None);
    let took = started.elapsed();
    assert_eq!(w.code, Some(2), "{}", w.output);
    assert!(
        w.output.contains(words),
        "expected {words:?} in:\n{}",
        w.output
    );
    assert!(took < FAST, "took {took:?}");
    let started: Vec<_> = w
        .seen
        .iter()
        .filter(|(_, name)| BROWSERS.iter().any(|b| name.contains(b)))
        .collect();
    assert!(started.is_empty(), "started {started:?}\n{}", w.output);
}

#[test]
fn a_concurrency_outside_the_sane_range_is_refused() {
    for n in ["0", "100000"] {
        refused_before_any_browser(
            &["--concurrency", n, "--tags", "@spec-E2"],
            "outside the sane range: expected a number of browsers at once from 1 to 32",
        );
    }
}

#[test]
fn a_report_folder_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwd");
    std::fs::write(&file, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    refused_before_any_browser(
        &["--report", file.to_str().unwrap(), "--tags", "@spec-E2"],
        "is a file, not a folder",
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "root:x:0:0:root:/root:/bin/bash\n"
    );
}

/// This process's start time (`/proc/self/stat`, field 22), to write a lock a live run holds.
fn my_start_time() -> u64 {
    herodesk_conformance::browser::proc_stat::me()
        .expect("this process's /proc stat")
        .start_ticks
}

#[test]
fn a_report_folder_another_live_run_writes_is_refused_and_a_dead_runs_lock_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join(".herodesk-run.lock");
    // This test process stands for the other run: alive, and not the command's own pid.
    let me = format!("{} {}\n", std::process::id(), my_start_time());
    std::fs::write(&lock, &me).unwrap();
    let report = dir.path().to_str().unwrap();
    refused_before_any_browser(
        &["--report", report, "--tags", "@spec-E2"],
        &format!(
            "is being written by another run (pid {})",
            std::process::id()
        ),
    );
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap(),
        me,
        "a live run's lock was touched"
    );
    // The same pid with another start time: that run is dead (its pid reused), so the lock is
    // taken over; this run then stops for a reason of its own (no widget) and frees it.
    std::fs::write(
        &lock,
        format!("{} {}\n", std::process::id(), my_start_time() + 1),
    )
    .unwrap();
    let w = run_and_watch(
        &[
            "--report",
            report,
            "--widget",
            "/nonexistent/livechat.js",
            "--tags",
            "@spec-E2",
        ],
        None,
    );
    assert_eq!(w.code, Some(2), "{}", w.output);
    assert!(
        w.output.contains("taking over the report folder"),
        "{}",
        w.output
    );
    assert!(
        w.output.contains("/nonexistent/livechat.js"),
        "{}",
        w.output
    );
    assert!(!lock.exists(), "the lock outlived the run");
}

#[test]
fn a_binary_widget_is_the_builds_fault_with_reports() {
    let reports = tempfile::tempdir().unwrap();
    let widget = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile/binary.bin");
    let started = Instant::now();
    let w = run_and_watch(
        &[
            "--widget",
            widget,
            "--tags",
            "@spec-E2",
            "--report",
            reports.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(w.code, Some(1), "{}", w.output);
    assert!(w.output.contains("not JavaScript text"), "{}", w.output);
    assert!(w.output.contains("does NOT conform"), "{}", w.output);
    assert!(started.elapsed() < FAST, "took {:?}", started.elapsed());
    let (tests, failed) = report_files::junit_counts(&reports.path().join("junit.xml"));
    assert!(tests >= 1 && failed == tests, "({tests}, {failed})");
    let json = report_files::cucumber_json(&reports.path().join("cucumber.json"));
    assert!(json.to_string().contains("not JavaScript text"), "{json}");
}

#[tokio::test]
async fn widget_urls_that_cannot_give_a_build_say_why_in_plain_words() {
    let (code, text) = run(&["--widget-url", "ftp://x/livechat.js", "--tags", "@spec-E2"]).await;
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("only http and https"), "{text}");
    assert!(!text.contains("builder error"), "{text}");

    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://{}/livechat.js", free.local_addr().unwrap());
    drop(free);
    let (code, text) = run(&["--widget-url", &refused, "--tags", "@spec-E2"]).await;
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(!text.contains("error sending request"), "{text}");

    let server = StaticServer::start([(
        "/livechat.js",
        Answer::ok(
            "text/html; charset=utf-8",
            "<!doctype html><title>Sign in</title>",
        ),
    )])
    .await;
    let html = format!("{}/livechat.js", server.uri());
    let (code, text) = run(&["--widget-url", &html, "--tags", "@spec-E2"]).await;
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("answered text/html, not JavaScript"),
        "{text}"
    );
}

#[test]
fn a_shard_with_nothing_to_run_passes_with_empty_reports() {
    let reports = tempfile::tempdir().unwrap();
    let w = run_and_watch(
        &[
            "--shard",
            "100/100",
            "--tags",
            "@spec-E2",
            "--report",
            reports.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(w.code, Some(0), "{}", w.output);
    // The count follows the features (E2 grows): any number, as long as it is said.
    let said = w
        .output
        .split("shard 100/100 holds none of the ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok());
    assert!(
        said.is_some_and(|n| (1..100).contains(&n)) && w.output.contains(" selected scenarios"),
        "{}",
        w.output
    );
    let (tests, failed) = report_files::junit_counts(&reports.path().join("junit.xml"));
    assert_eq!((tests, failed), (0, 0));
    let json = report_files::cucumber_json(&reports.path().join("cucumber.json"));
    assert_eq!(json, serde_json::json!([]));
    assert!(
        !w.seen
            .iter()
            .any(|(_, n)| BROWSERS.iter().any(|b| n.contains(b))),
        "a browser started for nothing: {:?}",
        w.seen
    );
}

#[tokio::test]
async fn a_memory_ceiling_that_is_not_a_number_is_refused() {
    let started = Instant::now();
    let (code, text) = run_with_env(
        &["--browser", "chromium", "--tags", "@spec-E2", "--quiet"],
        &[("HERODESK_BROWSER_MEMORY_MB", "4 GB")],
    )
    .await;
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("HERODESK_BROWSER_MEMORY_MB must be a whole number of megabytes"),
        "{text}"
    );
    assert!(started.elapsed() < FAST, "took {:?}", started.elapsed());
}
