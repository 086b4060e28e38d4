//! Blame names the widget's statements only (issue 23): a build that never loads, or is not
//! JavaScript at all, fails every scenario of the widget with the cause, while the scenarios
//! of area A (the backend's token endpoint) still run, with the reference widget as the page's
//! client, and pass. `verdict.json` says the same for machines, with the build's hash.

use sha2::{Digest, Sha256};

#[path = "support/processes.rs"]
mod processes;
use processes::run_and_watch;

/// Area A's two kinds (REST only, and a page in the browser) and one statement of the widget.
const SELECTION: &str = "@spec-A1 or @spec-A5 or @spec-B1";

/// Runs `widget` over [`SELECTION`] in Chromium; checks the verdict and `verdict.json`.
fn blames_the_widget_only(widget: &str) {
    let w = run_and_watch(
        &[
            "--browser",
            "chromium",
            "--quiet",
            "--tags",
            SELECTION,
            "--widget",
            widget,
        ],
        None,
    );
    assert_eq!(w.code, Some(1), "{}", w.output);
    let statements = w
        .output
        .lines()
        .find_map(|l| l.strip_prefix("Failed statements: "))
        .unwrap_or_else(|| panic!("no failed statements in\n{}", w.output));
    let statements: Vec<&str> = statements.split(", ").collect();
    assert!(
        statements.contains(&"B1") && !statements.iter().any(|s| s.starts_with('A')),
        "{}",
        w.output
    );

    let text = std::fs::read_to_string(w.reports.path().join("verdict.json")).unwrap();
    let verdict: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(verdict["exit_code"], 1, "{text}");
    assert_eq!(verdict["verdict"], "does-not-conform", "{text}");
    assert_eq!(
        verdict["failed_statements"],
        serde_json::json!(statements),
        "{text}"
    );
    let chromium = &verdict["engines"][0];
    assert_eq!(chromium["engine"], "chromium", "{text}");
    let counts = &chromium["scenarios"];
    let passed = counts["passed"].as_u64().unwrap();
    let failed = counts["failed"].as_u64().unwrap();
    // A1's outline rows and both A5 scenarios pass; every B1 scenario fails.
    assert!(passed >= 3 && failed >= 3, "{text}");
    assert_eq!(counts["total"].as_u64().unwrap(), passed + failed, "{text}");
    let bytes = std::fs::read(widget).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(verdict["build"]["sha256"], sha, "{text}");
}

#[test]
fn a_build_that_never_loads_is_blamed_for_the_widget_s_statements_only() {
    blames_the_widget_only(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/hostile/syntax-error.js"
    ));
}

#[test]
fn a_build_that_is_not_javascript_is_blamed_for_the_widget_s_statements_only() {
    blames_the_widget_only(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/hostile/binary.bin"
    ));
}
