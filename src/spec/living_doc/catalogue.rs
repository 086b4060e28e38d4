//! The feature files' scenarios as the living documentation lists them: which spec statements
//! each checks, which result lines belong to it, and how it did in a run.

use std::path::Path;

use cucumber::gherkin::{Feature, GherkinEnv, Scenario, Step};

use crate::outcomes::{ScenarioResult, spec_ids};

/// A scenario as the feature files state it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) file: String,
    pub(super) feature: String,
    pub(super) scenario: Scenario,
    pub(super) background: Vec<Step>,
    pub(super) ids: Vec<String>,
}

/// Every scenario of the feature files in `features`, in file order.
pub(super) fn catalogue(features: &Path) -> Vec<Entry> {
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
pub(super) enum Status {
    Failed,
    NowPasses,
    Flaky,
    Expected,
    Passed,
    NotRun,
}

impl Status {
    /// The words the page shows.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::NowPasses => "now passes",
            Self::Flaky => "flaky",
            Self::Expected => "expected failure",
            Self::Passed => "passed",
            Self::NotRun => "not run",
        }
    }

    /// The CSS class: the label with dashes.
    pub(super) fn class(self) -> String {
        self.label().replace(' ', "-")
    }

    /// The worst status of the rows; "not run" only when none ran.
    pub(super) fn combine(statuses: impl Iterator<Item = Status>) -> Status {
        statuses.min().unwrap_or(Status::NotRun)
    }

    fn of(status: &crate::outcomes::status::Status) -> Self {
        use crate::outcomes::status::Status as S;
        match status {
            S::Passed => Self::Passed,
            S::Failed => Self::Failed,
            S::Flaky => Self::Flaky,
            S::ExpectedFailure { .. } | S::ExpectedFlaky { .. } => Self::Expected,
            S::NowPasses { .. } => Self::NowPasses,
            S::NotRun { .. } => Self::NotRun,
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

/// The results of this run that belong to `entry`.
pub(super) fn results_of<'a>(
    entry: &Entry,
    results: &'a [ScenarioResult],
) -> Vec<&'a ScenarioResult> {
    let lines = lines_of(entry);
    results
        .iter()
        .filter(|r| r.file == entry.file && lines.contains(&r.line))
        .collect()
}

/// How these results did together.
pub(super) fn status_of(results: &[&ScenarioResult]) -> Status {
    Status::combine(results.iter().map(|r| Status::of(&r.status)))
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
