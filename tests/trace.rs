//! `--trace`: a failed scenario's trace page (every step with its screenshot, the mock's calls
//! with route and status, the console), linked from `spec.html` and from its JUnit test case;
//! none with `--trace off`; a passed scenario's page with `--trace on` only. Three small runs
//! in Chromium against a widget that breaks E1 and writes one console line when it loads.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use herodesk_conformance::runner::project_path;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// E1's first scenario (fails against the widget below) and E2's (passes).
const SELECTION: &[&str] = &["--tags", "@spec-E1 or @spec-E2", "--name", " — is"];

/// What the widget writes on the console as it loads.
const CONSOLE_LINE: &str = "trace test: the widget loaded";

/// The widget: isBooted true before any boot (breaks E1 only), and one console line.
fn widget(dir: &Path) -> PathBuf {
    let reference = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let broken = reference.replacen("booted: false,", "booted: true,", 1);
    assert_ne!(
        broken, reference,
        "the edit that breaks E1 no longer applies"
    );
    let path = dir.join("livechat.js");
    std::fs::write(&path, format!("console.info({CONSOLE_LINE:?});\n{broken}")).unwrap();
    path
}

/// Runs the selection with `--trace mode`; returns the report folder and the exit code.
fn run(name: &str, mode: &str) -> (PathBuf, Option<i32>) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("trace-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let reports = dir.join("reports");
    let out = Command::new(BIN)
        .arg("--widget")
        .arg(widget(&dir))
        .args(["--browser", "chromium", "--concurrency", "2", "--quiet"])
        .args(SELECTION)
        .args(["--trace", mode])
        .arg("--report")
        .arg(&reports)
        .output()
        .expect("the suite runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "one scenario fails: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (reports, out.status.code())
}

/// Every `trace.html` under `dir`.
fn traces(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(traces(&path));
        } else if path.file_name().is_some_and(|n| n == "trace.html") {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_failed_scenario_gets_a_linked_trace_of_its_steps_calls_and_console() {
    let (reports, _) = run("on-failure", "on-failure");
    let pages = traces(&reports);
    assert_eq!(
        pages.len(),
        1,
        "one trace, the failed scenario's: {pages:?}"
    );
    let page = &pages[0];
    assert!(
        page.starts_with(reports.join("failures")),
        "beside the failure's artefacts: {}",
        page.display()
    );
    let html = std::fs::read_to_string(page).unwrap();
    // The failed scenario's steps, each on the timeline, the failing one marked.
    for step in [
        "Given a new visitor",
        "When the visitor opens a page that loads the widget without booting it",
        "And Herodesk.isBooted is false",
    ] {
        assert!(html.contains(step), "the step {step:?} is on the page");
    }
    assert!(html.contains("<li class=\"failed\">"), "a failed step");
    assert!(
        html.contains("expected Herodesk.isBooted to be false"),
        "the failed step's words"
    );
    // A screenshot after every step that ran (the before and after hooks take none).
    let ran = html.matches("<li class=\"passed\">").count() + 1 - 2;
    let images = html.matches("<img").count();
    assert_eq!(
        images, ran,
        "a screenshot for each of the {ran} steps that ran"
    );
    assert!(
        html.contains("data:image/png;base64,iVBOR"),
        "an embedded PNG"
    );
    // Journal calls with their route and status: the host page the scenario opened.
    assert!(html.contains("<tr class=\"call\">"), "a journal call");
    assert!(html.contains("GET /w/{wid}/"), "the host page's route");
    assert!(
        html.contains("<td class=\"mono\">200</td>"),
        "a call's status"
    );
    assert!(html.contains(CONSOLE_LINE), "the console line");
    // Linked from spec.html (relative to it) and from the JUnit test case.
    let relative = page.strip_prefix(&reports).unwrap().display().to_string();
    let spec = std::fs::read_to_string(reports.join("spec.html")).unwrap();
    assert!(
        spec.contains(&format!("href=\"{relative}\"")),
        "spec.html links {relative}"
    );
    let junit = std::fs::read_to_string(reports.join("junit.xml")).unwrap();
    let absolute = std::path::absolute(page).unwrap();
    assert!(
        junit.contains(&format!("[[ATTACHMENT|{}]]", absolute.display())),
        "junit.xml attaches {}: {junit}",
        absolute.display()
    );
    assert_eq!(
        junit.matches("<property name=\"trace\"").count(),
        1,
        "{junit}"
    );
}

#[test]
fn trace_off_writes_none_and_on_writes_one_for_a_passed_scenario_too() {
    let (off, _) = run("off", "off");
    assert_eq!(traces(&off), Vec::<PathBuf>::new());
    let junit = std::fs::read_to_string(off.join("junit.xml")).unwrap();
    assert!(!junit.contains("ATTACHMENT"), "{junit}");

    let (on, _) = run("on", "on");
    let pages = traces(&on);
    let passed: Vec<_> = pages
        .iter()
        .filter(|p| p.starts_with(on.join("traces")))
        .collect();
    assert!(!passed.is_empty(), "a passed scenario's trace: {pages:?}");
    assert_eq!(
        pages.len() - passed.len(),
        1,
        "and the failed one's: {pages:?}"
    );
    let html = std::fs::read_to_string(passed[0]).unwrap();
    assert!(html.contains("<b>passed</b>"), "{}", passed[0].display());
}
