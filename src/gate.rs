//! The gate after one engine's scenarios: the baseline's judgement (`--baseline`), and the
//! reports rewritten with each scenario's final status (JUnit, `calls.json`, `spec.html`).

use std::{path::Path, time::Duration};

use crate::{
    browser::Engine, options::RunOptions, outcomes::ScenarioResult, status::Status,
    verdict::Verdict,
};

/// Judges `results` against the options' baseline, if any, and returns the verdict: only
/// new failures, flaky scenarios not known as flaky, and known failures that now pass (unless
/// `--allow-fixed`) fail it. A run that reached no verdict on the widget keeps its own.
pub fn judge(
    options: &RunOptions,
    engine: Engine,
    verdict: Verdict,
    results: &mut [ScenarioResult],
) -> Verdict {
    let judgeable = match &verdict {
        Verdict::Conforms { .. } => true,
        Verdict::DoesNotConform { failures } => !failures.is_empty(),
        Verdict::CouldNotRun(_) => false,
    };
    if !judgeable || results.is_empty() {
        return verdict;
    }
    let baseline = match options.load_baseline() {
        Ok(Some(b)) => b,
        Ok(None) => return verdict,
        // Checked before the run started; the file changed under it.
        Err(why) => return Verdict::CouldNotRun(why.into()),
    };
    let gate = baseline.judge(engine, results, options.allow_fixed);
    println!("\nBaseline: {}", crate::baseline::tally(results));
    for r in results.iter().filter(|r| r.status != Status::Passed) {
        println!(
            "  {:<16} {}{}",
            r.status.label(),
            r.key,
            r.status
                .reason()
                .map(|why| format!("  ({why})"))
                .unwrap_or_default()
        );
    }
    // "Conforms (N scenarios passed)" counts only the scenarios that passed: an expected
    // failure must not read as a pass (the baseline's line above names them).
    let passed = results.iter().filter(|r| !r.status.failed_at_all()).count();
    Verdict::of_failures(passed, gate)
}

/// Writes the reports again with the final statuses: `junit.xml` from `results` (with
/// `--repeat`, one test case per scenario over the rounds), `calls.json` (every scenario's
/// widget calls) and `spec.html`. Failures to write are said, not fatal.
pub fn write_reports(
    options: &RunOptions,
    results: &[ScenarioResult],
    elapsed: Duration,
    verdict: &Verdict,
) {
    let Some(dir) = &options.report_dir else {
        return;
    };
    if results.is_empty() {
        return;
    }
    let report = crate::report::RunReport {
        results,
        cut_short: None,
    };
    if let Err(e) = crate::report::junit::write(dir, &report) {
        eprintln!("junit.xml not written: {e}");
    }
    if let Err(e) = write_calls_json(dir, results) {
        eprintln!("calls.json not written: {e}");
    }
    write_living_doc_of(dir, options, results, elapsed, verdict);
}

/// One scenario's line of `calls.json`.
#[derive(Debug, serde::Serialize)]
struct CallsLine<'a> {
    #[serde(flatten)]
    key: &'a crate::scenario_key::ScenarioKey,
    line: usize,
    status: &'static str,
    #[serde(flatten)]
    calls: &'a crate::traffic::CallSummary,
}

/// Writes `calls.json` in `dir`: every scenario's key, status and widget calls, sorted by key.
///
/// # Errors
/// An I/O error writing the file.
fn write_calls_json(dir: &Path, results: &[ScenarioResult]) -> std::io::Result<()> {
    let mut lines: Vec<CallsLine> = results
        .iter()
        .map(|r| CallsLine {
            key: &r.key,
            line: r.line,
            status: r.status.label(),
            calls: &r.calls,
        })
        .collect();
    lines.sort_by(|a, b| a.key.cmp(b.key));
    let text = serde_json::to_string_pretty(&lines).map_err(std::io::Error::other)?;
    crate::report::file::write(&dir.join("calls.json"), text + "\n")
}

/// Writes `spec.html` in the report folder (a failure to write it is said, not fatal).
pub fn write_living_doc(
    dir: &Path,
    options: &RunOptions,
    outcomes: &crate::outcomes::Outcomes,
    verdict: &Verdict,
) {
    write_living_doc_of(
        dir,
        options,
        &outcomes.results(),
        outcomes.elapsed(),
        verdict,
    );
}

/// Writes `spec.html` for `results` (the final statuses, once a baseline judged them).
pub fn write_living_doc_of(
    dir: &Path,
    options: &RunOptions,
    results: &[crate::outcomes::ScenarioResult],
    elapsed: std::time::Duration,
    verdict: &Verdict,
) {
    let spec =
        match std::fs::read_to_string(crate::options::project_path("docs/spec/widget-spec.md")) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("spec.html not written: cannot read docs/spec/widget-spec.md: {e}");
                return;
            }
        };
    let summary = crate::living_doc::RunSummary {
        // The headline's last line is the verdict itself; the failures are on the page.
        verdict: verdict
            .headline()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
        widget: options
            .widget_url
            .clone()
            .unwrap_or_else(|| options.widget.display().to_string()),
        when: format!(
            "{} scenarios in {:.0} s, finished {}",
            results.len(),
            elapsed.as_secs_f64(),
            time::OffsetDateTime::now_utc()
        ),
    };
    let path = dir.join("spec.html");
    match crate::living_doc::write(&path, &spec, &options.features, results, &summary) {
        Ok(()) => println!("Spec with this run's results: {}", path.display()),
        Err(e) => eprintln!("spec.html not written: {e}"),
    }
}
