//! The spec as documentation: one self-contained HTML page, written by every run, that lists
//! each statement of the spec (ID, text, resolution), the scenarios that check it with their
//! steps, and how they did in this run, with links to the artefacts of failures. The page is
//! the askama template `templates/spec.html`; this module gathers what it shows.

mod catalogue;
mod spec_text;

use std::path::Path;

use askama::Template;
use cucumber::gherkin::Step;

use self::catalogue::{Entry, Status, catalogue, results_of, status_of};
pub use self::{
    catalogue::{ScenarioPlace, scenario_places},
    spec_text::{Area, Span, Statement, parse_spec, spans},
};
use crate::outcomes::ScenarioResult;

/// What the page says about the run as a whole.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The verdict line.
    pub verdict: String,
    /// The widget build tested.
    pub widget: String,
    /// When the run ended (free text).
    pub when: String,
}

/// The page as the template reads it.
#[derive(Template)]
#[template(path = "spec.html")]
struct Page<'a> {
    summary: &'a RunSummary,
    passed: usize,
    expected: usize,
    failed: usize,
    not_run: usize,
    toc: Vec<Pill>,
    areas: Vec<AreaView>,
}

/// A statement's link in the summary.
struct Pill {
    id: String,
    class: String,
    label: &'static str,
}

struct AreaView {
    title: Vec<Span>,
    notes: Vec<Vec<Span>>,
    statements: Vec<StatementView>,
}

struct StatementView {
    id: String,
    class: String,
    label: &'static str,
    text: Vec<Span>,
    resolution: Option<Vec<Span>>,
    scenarios: Vec<ScenarioView>,
}

struct ScenarioView {
    /// Worse than an expected failure: shown unfolded.
    open: bool,
    class: String,
    label: &'static str,
    name: String,
    file: String,
    line: usize,
    feature: String,
    background: Vec<StepView>,
    steps: Vec<StepView>,
    tables: Vec<Vec<RowView>>,
    runs: Vec<RunView>,
    failures: Vec<FailureView>,
}

struct StepView {
    keyword: String,
    value: String,
}

struct RowView {
    /// The first row of an examples table: its header.
    head: bool,
    cells: Vec<String>,
}

/// One result of the scenario: its backend calls, and the baseline's word on it if any.
struct RunView {
    /// The result's name, shown only when the scenario has several (outline rows).
    name: Option<String>,
    calls: String,
    baseline: Option<BaselineView>,
}

struct BaselineView {
    name: String,
    status: &'static str,
    reason: String,
}

struct FailureView {
    scenario: String,
    message: String,
    /// The artefacts folder, relative to the page's.
    artefacts: Option<String>,
    /// The trace page (`--trace`), relative to the page's.
    trace: Option<String>,
}

/// The page's HTML for `results`; links to artefacts are made relative to `base`, the folder
/// the page is written in (the reports stage writes it).
///
/// # Errors
/// The template failing to render (it does not).
pub fn render(
    spec_markdown: &str,
    features: &Path,
    results: &[ScenarioResult],
    summary: &RunSummary,
    base: &Path,
) -> Result<String, askama::Error> {
    let entries = catalogue(features);
    let mut page = Page {
        summary,
        passed: 0,
        expected: 0,
        failed: 0,
        not_run: 0,
        toc: Vec::new(),
        areas: Vec::new(),
    };
    for area in parse_spec(spec_markdown) {
        let mut statements = Vec::new();
        for statement in &area.statements {
            let scenarios: Vec<&Entry> = entries
                .iter()
                .filter(|e| e.ids.contains(&statement.id))
                .collect();
            let statuses: Vec<Status> = scenarios
                .iter()
                .map(|e| status_of(&results_of(e, results)))
                .collect();
            let status = Status::combine(statuses.iter().copied());
            match status {
                Status::Passed => page.passed += 1,
                Status::Expected => page.expected += 1,
                Status::NotRun => page.not_run += 1,
                Status::Failed | Status::NowPasses | Status::Flaky => page.failed += 1,
            }
            page.toc.push(Pill {
                id: statement.id.clone(),
                class: status.class(),
                label: status.label(),
            });
            let (text, resolution) = match statement.text.split_once("Resolution:") {
                Some((t, r)) => (t.trim(), Some(r.trim())),
                None => (statement.text.as_str(), None),
            };
            statements.push(StatementView {
                id: statement.id.clone(),
                class: status.class(),
                label: status.label(),
                text: spans(text),
                resolution: resolution.map(spans),
                scenarios: scenarios
                    .iter()
                    .zip(&statuses)
                    .map(|(entry, status)| {
                        scenario_view(entry, *status, &results_of(entry, results), base)
                    })
                    .collect(),
            });
        }
        page.areas.push(AreaView {
            title: spans(&area.title),
            notes: area.notes.iter().map(|n| spans(n)).collect(),
            statements,
        });
    }
    page.render()
}

fn scenario_view(
    entry: &Entry,
    status: Status,
    results: &[&ScenarioResult],
    base: &Path,
) -> ScenarioView {
    let step = |step: &Step| StepView {
        keyword: step.keyword.trim().to_owned(),
        value: step.value.clone(),
    };
    let tables = entry
        .scenario
        .examples
        .iter()
        .filter_map(|examples| examples.table.as_ref())
        .map(|table| {
            table
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| RowView {
                    head: i == 0,
                    cells: row.clone(),
                })
                .collect()
        })
        .collect();
    let runs = results
        .iter()
        .map(|r| RunView {
            name: (results.len() > 1).then(|| r.name.clone()),
            calls: r.calls.line(),
            baseline: r.status.reason().map(|reason| BaselineView {
                name: r.name.clone(),
                status: r.status.label(),
                reason: reason.to_owned(),
            }),
        })
        .collect();
    let relative = |d: &std::path::PathBuf| d.strip_prefix(base).unwrap_or(d).display().to_string();
    let failures = results
        .iter()
        .filter_map(|r| r.failure.as_ref().map(|f| (f, r)))
        .map(|(failure, r)| FailureView {
            scenario: failure.scenario.clone(),
            message: failure.message.clone(),
            artefacts: failure.artefacts.as_ref().map(relative),
            trace: r.trace.as_ref().map(relative),
        })
        .collect();
    ScenarioView {
        open: status < Status::Expected,
        class: status.class(),
        label: status.label(),
        name: entry.scenario.name.clone(),
        file: entry.file.clone(),
        line: entry.scenario.position.line,
        feature: entry.feature.clone(),
        background: entry.background.iter().map(step).collect(),
        steps: entry.scenario.steps.iter().map(step).collect(),
        tables,
        runs,
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "# T\n\n## C. Caching\n- **C1** First visit: three cookies `a`, `b`.\n- **C2** Lives 365 days. Resolution: about now + 365 days\n  give or take.\n- Resolution: emails compare trimmed.\n";

    #[test]
    fn a_statement_without_scenarios_is_flagged_and_everything_is_not_run() {
        let dir = tempfile::tempdir().unwrap();
        let html = render(
            SPEC,
            dir.path(),
            &[],
            &RunSummary {
                verdict: "V".into(),
                widget: "w.js".into(),
                when: "now".into(),
            },
            dir.path(),
        )
        .unwrap();
        assert!(html.contains("No scenario checks this statement."));
        assert!(html.ends_with("</section>\n</body></html>\n"), "{html}");
        assert!(html.contains(
            "Statements: 0 passed, 0 failed as the baseline expects, 0 failed the gate, 2 not run"
        ));
        assert!(html.contains("Our resolution:</b> about now + 365 days give or take."));
        assert!(html.contains("<p>First visit: three cookies <code>a</code>, <code>b</code>.</p>"));
    }

    #[test]
    fn every_value_on_the_page_is_escaped() {
        let dir = tempfile::tempdir().unwrap();
        let html = render(
            "## <A> & **<b>**\n- **A1** `<i>` \"q\"\n",
            dir.path(),
            &[],
            &RunSummary {
                verdict: "<script>".into(),
                widget: "w.js?a=1&b=2".into(),
                when: "now".into(),
            },
            dir.path(),
        )
        .unwrap();
        assert!(
            html.contains("<h2>&#60;A&#62; &#38; <b>&#60;b&#62;</b></h2>"),
            "{html}"
        );
        assert!(
            html.contains("<p><code>&#60;i&#62;</code> &#34;q&#34;</p>"),
            "{html}"
        );
        assert!(html.contains("<b>&#60;script&#62;</b>"));
        assert!(html.contains("<code>w.js?a=1&#38;b=2</code>"));
        assert!(!html.contains("<script>") && !html.contains("<i>"));
    }
}
