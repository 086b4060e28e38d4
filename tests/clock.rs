//! The page clock (`--clock`): the scenarios about time (tagged `@clock`) give every build the
//! same verdict under the virtual clock as under the real one. A build whose give-up escapes
//! the page clock (`fixtures/clock/escapes.json`: `AbortSignal.timeout`, its own iframe's
//! timers) is judged in real time and passes; a build that gives up too late fails both ways.
//! A "never" looks further ahead on the page clock than the real window did: a build that
//! breaks E1 two seconds late is failed under the virtual clock.

use std::{path::Path, process::Command, time::Instant};

use herodesk_conformance::mutation::variants;

#[path = "support/lanes.rs"]
mod lanes;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// Runs the `@clock` scenarios on `widget` in Chromium under `clock`: the exit code and the
/// output.
fn run(widget: &Path, clock: &str) -> (Option<i32>, String) {
    let reports = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = Command::new(BIN)
        // Two runs at once (one per clock): one browser per core each.
        .args(["--browser", "chromium", "--tags", "@clock", "--quiet"])
        .args(["--concurrency", "2"])
        .args(["--clock", clock, "--widget"])
        .arg(widget)
        .arg("--report")
        .arg(reports.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    println!(
        "{} --clock {clock}: exit {:?} in {:.1} s",
        widget.file_name().unwrap().to_string_lossy(),
        out.status.code(),
        started.elapsed().as_secs_f64()
    );
    (out.status.code(), text)
}

#[test]
fn every_build_gets_the_same_verdict_under_both_clocks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference_path = root.join("fixtures/widget/livechat.js");
    let reference = std::fs::read_to_string(&reference_path).unwrap();
    let builds = tempfile::tempdir().unwrap();
    let write = |variant: &variants::Variant| {
        let path = builds.path().join(format!("{}.js", variant.name));
        std::fs::write(&path, variant.apply(&reference).unwrap()).unwrap();
        path
    };
    let mut cases = vec![(reference_path.clone(), Some(0))];
    for escape in variants::load(&root.join("fixtures/clock/escapes.json")).unwrap() {
        cases.push((write(&escape), Some(0)));
    }
    let late = variants::load(&variants::manifest_path())
        .unwrap()
        .into_iter()
        .find(|v| v.name == "H1-identify-timeout-15s")
        .expect("the breakage manifest has H1-identify-timeout-15s");
    cases.push((write(&late), Some(1)));

    // Two builds at a time, each under both clocks at once: a run on the real clock mostly
    // waits its bounds out, so four runs share the 2 cores without crowding them.
    lanes::in_lanes(cases, 2, |(widget, expected)| {
        same_verdict_both_ways(&widget, expected);
    });
}

/// Runs `widget` under both clocks at once and asserts each gave `expected`.
fn same_verdict_both_ways(widget: &Path, expected: Option<i32>) {
    let ((virtual_exit, virtual_text), (real_exit, real_text)) = std::thread::scope(|s| {
        let on_the_page_clock = s.spawn(|| run(widget, "virtual"));
        let real = run(widget, "real");
        (on_the_page_clock.join().unwrap(), real)
    });
    assert_eq!(
        virtual_exit,
        expected,
        "{} under the virtual clock:\n{virtual_text}",
        widget.display()
    );
    assert_eq!(
        real_exit,
        expected,
        "{} under the real clock:\n{real_text}",
        widget.display()
    );
}

#[test]
fn a_never_on_the_page_clock_catches_what_happens_after_the_real_window() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("fixtures/widget/livechat.js")).unwrap();
    let late = variants::load(&variants::manifest_path())
        .unwrap()
        .into_iter()
        .find(|v| v.name == "E1-boot-without-argument-boots-two-seconds-late")
        .expect("the breakage manifest has E1-boot-without-argument-boots-two-seconds-late");
    let builds = tempfile::tempdir().unwrap();
    let path = builds.path().join("late.js");
    std::fs::write(&path, late.apply(&reference).unwrap()).unwrap();
    let (exit, text) = run(&path, "virtual");
    assert_eq!(exit, Some(1), "{text}");
    assert!(
        text.contains("E1") && text.contains("isBooted to stay false"),
        "{text}"
    );
}

#[test]
fn an_unknown_clock_is_refused_before_any_browser_starts() {
    let out = Command::new(BIN)
        .args(["--clock", "sundial", "--list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("sundial") && text.contains("virtual"),
        "{text}"
    );
}
