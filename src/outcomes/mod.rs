//! The outcomes stage: records what happened to each scenario while a pass runs, and hands on
//! the one list of scenario results every report and the verdict are made from. Collected by
//! the after hook (with its transcript), shown as progress, summed up as the failed statements.

mod result;
pub mod status;

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use cucumber::{event::ScenarioFinished, gherkin};

pub use self::result::{Failure, ScenarioResult, StepPart, StepRun, StepStatus, Transcript};

/// What cucumber writes before the message of a step that failed (it turns a step's `Err` into
/// a panic). Trimmed, so the failure reads as the step's own sentence and keeps the
/// [`crate::error::INFRASTRUCTURE`] prefix at its start; a unit test pins the wording.
pub(crate) const CUCUMBER_PANIC_PREFIX: &str = "Step panicked. Captured output: ";

/// The outcomes of a run so far.
#[derive(Debug)]
pub struct Outcomes {
    total: usize,
    started: Instant,
    state: Mutex<(usize, Vec<Failure>, Vec<ScenarioResult>)>,
    /// Each scenario's widget calls by (file, line), recorded by the after hook.
    calls: Mutex<std::collections::HashMap<(String, usize), crate::backend::traffic::CallSummary>>,
    /// Each scenario's transcript by (file, line), recorded as cucumber finishes it.
    transcripts: Mutex<std::collections::HashMap<(String, usize), Transcript>>,
    /// Each scenario's trace page by (file, line), recorded by the after hook.
    traces: Mutex<std::collections::HashMap<(String, usize), std::path::PathBuf>>,
    progress: bool,
}

impl Outcomes {
    /// A run of `total` scenarios; `progress` prints a line to stderr after each.
    pub fn new(total: usize, progress: bool) -> Self {
        Self {
            total,
            started: Instant::now(),
            state: Mutex::new((0, Vec::new(), Vec::new())),
            calls: Mutex::default(),
            transcripts: Mutex::default(),
            traces: Mutex::default(),
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
        self.record_with_context(feature, scenario, finished, None, artefacts)
    }

    /// Like [`Self::record`]; `context` (what went wrong with the page itself, what the
    /// widget threw) goes before the failing step's own message, so the verdict's line names
    /// the cause.
    pub fn record_with_context(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        finished: &ScenarioFinished,
        context: Option<String>,
        artefacts: Option<std::path::PathBuf>,
    ) -> bool {
        let message = failure_message(finished).map(|m| match &context {
            Some(c) => format!("{c}\n{m}"),
            None => m,
        });
        let specs = spec_ids(feature, scenario);
        self.push(feature, scenario, message.map(|m| (specs, m)), artefacts)
    }

    /// Records a scenario that broke a promise checked after every scenario (spec I4: no
    /// uncaught error from the widget; I6–I8: a good guest), whatever its steps did; the
    /// failure names `specs`, the promises broken, not the scenario's own statements.
    pub fn record_after_check(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        specs: Vec<String>,
        message: String,
        artefacts: Option<std::path::PathBuf>,
    ) {
        self.push(feature, scenario, Some((specs, message)), artefacts);
    }

    fn push(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        failure: Option<(Vec<String>, String)>,
        artefacts: Option<std::path::PathBuf>,
    ) -> bool {
        let file = crate::selection::scenario_key::feature_file_name(feature);
        let failure = failure.map(|(specs, message)| Failure {
            specs,
            scenario: scenario.name.clone(),
            message,
            artefacts,
        });
        let status = if failure.is_some() {
            crate::outcomes::status::Status::Failed
        } else {
            crate::outcomes::status::Status::Passed
        };
        self.push_result(ScenarioResult {
            file,
            line: scenario.position.line,
            name: scenario.name.clone(),
            failure,
            specs: spec_ids(feature, scenario),
            key: crate::selection::scenario_key::ScenarioKey::of(feature, scenario),
            status,
            calls: Default::default(),
            transcript: None,
            retry: None,
            trace: None,
        })
    }

    /// Records a scenario's result as it is (one that never ran: the preflight failed it).
    /// Returns whether it failed.
    pub fn push_result(&self, result: ScenarioResult) -> bool {
        let failed = result.failure.is_some();
        let failure = result.failure.clone();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += 1;
        state.2.push(result);
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

    /// Every finished scenario's result, in the order they finished, with its calls and
    /// transcript.
    pub fn results(&self) -> Vec<ScenarioResult> {
        let mut results = self
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .2
            .clone();
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let transcripts = self.transcripts.lock().unwrap_or_else(|e| e.into_inner());
        let traces = self.traces.lock().unwrap_or_else(|e| e.into_inner());
        for r in &mut results {
            let place = (r.file.clone(), r.line);
            if let Some(c) = calls.get(&place) {
                r.calls = c.clone();
            }
            if let Some(t) = transcripts.get(&place) {
                r.transcript = Some(t.clone());
            }
            if let Some(t) = traces.get(&place) {
                r.trace = Some(t.clone());
            }
        }
        results
    }

    /// Records what cucumber saw of `scenario` (before or after its outcome).
    pub fn record_transcript(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        transcript: Transcript,
    ) {
        let file = crate::selection::scenario_key::feature_file_name(feature);
        self.transcripts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((file, scenario.position.line), transcript);
    }

    /// Records the widget's calls during `scenario` (before or after its outcome).
    pub fn record_calls(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        calls: crate::backend::traffic::CallSummary,
    ) {
        let file = crate::selection::scenario_key::feature_file_name(feature);
        self.calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((file, scenario.position.line), calls);
    }

    /// Records where `scenario`'s trace page is ([`crate::report::trace`]).
    pub fn record_trace(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        page: std::path::PathBuf,
    ) {
        let file = crate::selection::scenario_key::feature_file_name(feature);
        self.traces
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((file, scenario.position.line), page);
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

/// The outcomes of the pass in progress (or of the last one), for the reports of a run that a
/// signal cut short (the reports stage writes them): the run itself is dropped by then.
static IN_PROGRESS: std::sync::RwLock<Option<std::sync::Arc<Outcomes>>> =
    std::sync::RwLock::new(None);

/// Records the pass in progress (the runner clears it before a run).
pub fn set_in_progress(outcomes: Option<std::sync::Arc<Outcomes>>) {
    *IN_PROGRESS.write().unwrap_or_else(|e| e.into_inner()) = outcomes;
}

/// The outcomes of the pass in progress, or of the last one since the runner cleared it.
pub fn in_progress() -> Option<std::sync::Arc<Outcomes>> {
    IN_PROGRESS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// What the failing step said, `None` when the scenario passed.
pub fn failure_message(finished: &ScenarioFinished) -> Option<String> {
    match finished {
        ScenarioFinished::StepPassed => None,
        ScenarioFinished::StepSkipped => Some("a step was skipped".to_owned()),
        ScenarioFinished::BeforeHookFailed(_) => Some("the before hook failed".to_owned()),
        ScenarioFinished::StepFailed(_, _, error) => Some(
            error
                .to_string()
                .trim_start_matches(CUCUMBER_PANIC_PREFIX)
                .to_owned(),
        ),
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
mod tests;
