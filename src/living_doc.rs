//! The spec as documentation: one self-contained HTML page, written by every run, that lists
//! each statement of the spec (ID, text, resolution), the scenarios that check it with their
//! steps, and how they did in this run, with links to the artefacts of failures.

use std::{fmt::Write as _, path::Path};

use cucumber::gherkin::{Feature, GherkinEnv, Scenario, Step};

use crate::outcomes::{ScenarioResult, spec_ids};

/// One statement of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `C4`.
    pub id: String,
    /// Its text, as the spec writes it (Markdown-ish).
    pub text: String,
}

/// One area of the spec (`## C. Session caching (cookies)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Area {
    /// The heading.
    pub title: String,
    /// Paragraphs and resolutions that belong to the area, not to one statement.
    pub notes: Vec<String>,
    /// The statements.
    pub statements: Vec<Statement>,
}

/// Reads the areas and statements of the spec's Markdown.
pub fn parse_spec(markdown: &str) -> Vec<Area> {
    let mut areas: Vec<Area> = Vec::new();
    // Where continuation lines go: a statement, or a note of the current area.
    let mut last_is_statement = false;
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            areas.push(Area {
                title: title.trim().to_owned(),
                ..Area::default()
            });
            last_is_statement = false;
            continue;
        }
        let Some(area) = areas.last_mut() else {
            continue;
        };
        if let Some((id, text)) = line.strip_prefix("- **").and_then(|r| r.split_once("**")) {
            area.statements.push(Statement {
                id: id.to_owned(),
                text: text.trim().to_owned(),
            });
            last_is_statement = true;
            continue;
        }
        if let Some(note) = line.strip_prefix("- ") {
            area.notes.push(note.trim().to_owned());
            last_is_statement = false;
        } else if line.starts_with("  ") && !line.trim().is_empty() {
            let target = if last_is_statement {
                area.statements.last_mut().map(|s| &mut s.text)
            } else {
                area.notes.last_mut()
            };
            if let Some(t) = target {
                t.push(' ');
                t.push_str(line.trim());
            }
        } else if !line.trim().is_empty() {
            area.notes.push(line.trim().to_owned());
            last_is_statement = false;
        }
    }
    areas
}

/// A scenario as the feature files state it.
#[derive(Debug, Clone)]
struct Entry {
    file: String,
    feature: String,
    scenario: Scenario,
    background: Vec<Step>,
    ids: Vec<String>,
}

fn catalogue(features: &Path) -> Vec<Entry> {
    let files = crate::selection::feature_files(features);
    let mut out = Vec::new();
    for path in files {
        let Ok(feature) = Feature::parse_path(&path, GherkinEnv::default()) else {
            continue;
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let background = feature
            .background
            .as_ref()
            .map(|b| b.steps.clone())
            .unwrap_or_default();
        for scenario in &feature.scenarios {
            out.push(Entry {
                file: file.clone(),
                feature: feature.name.clone(),
                ids: spec_ids(&feature, scenario),
                scenario: scenario.clone(),
                background: background.clone(),
            });
        }
    }
    out
}

/// How a scenario (all rows of an outline together) did in this run, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Failed,
    NowPasses,
    Flaky,
    Expected,
    Passed,
    NotRun,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::NowPasses => "now passes",
            Self::Flaky => "flaky",
            Self::Expected => "expected failure",
            Self::Passed => "passed",
            Self::NotRun => "not run",
        }
    }

    /// The worst status of the rows; "not run" only when none ran.
    fn combine(statuses: impl Iterator<Item = Status>) -> Status {
        statuses.min().unwrap_or(Status::NotRun)
    }

    fn of(status: &crate::status::Status) -> Self {
        use crate::status::Status as S;
        match status {
            S::Passed => Self::Passed,
            S::Failed => Self::Failed,
            S::Flaky => Self::Flaky,
            S::ExpectedFailure { .. } | S::ExpectedFlaky { .. } => Self::Expected,
            S::NowPasses { .. } => Self::NowPasses,
        }
    }
}

/// The lines a scenario's results stand on: its own, and for an outline each example row's.
fn lines_of(entry: &Entry) -> Vec<usize> {
    let mut lines = vec![entry.scenario.position.line];
    for examples in &entry.scenario.examples {
        if let Some(table) = &examples.table {
            lines.push(table.position.line);
            lines.extend((1..table.rows.len()).map(|i| table.position.line + i));
        }
    }
    lines
}

fn results_of<'a>(entry: &Entry, results: &'a [ScenarioResult]) -> Vec<&'a ScenarioResult> {
    let lines = lines_of(entry);
    results
        .iter()
        .filter(|r| r.file == entry.file && lines.contains(&r.line))
        .collect()
}

/// Where the results of one scenario of the feature files stand, and what it checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioPlace {
    /// The feature file's name.
    pub file: String,
    /// The scenario's line and, for an outline, its example rows' lines.
    pub lines: Vec<usize>,
    /// The spec statements it checks.
    pub ids: Vec<String>,
}

/// Every scenario of the feature files in `features`, with the statements it checks.
pub fn scenario_places(features: &Path) -> Vec<ScenarioPlace> {
    catalogue(features)
        .iter()
        .map(|e| ScenarioPlace {
            file: e.file.clone(),
            lines: lines_of(e),
            ids: e.ids.clone(),
        })
        .collect()
}

fn status_of(results: &[&ScenarioResult]) -> Status {
    Status::combine(results.iter().map(|r| Status::of(&r.status)))
}

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

/// Writes the page to `path`; links to artefacts are made relative to the page's folder.
///
/// # Errors
/// An I/O error writing the file.
pub fn write(
    path: &Path,
    spec_markdown: &str,
    features: &Path,
    results: &[ScenarioResult],
    summary: &RunSummary,
) -> std::io::Result<()> {
    let base = path.parent().unwrap_or(Path::new("."));
    crate::report_file::write(
        path,
        render(spec_markdown, features, results, summary, base),
    )
}

fn render(
    spec_markdown: &str,
    features: &Path,
    results: &[ScenarioResult],
    summary: &RunSummary,
    base: &Path,
) -> String {
    let areas = parse_spec(spec_markdown);
    let entries = catalogue(features);
    let mut body = String::new();
    let mut toc = String::new();
    let (mut passed, mut expected, mut failed, mut not_run) = (0, 0, 0, 0);

    for area in &areas {
        let _ = write!(body, "<section><h2>{}</h2>", inline(&area.title));
        for note in &area.notes {
            let _ = write!(body, "<p class=\"note\">{}</p>", inline(note));
        }
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
                Status::Passed => passed += 1,
                Status::Expected => expected += 1,
                Status::NotRun => not_run += 1,
                Status::Failed | Status::NowPasses | Status::Flaky => failed += 1,
            }
            let cls = status.label().replace(' ', "-");
            let _ = write!(
                toc,
                "<a class=\"pill {cls}\" href=\"#{id}\" title=\"{label}\">{id}</a> ",
                id = esc(&statement.id),
                label = status.label()
            );
            let (text, resolution) = match statement.text.split_once("Resolution:") {
                Some((t, r)) => (t.trim(), Some(r.trim())),
                None => (statement.text.as_str(), None),
            };
            let _ = write!(
                body,
                "<article id=\"{id}\" class=\"statement {cls}\"><h3><span class=\"id\">{id}</span> <span class=\"pill {cls}\">{label}</span></h3><p>{text}</p>",
                id = esc(&statement.id),
                label = status.label(),
                text = inline(text)
            );
            if let Some(r) = resolution {
                let _ = write!(
                    body,
                    "<p class=\"resolution\"><b>Our resolution:</b> {}</p>",
                    inline(r)
                );
            }
            if scenarios.is_empty() {
                body.push_str("<p class=\"warn\">No scenario checks this statement.</p>");
            }
            for (entry, status) in scenarios.iter().zip(&statuses) {
                render_scenario(&mut body, entry, *status, &results_of(entry, results), base);
            }
            body.push_str("</article>");
        }
        body.push_str("</section>");
    }

    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Herodesk widget: the promise, statement by statement</title>
<style>
body{{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}}
h1{{margin-bottom:.2em}} h2{{border-bottom:2px solid #ccd;padding-bottom:.2em;margin-top:2em}}
.summary{{background:#f4f5fa;padding:.8em 1em;border-radius:8px}}
.pill{{display:inline-block;padding:0 .5em;border-radius:1em;font-size:12px;font-weight:600;text-decoration:none;margin:1px}}
.pill.passed{{background:#d3f2dc;color:#14532d}} .pill.failed{{background:#fbd5d5;color:#7f1d1d}} .pill.not-run{{background:#e5e7eb;color:#374151}}
.pill.flaky,.pill.now-passes{{background:#fde68a;color:#78350f}} .pill.expected-failure{{background:#e9d5ff;color:#581c87}}
article{{border-left:4px solid #ccd;padding:.2em 1em;margin:1.2em 0}}
article.passed{{border-color:#22c55e}} article.failed{{border-color:#ef4444}}
.id{{font-family:ui-monospace,monospace;background:#eef;padding:0 .3em;border-radius:4px}}
.resolution{{background:#fff8e1;padding:.3em .6em;border-radius:4px}}
.note{{color:#555}} .calls{{color:#555;font-size:12px;margin:.2em 0}} .warn{{color:#b91c1c;font-weight:600}}
details{{margin:.4em 0 .4em 1em}} summary{{cursor:pointer}}
ol.steps{{margin:.3em 0;font-family:ui-monospace,monospace;font-size:13px}} .bg{{color:#888}}
.kw{{font-weight:700;color:#3730a3}} table{{border-collapse:collapse;font-size:13px;margin:.3em 0}} td,th{{border:1px solid #ccd;padding:1px 6px}}
.failure{{background:#fef2f2;border:1px solid #fecaca;padding:.4em .6em;border-radius:4px;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px}}
code{{background:#f1f1f4;padding:0 .2em;border-radius:3px}}
</style></head><body>
<h1>Herodesk widget: the promise, statement by statement</h1>
<p>Every statement of the vendor's documentation as this project numbers it (<code>widget-spec.md</code>),
the scenarios that check it, and how the widget build did in this run. "Our resolution" is this
project's reading where the vendor's text is silent.</p>
<div class="summary"><b>{verdict}</b><br>Widget build: <code>{widget}</code> · {when}<br>
Statements: {passed} passed, {expected} failed as the baseline expects, {failed} failed the gate, {not_run} not run<br>{toc}</div>
{body}
</body></html>
"#,
        verdict = esc(&summary.verdict),
        widget = esc(&summary.widget),
        when = esc(&summary.when),
    )
}

fn render_scenario(
    body: &mut String,
    entry: &Entry,
    status: Status,
    results: &[&ScenarioResult],
    base: &Path,
) {
    let cls = status.label().replace(' ', "-");
    let open = if status < Status::Expected {
        " open"
    } else {
        ""
    };
    let _ = write!(
        body,
        "<details{open}><summary><span class=\"pill {cls}\">{label}</span> {name} <small>({file}:{line})</small></summary><ol class=\"steps\">",
        label = status.label(),
        name = esc(&entry.scenario.name),
        file = esc(&entry.file),
        line = entry.scenario.position.line
    );
    for step in &entry.background {
        let _ = write!(body, "<li class=\"bg\">{}</li>", step_html(step));
    }
    for step in &entry.scenario.steps {
        let _ = write!(body, "<li>{}</li>", step_html(step));
    }
    body.push_str("</ol>");
    for examples in &entry.scenario.examples {
        if let Some(table) = &examples.table {
            body.push_str("<table>");
            for (i, row) in table.rows.iter().enumerate() {
                let tag = if i == 0 { "th" } else { "td" };
                body.push_str("<tr>");
                for cell in row {
                    let _ = write!(body, "<{tag}>{}</{tag}>", esc(cell));
                }
                body.push_str("</tr>");
            }
            body.push_str("</table>");
        }
    }
    for r in results {
        let _ = write!(
            body,
            "<p class=\"calls\">Backend calls{}: {}</p>",
            if results.len() > 1 {
                format!(" ({})", esc(&r.name))
            } else {
                String::new()
            },
            esc(&r.calls.line())
        );
        if let Some(reason) = r.status.reason() {
            let _ = write!(
                body,
                "<p class=\"note\">{}: {} (baseline: {})</p>",
                esc(&r.name),
                r.status.label(),
                esc(reason)
            );
        }
    }
    for failure in results.iter().filter_map(|r| r.failure.as_ref()) {
        let link = failure
            .artefacts
            .as_ref()
            .map(|d| {
                let rel = d.strip_prefix(base).unwrap_or(d);
                format!(
                    "\nArtefacts: <a href=\"{0}/screenshot.png\">screenshot</a> · <a href=\"{0}/widget-iframe.html\">widget iframe</a> · <a href=\"{0}/console.txt\">console</a> · <a href=\"{0}/journal.json\">journal</a> · <a href=\"{0}/cookies.txt\">cookies</a>",
                    esc(&rel.display().to_string())
                )
            })
            .unwrap_or_default();
        let _ = write!(
            body,
            "<div class=\"failure\">{}: {}{link}</div>",
            esc(&failure.scenario),
            esc(&failure.message)
        );
    }
    let _ = write!(
        body,
        "<small>Feature: {}</small></details>",
        esc(&entry.feature)
    );
}

fn step_html(step: &Step) -> String {
    format!(
        "<span class=\"kw\">{}</span> {}",
        esc(step.keyword.trim()),
        esc(&step.value)
    )
}

/// The same escaping the mock's host pages use, for element content and quoted attributes.
pub(crate) fn esc(text: &str) -> String {
    herodesk_mock::site::host_page::escape_html(text)
}

/// Escapes, then turns `code` and **bold** of the spec's Markdown into HTML.
pub(crate) fn inline(text: &str) -> String {
    let escaped = esc(text);
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<b>{piece}</b>");
                } else {
                    out.push_str(piece);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "# T\n\n## C. Caching\n- **C1** First visit: three cookies `a`, `b`.\n- **C2** Lives 365 days. Resolution: about now + 365 days\n  give or take.\n- Resolution: emails compare trimmed.\n";

    #[test]
    fn the_spec_is_read_into_areas_statements_and_notes() {
        let areas = parse_spec(SPEC);
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].title, "C. Caching");
        assert_eq!(areas[0].statements.len(), 2);
        assert_eq!(
            areas[0].statements[1].text,
            "Lives 365 days. Resolution: about now + 365 days give or take."
        );
        assert_eq!(
            areas[0].notes,
            vec!["Resolution: emails compare trimmed.".to_owned()]
        );
    }

    #[test]
    fn text_is_escaped_before_markup_is_added() {
        assert_eq!(
            inline("`<b>` and **x** & y"),
            "<code>&lt;b&gt;</code> and <b>x</b> &amp; y"
        );
    }

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
        );
        assert!(html.contains("No scenario checks this statement."));
        assert!(html.contains(
            "Statements: 0 passed, 0 failed as the baseline expects, 0 failed the gate, 2 not run"
        ));
        assert!(html.contains("Our resolution:</b> about now + 365 days give or take."));
    }
}
