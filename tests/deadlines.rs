//! Deadlines: a scenario past `--scenario-timeout` fails as the widget's with a message that
//! says so, its browser is replaced and the run goes on; a run past `--timeout` stops, writes
//! reports that say so and ends with exit 2 (no widget failure yet). In Chromium, which
//! starts fastest; nothing may be left behind either way. The two tests run side by side
//! (libtest's threads): the first mostly waits out the widget's identify timeout in real time.

use std::time::{Duration, Instant};

#[path = "support/processes.rs"]
mod processes;
#[path = "support/report_files.rs"]
mod report_files;
use processes::{assert_nothing_left, run_and_watch};

#[test]
fn a_scenario_past_its_deadline_fails_as_the_widgets_and_the_run_goes_on() {
    // H1's first scenario waits out the widget's 8 s identify timeout in real time (on the
    // page clock it would not): past a 6 s deadline. The other H1 scenarios (a few seconds
    // each) must still run.
    let w = run_and_watch(
        &[
            "--clock",
            "real",
            "--browser",
            "chromium",
            "--concurrency",
            "1",
            "--quiet",
            "--tags",
            "@spec-H1",
            "--scenario-timeout",
            "6",
        ],
        None,
    );
    assert_eq!(w.code, Some(1), "{}", w.output);
    assert!(
        w.output
            .contains("did not finish within its deadline of 6 s (--scenario-timeout)"),
        "{}",
        w.output
    );
    // Every scenario of the selection ran, the later ones included (their number grows with
    // the states table, so it is read from the progress lines, not fixed here).
    let last = w
        .output
        .lines()
        .rev()
        .filter_map(|l| l.strip_prefix("progress: "))
        .find_map(|l| l.split_once(' ')?.0.split_once('/'))
        .map(|(done, all)| (done.to_owned(), all.to_owned()));
    assert!(
        last.as_ref()
            .is_some_and(|(done, all)| done == all && all.parse::<u32>().unwrap_or(0) >= 2),
        "the run did not go on ({last:?}): {}",
        w.output
    );
    assert_nothing_left(&w, &["chromedriver", "chromium"]);
}

#[test]
fn a_run_past_its_timeout_stops_with_reports_that_say_so() {
    let reports = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let w = run_and_watch(
        &[
            "--browser",
            "chromium",
            "--concurrency",
            "1",
            "--quiet",
            "--timeout",
            "10",
            "--report",
            reports.path().to_str().unwrap(),
        ],
        None,
    );
    let took = started.elapsed();
    assert_eq!(w.code, Some(2), "{}", w.output);
    assert!(
        w.output.contains("stopped at its --timeout of 10 s"),
        "{}",
        w.output
    );
    // The limit, plus stopping the browsers and writing the reports.
    assert!(took < Duration::from_secs(10 + 20), "took {took:?}");
    let (tests, bad) = report_files::junit_counts(&reports.path().join("junit.xml"));
    assert!(tests > 10 && bad == 1, "({tests}, {bad})");
    let xml = std::fs::read_to_string(reports.path().join("junit.xml")).unwrap();
    assert!(xml.contains("stopped at its --timeout of 10 s"), "{xml}");
    assert_nothing_left(&w, &["chromedriver", "chromium"]);
}
