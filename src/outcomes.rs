//! What happened to each scenario of a run: collected by the after hook, shown as a progress
//! line while the run goes, and summed up as the failed statements at the end.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use cucumber::{event::ScenarioFinished, gherkin};

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
    /// answer), not the widget.
    pub fn is_infrastructure(&self) -> bool {
        self.message.starts_with(crate::error::INFRASTRUCTURE)
    }
}

impl Failure {
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
    /// The failure, if it failed.
    pub failure: Option<Failure>,
}

/// The outcomes of a run so far.
#[derive(Debug)]
pub struct Outcomes {
    total: usize,
    started: Instant,
    state: Mutex<(usize, Vec<Failure>, Vec<ScenarioResult>)>,
    progress: bool,
}

impl Outcomes {
    /// A run of `total` scenarios; `progress` prints a line to stderr after each.
    pub fn new(total: usize, progress: bool) -> Self {
        Self {
            total,
            started: Instant::now(),
            state: Mutex::new((0, Vec::new(), Vec::new())),
            progress,
        }
    }

    /// Records how a scenario finished; `artefacts` is where its failure artefacts go.
    /// Returns whether it failed.
    pub fn record(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        finished: &ScenarioFinished,
        artefacts: Option<std::path::PathBuf>,
    ) -> bool {
        let message = match finished {
            ScenarioFinished::StepPassed => None,
            ScenarioFinished::StepSkipped => Some("a step was skipped".to_owned()),
            ScenarioFinished::BeforeHookFailed(_) => Some("the before hook failed".to_owned()),
            ScenarioFinished::StepFailed(_, _, error) => Some(
                error
                    .to_string()
                    .trim_start_matches("Step panicked. Captured output: ")
                    .to_owned(),
            ),
        };
        let specs = spec_ids(feature, scenario);
        self.push(feature, scenario, message.map(|m| (specs, m)), artefacts)
    }

    /// Records a scenario whose steps passed but which broke a promise checked after every
    /// scenario (spec I4: no uncaught error from the widget); the failure names `spec`.
    pub fn record_after_check(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        spec: &str,
        message: String,
        artefacts: Option<std::path::PathBuf>,
    ) {
        self.push(
            feature,
            scenario,
            Some((vec![spec.to_owned()], message)),
            artefacts,
        );
    }

    fn push(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        failure: Option<(Vec<String>, String)>,
        artefacts: Option<std::path::PathBuf>,
    ) -> bool {
        let failed = failure.is_some();
        let failure = failure.map(|(specs, message)| Failure {
            specs,
            scenario: scenario.name.clone(),
            message,
            artefacts,
        });
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += 1;
        state.2.push(ScenarioResult {
            file: feature
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            line: scenario.position.line,
            name: scenario.name.clone(),
            failure: failure.clone(),
        });
        if let Some(failure) = failure {
            state.1.push(failure);
        }
        if self.progress {
            eprintln!(
                "progress: {}/{} scenarios done, {} failed, {:.0}s elapsed",
                state.0,
                self.total,
                state.1.len(),
                self.started.elapsed().as_secs_f64()
            );
        }
        failed
    }

    /// The scenarios that did not pass, in the order they finished.
    pub fn failures(&self) -> Vec<Failure> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// Every finished scenario's result, in the order they finished.
    pub fn results(&self) -> Vec<ScenarioResult> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .2
            .clone()
    }

    /// How many scenarios have finished.
    pub fn finished(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// The `@spec-` IDs of a scenario, its feature's and its examples'.
pub fn spec_ids(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> Vec<String> {
    let mut ids: Vec<String> = feature
        .tags
        .iter()
        .chain(&scenario.tags)
        .chain(scenario.examples.iter().flat_map(|e| &e.tags))
        .filter_map(|t| t.strip_prefix("spec-").map(str::to_owned))
        .collect();
    ids.sort();
    ids.dedup();
    ids
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

    #[test]
    fn spec_ids_come_from_the_scenario_s_tags() {
        let feature = gherkin::Feature::parse(
            "Feature: f\n  @spec-A3\n  Scenario Outline: o <x>\n    Given <x>\n    Examples:\n      | x |\n      | 1 |\n      | 2 |\n  Scenario: s\n    Given y\n",
            gherkin::GherkinEnv::default(),
        )
        .unwrap();
        assert_eq!(
            spec_ids(&feature, &feature.scenarios[0]),
            vec!["A3".to_owned()]
        );
    }
}
