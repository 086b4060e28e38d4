//! A browser that dies mid-run from outside: the test kills the browser process by PID while a
//! scenario is using it. Nothing the widget did is to blame, so the scenario gets a second try
//! in a new browser, passes, and the run conforms, its `junit.xml` saying why the scenario ran
//! twice; the remaining scenarios run and pass. Once per engine. (A page that crashes its
//! browser twice is the widget's: `tests/hostile.rs` runs such builds.)

use std::time::{Duration, Instant};

use herodesk_conformance::{
    RunOptions, Verdict, backend::IDENTIFY_ROUTE, browser::Engine, run, suite,
};
use herodesk_mock::journal::Filter;
use nix::{sys::signal::Signal, unistd::Pid};

/// The pid of a browser's main process: a child of one of the suite's drivers.
fn browser_pids() -> Vec<i32> {
    let comm = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    let parent = |pid: &str| -> Option<String> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command may hold spaces; the parent pid is the second field after the ')'.
        stat.rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)
            .map(str::to_owned)
    };
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
        .filter(|pid| {
            let name = comm(pid);
            (name.starts_with("chromium")
                || name.starts_with("firefox")
                || name.starts_with("MiniBrowser"))
                && parent(pid).is_some_and(|driver| {
                    let d = comm(&driver);
                    (d.starts_with("chromedriver")
                        || d.starts_with("geckodriver")
                        || d.starts_with("WebKitWebDriver"))
                        && parent(&driver).as_deref() == Some(me.as_str())
                })
        })
        .filter_map(|pid| pid.parse().ok())
        .collect()
}

/// Waits until a scenario's widget has called identify (so a scenario is mid-way and using its
/// browser), then kills that browser with SIGKILL. Returns the pid killed.
async fn kill_a_browser_mid_scenario() -> i32 {
    let deadline = Instant::now() + Duration::from_secs(120);
    let filter = Filter {
        route: Some(IDENTIFY_ROUTE.into()),
        ..Filter::default()
    };
    loop {
        assert!(
            Instant::now() < deadline,
            "no scenario called identify within 120 s"
        );
        if let Some(run) = suite::current()
            && !run.mock.state.journal.entries(&filter).is_empty()
        {
            let pids = browser_pids();
            assert_eq!(
                pids.len(),
                1,
                "one browser at concurrency 1, found {pids:?}"
            );
            nix::sys::signal::kill(Pid::from_raw(pids[0]), Signal::SIGKILL).unwrap();
            return pids[0];
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms(engine: Engine) {
    let reports = tempfile::tempdir().unwrap();
    let options = RunOptions {
        engines: vec![engine],
        concurrency: 1,
        // C1's scenario boots the widget and then keeps using the browser (cookies).
        tags: Some("@spec-C1 or @spec-E1 or @spec-E2".into()),
        report_dir: Some(reports.path().to_owned()),
        quiet: true,
        ..RunOptions::reference()
    };
    let total = options.selected().unwrap().len();
    let (verdict, killed) = tokio::join!(run(options), kill_a_browser_mid_scenario());

    assert!(
        matches!(verdict, Verdict::Conforms { scenarios } if scenarios == total),
        "{engine}: killing browser {killed} should cost the scenario a second try, not the verdict; got {verdict:?}"
    );
    let junit = std::fs::read_to_string(reports.path().join("junit.xml")).unwrap();
    assert_eq!(
        junit.matches("<testcase ").count(),
        total,
        "{engine}: every scenario ran: {junit}"
    );
    assert_eq!(
        junit.matches("<failure").count(),
        0,
        "{engine}: the second try passed, so no failure is left: {junit}"
    );
    assert_eq!(
        junit
            .matches("<property name=\"retry\" value=\"passed on a second try")
            .count(),
        1,
        "{engine}: the scenario that lost its browser says why it ran twice: {junit}"
    );
    let retry = std::fs::read_to_string(reports.path().join("retry/junit.xml")).unwrap();
    assert_eq!(
        retry.matches("<testcase ").count(),
        1,
        "{engine}: the second try ran only that scenario: {retry}"
    );
    assert!(
        browser_pids().is_empty(),
        "{engine}: a browser outlived the run"
    );
}

// One test for every engine: the killer watches the run in progress, which is global, so two
// tests in parallel threads would watch each other's runs.
#[tokio::test(flavor = "current_thread")]
async fn a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms_in_each_engine() {
    for engine in Engine::ALL {
        a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms(engine).await;
    }
}
