//! `spec.html`, the spec as documentation with this run's results
//! ([`crate::spec::living_doc`] renders it), written after a round of `--repeat` and with the run's
//! final statuses.

use std::path::Path;

use crate::{outcomes::ScenarioResult, plan::RunPlan, verdict::Verdict};

/// Writes `spec.html` in the report folder (a failure to write it is said, not fatal).
pub fn write_living_doc(
    dir: &Path,
    plan: &RunPlan,
    outcomes: &crate::outcomes::Outcomes,
    verdict: &Verdict,
) {
    write_living_doc_of(dir, plan, &outcomes.results(), outcomes.elapsed(), verdict);
}

/// Writes `spec.html` for `results` (the final statuses, once a baseline judged them).
pub fn write_living_doc_of(
    dir: &Path,
    plan: &RunPlan,
    results: &[crate::outcomes::ScenarioResult],
    elapsed: std::time::Duration,
    verdict: &Verdict,
) {
    let Some(spec) = read_spec() else {
        return;
    };
    let summary = crate::spec::living_doc::RunSummary {
        // The headline's last line is the verdict itself; the failures are on the page.
        verdict: verdict
            .headline()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
        widget: plan.widget.describe(),
        when: format!(
            "{} scenarios in {:.0} s, finished {}",
            results.len(),
            elapsed.as_secs_f64(),
            crate::spec::human_time::now()
        ),
    };
    let path = dir.join("spec.html");
    match write_page(&path, &spec, &plan.features, results, &summary) {
        Ok(()) => println!("Spec with this run's results: {}", path.display()),
        Err(e) => eprintln!("spec.html not written: {e}"),
    }
}

/// Writes the page to `path`; links to artefacts are made relative to the page's folder.
fn write_page(
    path: &Path,
    spec_markdown: &str,
    features: &Path,
    results: &[ScenarioResult],
    summary: &crate::spec::living_doc::RunSummary,
) -> std::io::Result<()> {
    let base = path.parent().unwrap_or(Path::new("."));
    let html = crate::spec::living_doc::render(spec_markdown, features, results, summary, base)
        .map_err(std::io::Error::other)?;
    super::file::write(path, html)
}

/// Writes `--browser all`'s `spec.html` in `dir`: every statement × engine, from each
/// engine's `results` (a failure to write it is said, not fatal).
pub fn write_matrix(
    dir: &Path,
    features: &Path,
    results: &[crate::spec::matrix::EngineResults],
    verdict: &Verdict,
) {
    let Some(spec) = read_spec() else {
        return;
    };
    let headline = verdict.headline();
    let last = headline.lines().last().unwrap_or_default();
    let path = dir.join("spec.html");
    match crate::spec::matrix::write(&path, &spec, features, results, last) {
        Ok(()) => println!("Spec, statement × engine: {}", path.display()),
        Err(e) => eprintln!("spec.html not written: {e}"),
    }
}

/// The spec text the page is made from; `None`, said on stderr, when it cannot be read.
fn read_spec() -> Option<String> {
    std::fs::read_to_string(crate::plan::options::project_path(
        "docs/spec/widget-spec.md",
    ))
    .map_err(|e| eprintln!("spec.html not written: cannot read docs/spec/widget-spec.md: {e}"))
    .ok()
}
