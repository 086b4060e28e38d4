//! The results model: how one scenario of a run ended ([`ScenarioResult`]), what failed
//! ([`Failure`]) and what cucumber saw of it as it ran ([`Transcript`]). Every report is
//! written from a list of these.

use std::time::{Duration, SystemTime};

/// One scenario that did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The spec statements the scenario checks (`C4`), from its `@spec-` tags.
    pub specs: Vec<String>,
    /// The scenario's name.
    pub scenario: String,
    /// What was expected and what happened, as the failing step said it.
    pub message: String,
    /// The folder with the failure's artefacts, when reports are written.
    pub artefacts: Option<std::path::PathBuf>,
}

impl Failure {
    /// True when the suite's own machinery failed (a lost browser, a mock that did not
    /// answer), not the widget: the step's error was one whose
    /// [`crate::error::SuiteError::is_infrastructure`] held, which its message says by its
    /// prefix (cucumber hands the after hook the message, not the error).
    pub fn is_infrastructure(&self) -> bool {
        self.message.starts_with(crate::error::INFRASTRUCTURE)
    }

    /// One line: the statements, the scenario and the first line of the message.
    pub fn line(&self) -> String {
        let specs = if self.specs.is_empty() {
            "(no spec tag)".to_owned()
        } else {
            self.specs.join(",")
        };
        let message = self.message.lines().next().unwrap_or_default();
        let artefacts = self
            .artefacts
            .as_ref()
            .map(|d| format!("\n           artefacts: {}", d.display()))
            .unwrap_or_default();
        format!(
            "{specs:<8} {}\n           {message}{artefacts}",
            self.scenario
        )
    }
}

/// How one scenario of the run ended.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The feature file's name (`session_caching.feature`).
    pub file: String,
    /// The line the scenario (or, for an outline, its example row) stands on.
    pub line: usize,
    /// The scenario's name.
    pub name: String,
    /// The failure, if it failed (the first one, over `--repeat` rounds).
    pub failure: Option<Failure>,
    /// The spec statements it checks (`C4`), from its `@spec-` tags.
    pub specs: Vec<String>,
    /// The scenario's stable key (file, name, example row).
    pub key: crate::selection::scenario_key::ScenarioKey,
    /// Its status: passed or failed after one run; flaky over rounds; what a baseline made of
    /// it ([`crate::baseline`]); not run, in a run cut short.
    pub status: crate::outcomes::status::Status,
    /// The widget's calls to the backend during the scenario ([`crate::backend::traffic`]).
    pub calls: crate::backend::traffic::CallSummary,
    /// What cucumber saw of it as it ran; `None` when cucumber did not run it (the preflight
    /// failed it, the run was cut short first) or when rounds were summed up.
    pub transcript: Option<Transcript>,
    /// Why it ran twice, when it lost its browser and got a second try
    /// ([`crate::crash_retry`]); this result is the second try's.
    pub retry: Option<String>,
    /// Its trace page (`--trace`), when it kept one.
    pub trace: Option<std::path::PathBuf>,
}

/// What cucumber saw of one scenario as it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The feature's title.
    pub feature: String,
    /// The feature file as cucumber names it (`features/session_caching.feature`).
    pub path: String,
    /// The rule the scenario stands under, if any.
    pub rule: Option<String>,
    /// The column the scenario's keyword starts at.
    pub column: usize,
    /// When it started.
    pub started: SystemTime,
    /// How long it took.
    pub duration: Duration,
    /// Its steps as cucumber's console writer prints them, without colours.
    pub output: String,
    /// cucumber's word for how it failed (`Step Panicked`, `Hook Panicked`), if it did.
    pub failure: Option<String>,
    /// The scenario's keyword (`Scenario`, `Scenario Outline`).
    pub keyword: String,
    /// The scenario's tags, without `@`.
    pub tags: Vec<String>,
    /// Its feature's tags, without `@`.
    pub feature_tags: Vec<String>,
    /// The line its feature's keyword stands on.
    pub feature_line: usize,
    /// Its hooks and steps as they ran, in order (`cucumber.json` is written from them).
    pub steps: Vec<StepRun>,
}

/// One hook or step of a scenario as it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRun {
    /// Where it stands: a hook, a background step or one of the scenario's own.
    pub part: StepPart,
    /// The step's keyword with its space (`Given `); empty for a hook.
    pub keyword: String,
    /// The step's text; empty for a hook.
    pub name: String,
    /// The step's line in the feature file; the scenario's for a hook.
    pub line: usize,
    /// How it ended.
    pub status: StepStatus,
    /// How long it took.
    pub duration: Duration,
    /// What it said when it did not pass, as cucumber words it.
    pub error: Option<String>,
}

/// Where a [`StepRun`] stands in its scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPart {
    /// The before hook.
    Before,
    /// A step of the feature's background.
    Background,
    /// A step of the scenario itself.
    Step,
    /// The after hook.
    After,
}

/// How a step or hook ended, in Cucumber JSON's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// It passed.
    Passed,
    /// It failed (a step's error or panic, a hook's panic).
    Failed,
    /// It did not run: an earlier step failed.
    Skipped,
    /// No step definition matches its text.
    Undefined,
    /// More than one step definition matches its text.
    Ambiguous,
}

impl StepStatus {
    /// The word Cucumber JSON uses (`passed`, `failed`, …).
    pub fn word(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Undefined => "undefined",
            Self::Ambiguous => "ambiguous",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_line_names_the_statements_and_says_what_happened() {
        let f = Failure {
            specs: vec!["C4".into()],
            scenario: "C4 — no identify call".into(),
            message: "expected no identify call, the backend saw 1\nmore".into(),
            artefacts: None,
        };
        let line = f.line();
        assert!(line.starts_with("C4 "), "{line}");
        assert!(
            line.contains("the backend saw 1") && !line.contains("more"),
            "{line}"
        );
    }
}
