//! `--browser all`'s own `spec.html`: one matrix, statement × engine, the way wpt.fyi shows a
//! test across browsers, so "C2 fails only in WebKit" is seen at a glance. Each cell says
//! passed, failed, flaky (failed in some rounds of `--repeat`, passed in others) or not run,
//! and links to the engine's own `spec.html` and to a failure's artefacts. The per-engine
//! folders keep their own reports.

use std::{collections::BTreeMap, path::Path};

use askama::Template;

use crate::{
    browser::Engine,
    outcomes::{Failure, ScenarioResult},
    spec::living_doc::{ScenarioPlace, Span, parse_spec, scenario_places, spans},
};

/// How one statement did in one engine, over every scenario that checks it and every round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// No scenario of the statement ran in this engine.
    NotRun,
    /// Every run of every scenario passed.
    Passed,
    /// A scenario failed in some rounds and passed in others; none failed every time.
    Flaky,
    /// A scenario failed every time it ran.
    Failed,
}

impl Cell {
    fn label(self) -> &'static str {
        match self {
            Self::NotRun => "not run",
            Self::Passed => "passed",
            Self::Flaky => "flaky",
            Self::Failed => "failed",
        }
    }
}

/// One engine's results: every run of every scenario (all rounds), or none when it could not
/// run at all.
pub type EngineResults = (Engine, Vec<ScenarioResult>);

/// The cell of the statement checked by `places` in one engine, and its first failure.
fn cell<'a>(
    places: &[&ScenarioPlace],
    results: &'a [ScenarioResult],
) -> (Cell, Option<&'a Failure>) {
    let mut worst = Cell::NotRun;
    let mut first_failure = None;
    for place in places {
        // Per scenario row: how many runs, how many failed.
        // Per scenario row: how many runs, how many failed, and whether a result already
        // says flaky (`--repeat`'s results come one per scenario, judged over the rounds).
        let mut rows: BTreeMap<usize, (usize, usize, bool)> = BTreeMap::new();
        for r in results
            .iter()
            .filter(|r| r.file == place.file && place.lines.contains(&r.line))
        {
            let row = rows.entry(r.line).or_default();
            row.0 += 1;
            row.2 |= matches!(
                r.status,
                crate::outcomes::status::Status::Flaky
                    | crate::outcomes::status::Status::ExpectedFlaky { .. }
            ) && r.failure.is_some();
            if let Some(f) = &r.failure {
                row.1 += 1;
                first_failure = first_failure.or(Some(f));
            }
        }
        for (runs, failed, flaky) in rows.values() {
            let this = match failed {
                0 => Cell::Passed,
                _ if *flaky => Cell::Flaky,
                f if f == runs => Cell::Failed,
                _ => Cell::Flaky,
            };
            worst = worst.max(this);
        }
    }
    (worst, first_failure)
}

/// Writes the matrix page to `path` (the run's report folder, above the engines' folders).
///
/// # Errors
/// An I/O error writing the file.
pub fn write(
    path: &Path,
    spec_markdown: &str,
    features: &Path,
    engines: &[EngineResults],
    verdict: &str,
) -> std::io::Result<()> {
    let base = path.parent().unwrap_or(Path::new("."));
    let html =
        render(spec_markdown, features, engines, verdict, base).map_err(std::io::Error::other)?;
    crate::report::file::write(path, html)
}

/// The page as the template reads it.
#[derive(Template)]
#[template(path = "matrix.html")]
struct Page<'a> {
    verdict: &'a str,
    engines: Vec<EngineColumn>,
    areas: Vec<AreaRows>,
}

/// An engine's column and its totals.
struct EngineColumn {
    name: String,
    passed: usize,
    failed: usize,
    flaky: usize,
    not_run: usize,
}

struct AreaRows {
    title: Vec<Span>,
    statements: Vec<StatementRow>,
}

struct StatementRow {
    id: String,
    text: Vec<Span>,
    cells: Vec<CellView>,
}

struct CellView {
    engine: String,
    class: String,
    label: &'static str,
    /// The first line of the first failure's message, if any.
    title: String,
    /// The failure's artefacts folder, relative to the page's.
    artefacts: Option<String>,
}

fn render(
    spec_markdown: &str,
    features: &Path,
    engines: &[EngineResults],
    verdict: &str,
    base: &Path,
) -> Result<String, askama::Error> {
    let places = scenario_places(features);
    let mut totals: BTreeMap<(Engine, Cell), usize> = BTreeMap::new();
    let mut areas = Vec::new();
    for area in parse_spec(spec_markdown) {
        let mut statements = Vec::new();
        for statement in &area.statements {
            let mine: Vec<&ScenarioPlace> = places
                .iter()
                .filter(|p| p.ids.contains(&statement.id))
                .collect();
            let text = statement
                .text
                .split_once("Resolution:")
                .map_or(statement.text.as_str(), |(t, _)| t.trim());
            let mut cells = Vec::new();
            for (engine, results) in engines {
                let (cell, failure) = cell(&mine, results);
                *totals.entry((*engine, cell)).or_default() += 1;
                cells.push(CellView {
                    engine: engine.to_string(),
                    class: cell.label().replace(' ', "-"),
                    label: cell.label(),
                    title: failure
                        .map(|f| f.message.lines().next().unwrap_or_default().to_owned())
                        .unwrap_or_default(),
                    artefacts: failure.and_then(|f| f.artefacts.as_ref()).map(|d| {
                        let rel = d.strip_prefix(base).unwrap_or(d);
                        rel.display().to_string()
                    }),
                });
            }
            statements.push(StatementRow {
                id: statement.id.clone(),
                text: spans(text),
                cells,
            });
        }
        areas.push(AreaRows {
            title: spans(&area.title),
            statements,
        });
    }
    let engines = engines
        .iter()
        .map(|(engine, _)| {
            let count = |c| totals.get(&(*engine, c)).copied().unwrap_or(0);
            EngineColumn {
                name: engine.to_string(),
                passed: count(Cell::Passed),
                failed: count(Cell::Failed),
                flaky: count(Cell::Flaky),
                not_run: count(Cell::NotRun),
            }
        })
        .collect();
    Page {
        verdict,
        engines,
        areas,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(file: &str, line: usize, failed: bool) -> ScenarioResult {
        ScenarioResult {
            file: file.into(),
            line,
            name: "n".into(),
            failure: failed.then(|| Failure {
                specs: vec!["C1".into()],
                scenario: "s".into(),
                message: "expected 3 cookies".into(),
                artefacts: Some("/r/webkit/failures/x".into()),
            }),
            specs: vec!["C1".into()],
            key: crate::selection::scenario_key::ScenarioKey {
                feature: file.into(),
                scenario: "n".into(),
                example: Default::default(),
            },
            status: if failed {
                crate::outcomes::status::Status::Failed
            } else {
                crate::outcomes::status::Status::Passed
            },
            calls: Default::default(),
            transcript: None,
            retry: None,
            trace: None,
        }
    }

    #[test]
    fn a_cell_is_the_worst_of_its_scenarios_over_rounds() {
        let a = ScenarioPlace {
            file: "c.feature".into(),
            lines: vec![3],
            ids: vec!["C1".into()],
        };
        let b = ScenarioPlace {
            file: "c.feature".into(),
            lines: vec![9, 12, 13],
            ids: vec!["C1".into()],
        };
        let places = [&a, &b];
        assert_eq!(cell(&places, &[]).0, Cell::NotRun);
        let passed = [
            result("c.feature", 3, false),
            result("c.feature", 12, false),
        ];
        assert_eq!(cell(&places, &passed).0, Cell::Passed);
        let flaky = [result("c.feature", 3, false), result("c.feature", 3, true)];
        assert_eq!(cell(&places, &flaky).0, Cell::Flaky);
        let failed = [
            result("c.feature", 3, false),
            result("c.feature", 3, true),
            result("c.feature", 13, true),
        ];
        let (c, f) = cell(&places, &failed);
        assert_eq!(c, Cell::Failed);
        assert_eq!(f.unwrap().message, "expected 3 cookies");
        // Another file's line 3 is not this scenario.
        assert_eq!(
            cell(&places, &[result("d.feature", 3, true)]).0,
            Cell::NotRun
        );
    }

    #[test]
    fn the_page_has_one_column_per_engine_and_links_failures_relative_to_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("c.feature"),
            "Feature: C\n  @spec-C1\n  Scenario: one\n    Given a new visitor\n",
        )
        .unwrap();
        let spec = "# T\n\n## C. Caching\n- **C1** First `<visit>`.\n- **C2** Later.\n";
        let engines = vec![
            (Engine::Firefox, vec![result("c.feature", 3, false)]),
            (Engine::Webkit, vec![result("c.feature", 3, true)]),
        ];
        let html = render(spec, dir.path(), &engines, "V <i>", Path::new("/r")).unwrap();
        assert!(
            html.contains("<p><b>V &#60;i&#62;</b></p>"),
            "escaped: {html}"
        );
        assert!(html.contains("<th>firefox</th><th>webkit</th>"), "{html}");
        assert!(
            html.contains("<small>First <code>&#60;visit&#62;</code>.</small>"),
            "{html}"
        );
        assert!(html.contains("firefox/spec.html#C1\">passed"), "{html}");
        assert!(html.contains("webkit/spec.html#C1\">failed"), "{html}");
        assert!(
            html.contains("href=\"webkit/failures/x/screenshot.png\""),
            "{html}"
        );
        assert!(
            html.contains("<b>webkit</b>: 0 passed, 1 failed, 0 flaky, 1 not run"),
            "{html}"
        );
    }
}
