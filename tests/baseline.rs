//! `--baseline` and `--update-baseline` through the real command, in Chromium, on the three C4
//! scenarios about "a later page load" and two broken variants of the reference widget:
//! `C4-email-compared-untrimmed` fails one of them, `C4-identify-every-load` all three.

use std::{path::Path, process::Command};

use herodesk_conformance::{mutation::variants, runner::project_path};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

const SAME_EMAIL: &str = "C4 — a later page load with the same email makes no identify call";
const OTHER_CASE: &str = "C4 — a later page load with the same email in other case and with spaces makes no identify call";
const OTHER_PATH: &str =
    "C4 — a later page load on another path of the site makes no identify call";

/// The reference widget with `name`'s edits, written into `dir`.
fn variant(dir: &Path, name: &str) -> String {
    let all = variants::load(&variants::manifest_path()).unwrap();
    let v = all.iter().find(|v| v.name == name).expect("variant exists");
    let reference = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let path = dir.join(format!("{name}.js"));
    std::fs::write(&path, v.apply(&reference).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

fn baseline(dir: &Path, entries: &[(&str, &str)]) -> String {
    let expectations: Vec<_> = entries
        .iter()
        .map(|(scenario, reason)| {
            serde_json::json!({
                "feature": "session_caching.feature",
                "scenario": scenario,
                "status": "FAIL",
                "reason": reason,
            })
        })
        .collect();
    let path = dir.join("baseline.json");
    std::fs::write(
        &path,
        serde_json::json!({ "format": "herodesk-baseline/1", "expectations": expectations })
            .to_string(),
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs the C4 "later page load" scenarios in Chromium; exit code and all the output.
fn run(dir: &Path, widget: &str, extra: &[&str]) -> (Option<i32>, String) {
    let (code, text, _) = timed_run(dir, widget, extra);
    (code, text)
}

/// [`run`], and how long the command itself took. The tests run side by side (libtest's
/// threads, one per core), each with a folder of its own.
fn timed_run(
    dir: &Path,
    widget: &str,
    extra: &[&str],
) -> (Option<i32>, String, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .args(["--browser", "chromium", "--quiet"])
        .args(["--tags", "@spec-C4", "--name", "later page load"])
        .args(["--widget", widget])
        .args(["--report", dir.join("reports").to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text, started.elapsed())
}

#[test]
fn a_baseline_written_from_a_broken_build_lets_it_pass_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let widget = variant(dir.path(), "C4-email-compared-untrimmed");
    let first = dir.path().join("first.json");
    let (code, text) = run(
        dir.path(),
        &widget,
        &["--update-baseline", first.to_str().unwrap()],
    );
    assert_eq!(
        code,
        Some(1),
        "without a baseline the failure fails: {text}"
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    let names: Vec<&str> = written["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(names, [OTHER_CASE], "{written}");

    let second = dir.path().join("second.json");
    let (code, text) = run(
        dir.path(),
        &widget,
        &[
            "--baseline",
            first.to_str().unwrap(),
            "--update-baseline",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "the known failure is expected: {text}");
    assert!(text.contains("expected failure"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
        "--update-baseline round-trips"
    );
    // An expected failure is not a pass in the JUnit report.
    let junit = std::fs::read_to_string(dir.path().join("reports/junit.xml")).unwrap();
    assert!(
        junit.contains("<skipped type=\"expected-failure\""),
        "{junit}"
    );
}

#[test]
fn one_more_failure_than_the_baseline_knows_fails_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let widget = variant(dir.path(), "C4-identify-every-load");
    let known = baseline(dir.path(), &[(OTHER_CASE, "HD-1"), (OTHER_PATH, "HD-2")]);
    let (code, text) = run(dir.path(), &widget, &["--baseline", &known]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!("new failure: {SAME_EMAIL}")),
        "names the new failure: {text}"
    );
    assert!(
        !text.contains(&format!("new failure: {OTHER_CASE}")),
        "the known ones are not new: {text}"
    );
}

#[test]
fn a_known_failure_that_now_passes_fails_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let reference = project_path("fixtures/widget/livechat.js");
    let known = baseline(dir.path(), &[(OTHER_CASE, "HD-1")]);
    let (code, text) = run(
        dir.path(),
        reference.to_str().unwrap(),
        &["--baseline", &known],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!("now passes: {OTHER_CASE}")),
        "{text}"
    );
    assert!(text.contains("remove it from the baseline"), "{text}");
    let (code, text) = run(
        dir.path(),
        reference.to_str().unwrap(),
        &["--baseline", &known, "--allow-fixed"],
    );
    assert_eq!(code, Some(0), "--allow-fixed: {text}");
}

#[test]
fn a_baseline_naming_an_unknown_scenario_cannot_be_used() {
    let dir = tempfile::tempdir().unwrap();
    let reference = project_path("fixtures/widget/livechat.js");
    let stale = baseline(dir.path(), &[("C4 — a scenario renamed since", "HD-1")]);
    let (code, text, took) = timed_run(
        dir.path(),
        reference.to_str().unwrap(),
        &["--baseline", &stale],
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains(
            "unknown scenario in baseline: session_caching.feature › C4 — a scenario renamed since"
        ),
        "{text}"
    );
    assert!(
        took < std::time::Duration::from_secs(10),
        "refused before any browser starts (took {took:?})"
    );
}
