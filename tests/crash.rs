//! A browser that dies mid-run from outside: the test kills the browser process by PID while a
//! scenario is using it. Nothing the widget did is to blame, so the scenario gets a second try
//! in a new browser, passes, and the run conforms, its `junit.xml` saying why the scenario ran
//! twice; the remaining scenarios run and pass. Once per engine, the three side by side in
//! processes of their own. (A page that crashes its browser twice is the widget's:
//! `tests/hostile.rs` runs such builds.)

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use herodesk_conformance::{
    RunOptions, Verdict, backend::IDENTIFY_ROUTE, browser::Engine, browser::proc_stat, run,
    run::suite,
};
use herodesk_mock::journal::Filter;
use nix::{sys::signal::Signal, unistd::Pid};

/// The pid of a browser's main process: a child of one of the suite's drivers.
fn browser_pids() -> Vec<i32> {
    let all = proc_stat::all();
    let by_pid: HashMap<i32, &proc_stat::Stat> = all.iter().map(|p| (p.pid, p)).collect();
    let me = std::process::id() as i32;
    all.iter()
        .filter(|p| {
            (p.comm.starts_with("chromium")
                || p.comm.starts_with("firefox")
                || p.comm.starts_with("MiniBrowser"))
                && by_pid.get(&p.ppid).is_some_and(|driver| {
                    (driver.comm.starts_with("chromedriver")
                        || driver.comm.starts_with("geckodriver")
                        || driver.comm.starts_with("WebKitWebDriver"))
                        && driver.ppid == me
                })
        })
        .map(|p| p.pid)
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
        // C1's scenario boots the widget and then keeps using the browser (cookies); E2's
        // five come after it, in another feature: the run goes on past the lost browser.
        tags: Some("@spec-C1 or @spec-E2".into()),
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

/// Set in the processes this test starts: the one engine that process tests.
const ONE_ENGINE: &str = "HERODESK_CRASH_ENGINE";

// One test for every engine, each engine in a process of its own (this test binary again,
// with [`ONE_ENGINE`] set): the killer watches the run in progress, which is process-wide, so
// two runs in one process would watch each other's; in processes of their own the three run
// side by side, as a run mostly waits for its browser to start and its scenarios to end.
#[tokio::test(flavor = "current_thread")]
async fn a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms_in_each_engine() {
    if let Ok(name) = std::env::var(ONE_ENGINE) {
        let engine = Engine::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .unwrap_or_else(|| panic!("{ONE_ENGINE}: `{name}` is not an engine"));
        a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms(engine).await;
        return;
    }
    let me = std::env::current_exe().expect("the test binary's path");
    let children: Vec<_> = Engine::ALL
        .into_iter()
        .map(|engine| {
            let mut command = std::process::Command::new(&me);
            command
                .args([
                    "--exact",
                    "a_browser_killed_mid_run_gets_a_second_try_and_the_run_conforms_in_each_engine",
                    "--nocapture",
                ])
                .env(ONE_ENGINE, engine.name())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            // Killed with this process, however it ends (its drivers die with it).
            let child = herodesk_conformance::browser::tether::spawn(command)
                .expect("the test binary starts again");
            (engine, child)
        })
        .collect();
    // Every engine's outcome is told before the test fails.
    let failed: Vec<String> = children
        .into_iter()
        .filter_map(|(engine, child)| {
            let out = child.wait_with_output().expect("the engine's process ends");
            (!out.status.success()).then(|| {
                format!(
                    "{engine}: {}\n{}{}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )
            })
        })
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}
