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
    pub key: crate::scenario_key::ScenarioKey,
    /// Its status: passed or failed after one run; flaky over rounds; what a baseline made of
    /// it ([`crate::baseline`]); not run, in a run cut short.
    pub status: crate::status::Status,
    /// The widget's calls to the backend during the scenario ([`crate::traffic`]).
    pub calls: crate::traffic::CallSummary,
    /// What cucumber saw of it as it ran; `None` when cucumber did not run it (the preflight
    /// failed it, the run was cut short first) or when rounds were summed up.
    pub transcript: Option<Transcript>,
    /// Why it ran twice, when it lost its browser and got a second try
    /// ([`crate::crash_retry`]); this result is the second try's.
    pub retry: Option<String>,
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
