//! The reports a CI system reads: a failing run writes `junit.xml`, which a real JUnit consumer
//! (`junitparser`, from PyPI) accepts with the right counts, and `cucumber.json`, which holds
//! every scenario run.

use std::process::Command;

use herodesk_conformance::runner::project_path;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

#[test]
fn a_failing_run_writes_junit_and_cucumber_json_that_consumers_accept() {
    let dir = tempfile::tempdir().unwrap();
    let reference = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/widget/livechat.js"
    ))
    .unwrap();
    // Breaks E1 only: isBooted is true before any boot.
    let broken = reference.replacen("booted: false,", "booted: true,", 1);
    assert_ne!(broken, reference, "the edit must apply");
    let widget = dir.path().join("livechat.js");
    std::fs::write(&widget, broken).unwrap();
    let reports = dir.path().join("reports");

    let out = Command::new(BIN)
        .args(["--widget", widget.to_str().unwrap()])
        .args(["--tags", "@spec-E1 or @spec-E2"])
        // Exactly the first E1 and E2 scenarios (the areas grew more): one fails, one passes.
        .args(["--name", " — is"])
        .args(["--report", reports.to_str().unwrap()])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");

    let junit = reports.join("junit.xml");
    let parsed = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, junitparser\n\
             xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n\
             suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]\n\
             tests = sum(s.tests for s in suites)\n\
             bad = sum(s.failures + s.errors for s in suites)\n\
             print(tests, bad)",
        )
        .arg(&junit)
        .output()
        .expect("python3 runs (scripts/install-deps.sh installs junitparser)");
    let counts = String::from_utf8_lossy(&parsed.stdout).trim().to_owned();
    assert!(
        parsed.status.success(),
        "junitparser refused {}: {}",
        junit.display(),
        String::from_utf8_lossy(&parsed.stderr)
    );
    assert_eq!(
        counts, "2 1",
        "junitparser counted (tests, failures+errors)"
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("cucumber.json")).unwrap())
            .unwrap();
    let scenarios: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["elements"].as_array().unwrap())
        .filter(|e| e["type"] == "scenario")
        .collect();
    assert_eq!(scenarios.len(), 2, "{json}");
    let failed_steps = scenarios
        .iter()
        .flat_map(|s| s["steps"].as_array().unwrap())
        .filter(|st| st["result"]["status"] == "failed")
        .count();
    assert_eq!(failed_steps, 1, "{json}");

    // Each scenario's backend calls: calls.json, JUnit properties and spec.html.
    let calls: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("calls.json")).unwrap())
            .unwrap();
    let calls = calls.as_array().unwrap();
    assert_eq!(calls.len(), 2, "{calls:?}");
    for c in calls {
        let per_route: u64 = c["routes"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
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
    let junit_text = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(
        junit_text.matches("<property name=\"calls.total\"").count(),
        2,
        "{junit_text}"
    );
    assert!(
        junit_text.contains("<property name=\"status\" value=\"failed\"/>"),
        "{junit_text}"
    );

    // The failed scenario's artefacts, named in the verdict.
    let failures: Vec<_> = std::fs::read_dir(reports.join("failures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    let folder = &failures[0];
    assert!(
        text.contains(&folder.display().to_string()),
        "the verdict names {folder:?}:\n{text}"
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
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(
            len > 0 || file == "cookies.txt" || file == "console.txt",
            "{} is missing or empty",
            path.display()
        );
        assert!(path.exists(), "{} is missing", path.display());
    }
    let png = std::fs::read(folder.join("screenshot.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "the screenshot is a PNG");
    let iframe = std::fs::read_to_string(folder.join("widget-iframe.html")).unwrap();
    assert!(
        iframe.contains("data-herodesk-contact"),
        "the iframe HTML is the widget's"
    );
    let journal: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("journal.json")).unwrap())
            .unwrap();
    assert!(
        !journal.as_array().unwrap().is_empty(),
        "the journal of the scenario's workspace"
    );

    // The spec as documentation, with this run's results and a link to the failure.
    let page = std::fs::read_to_string(reports.join("spec.html")).unwrap();
    // Every statement of the spec but the two this run checked is "not run".
    let spec = std::fs::read_to_string(project_path("docs/spec/widget-spec.md")).unwrap();
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
    assert!(
        page.contains("Backend calls: "),
        "spec.html shows the calls"
    );
    let folder_name = folder.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        page.contains(&format!("failures/{folder_name}/screenshot.png")),
        "spec.html links the failure's screenshot"
    );
}
