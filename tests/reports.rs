//! The reports a CI system and a person read, after one failing run shared by every test of
//! this file: `junit.xml` (which a real JUnit consumer, `junitparser` from PyPI, accepts with
//! the right counts), `cucumber.json`, `calls.json`, the failure's artefacts and `spec.html`.
//!
//! The run happens once per test binary, the first time a test asks for it, and writes into
//! `$CARGO_TARGET_TMPDIR/reports-run` (emptied first, kept afterwards so a failure can be
//! looked at). With `HERODESK_REPORTS_REUSE=1` the tests read the reports already there
//! instead of running again: for working on these tests, never for CI.

#[path = "support/report_files.rs"]
mod report_files;

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

use herodesk_conformance::runner::project_path;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// The shared run: where its reports are, what it printed and its exit code.
struct Run {
    reports: PathBuf,
    output: String,
    code: Option<i32>,
}

impl Run {
    fn read(&self, file: &str) -> String {
        let path = self.reports.join(file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    fn json(&self, file: &str) -> Value {
        serde_json::from_str(&self.read(file)).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
    }

    /// The one failed scenario's artefacts folder.
    fn failure_folder(&self) -> PathBuf {
        let failures: Vec<PathBuf> = std::fs::read_dir(self.reports.join("failures"))
            .map(|dir| dir.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        assert_eq!(failures.len(), 1, "one failure folder: {failures:?}");
        failures[0].clone()
    }
}

/// The run every test reads, made on first use. A run that cannot be made is kept as its
/// error, so each test fails with it instead of running the suite again.
fn run() -> &'static Run {
    static RUN: OnceLock<Result<Run, String>> = OnceLock::new();
    match RUN.get_or_init(failing_run) {
        Ok(run) => run,
        Err(e) => panic!("the shared run could not be made: {e}"),
    }
}

/// The E1 and E2 scenarios about `isBooted` and `isReady` themselves: against the widget below
/// exactly one fails (E1's first), the others pass.
const SELECTION: &[&str] = &["--tags", "@spec-E1 or @spec-E2", "--name", " — is"];

/// How many scenarios [`SELECTION`] holds, as `--list` says (the areas grow, so it is not
/// fixed here); at least two, one failing and one passing.
fn selected() -> usize {
    let out = Command::new(BIN)
        .arg("--list")
        .args(SELECTION)
        .output()
        .expect("--list runs");
    let n = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(n >= 2, "the selection holds {n} scenario(s)");
    n
}

/// Runs [`SELECTION`] against a widget that breaks E1 only.
fn failing_run() -> Result<Run, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reports-run");
    let reports = dir.join("reports");
    if std::env::var_os("HERODESK_REPORTS_REUSE").is_some_and(|v| v == "1") {
        let read = |file: &str| {
            std::fs::read_to_string(dir.join(file))
                .map_err(|e| format!("HERODESK_REPORTS_REUSE=1 but no earlier run's {file}: {e}"))
        };
        return Ok(Run {
            reports,
            output: read("output.txt")?,
            code: read("exit-code.txt")?.trim().parse().ok(),
        });
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("emptying {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let reference = std::fs::read_to_string(project_path("fixtures/widget/livechat.js"))
        .map_err(|e| format!("the reference widget: {e}"))?;
    // Breaks E1 only: isBooted is true before any boot.
    let broken = reference.replacen("booted: false,", "booted: true,", 1);
    if broken == reference {
        return Err("the edit that breaks E1 no longer applies to the reference widget".into());
    }
    let widget = dir.join("livechat.js");
    std::fs::write(&widget, broken).map_err(|e| format!("writing the widget: {e}"))?;
    let out = Command::new(BIN)
        .arg("--widget")
        .arg(&widget)
        .args(SELECTION)
        .arg("--report")
        .arg(&reports)
        .output()
        .map_err(|e| format!("running {BIN}: {e}"))?;
    let output =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::write(dir.join("output.txt"), &output);
    let code = out.status.code();
    let _ = std::fs::write(
        dir.join("exit-code.txt"),
        code.map(|c| c.to_string()).unwrap_or_default(),
    );
    Ok(Run {
        reports,
        output,
        code,
    })
}

#[test]
fn the_run_with_one_failing_scenario_exits_1() {
    let run = run();
    assert_eq!(run.code, Some(1), "{}", run.output);
}

#[test]
fn junitparser_accepts_junit_xml_and_counts_the_tests_and_the_one_failed() {
    let junit = run().reports.join("junit.xml");
    assert_eq!(
        report_files::junit_counts(&junit),
        (selected(), 1),
        "junitparser counted (tests, failures+errors)"
    );
}

#[test]
fn junit_xml_carries_each_scenarios_calls_and_status_as_properties() {
    let junit = run().read("junit.xml");
    assert_eq!(
        junit.matches("<property name=\"calls.total\"").count(),
        selected(),
        "{junit}"
    );
    assert!(
        junit.contains("<property name=\"status\" value=\"failed\"/>"),
        "{junit}"
    );
}

#[test]
fn cucumber_json_holds_every_scenario_and_the_one_failed_step() {
    let json = run().json("cucumber.json");
    let scenarios: Vec<&Value> = json
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["elements"].as_array().into_iter().flatten())
        .filter(|e| e["type"] == "scenario")
        .collect();
    assert_eq!(scenarios.len(), selected(), "{json}");
    let failed_steps = scenarios
        .iter()
        .flat_map(|s| s["steps"].as_array().into_iter().flatten())
        .filter(|st| st["result"]["status"] == "failed")
        .count();
    assert_eq!(failed_steps, 1, "{json}");
}

#[test]
fn calls_json_counts_each_scenarios_calls_per_route_and_in_total() {
    let calls = run().json("calls.json");
    let calls = calls.as_array().cloned().unwrap_or_default();
    assert_eq!(calls.len(), selected(), "{calls:?}");
    for c in &calls {
        let per_route: u64 = c["routes"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, n)| n.as_u64().unwrap_or_default())
            .sum();
        assert_eq!(c["total"].as_u64(), Some(per_route), "{c}");
        assert!(c["feature"] == "state_properties.feature", "{c}");
    }
    assert!(
        calls
            .iter()
            .any(|c| c["routes"]["POST /widget/v1/identify"].as_u64() >= Some(1)),
        "a scenario that boots a contact identifies: {calls:?}"
    );
}

#[test]
fn the_failures_artefacts_are_written_and_named_in_the_verdict() {
    let run = run();
    let folder = run.failure_folder();
    assert!(
        run.output.contains(&folder.display().to_string()),
        "the verdict names {folder:?}:\n{}",
        run.output
    );
    for file in [
        "screenshot.png",
        "page.html",
        "widget-iframe.html",
        "console.txt",
        "journal.json",
        "cookies.txt",
    ] {
        let path = folder.join(file);
        assert!(path.exists(), "{} is missing", path.display());
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(
            len > 0 || file == "cookies.txt" || file == "console.txt",
            "{} is empty",
            path.display()
        );
    }
    let png = std::fs::read(folder.join("screenshot.png")).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the screenshot is a PNG"
    );
    let iframe = std::fs::read_to_string(folder.join("widget-iframe.html")).unwrap_or_default();
    assert!(
        iframe.contains("data-herodesk-contact"),
        "the iframe HTML is the widget's"
    );
    let journal: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("journal.json")).unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    assert!(
        journal.as_array().is_some_and(|a| !a.is_empty()),
        "the journal of the scenario's workspace: {journal}"
    );
}

#[test]
fn spec_html_marks_e1_failed_e2_passed_and_every_other_statement_not_run() {
    let page = run().read("spec.html");
    let spec = std::fs::read_to_string(project_path("docs/spec/widget-spec.md"))
        .unwrap_or_else(|e| panic!("the spec: {e}"));
    let statements = spec
        .lines()
        .filter(|l| {
            l.strip_prefix("- **")
                .and_then(|l| l.split_once("**"))
                .is_some_and(|(id, _)| {
                    id.len() >= 2
                        && id.starts_with(|c: char| c.is_ascii_uppercase())
                        && id[1..].chars().all(|c| c.is_ascii_digit())
                })
        })
        .count();
    let summary = format!(
        "Statements: 1 passed, 0 failed as the baseline expects, 1 failed the gate, {} not run",
        statements - 2
    );
    assert!(page.contains(&summary), "spec.html summary: {summary}");
    assert!(
        page.contains(r#"<article id="E1" class="statement failed">"#),
        "E1 is marked failed"
    );
    assert!(
        page.contains(r#"<article id="E2" class="statement passed">"#),
        "E2 is marked passed"
    );
}

#[test]
fn spec_html_shows_the_calls_and_links_the_failures_screenshot() {
    let run = run();
    let page = run.read("spec.html");
    assert!(
        page.contains("Backend calls: "),
        "spec.html shows the calls"
    );
    let folder = run.failure_folder();
    let folder_name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(
        page.contains(&format!("failures/{folder_name}/screenshot.png")),
        "spec.html links the failure's screenshot"
    );
}
