//! What cucumber sees of each scenario as it runs: when it started and how long it took, its
//! steps as the console prints them and as they ran (each hook and step, its status, time and
//! error), and how a failure looked to cucumber. A writer teed
//! beside the console's hands each scenario's [`Transcript`] to the run's [`Outcomes`], where
//! it joins the scenario's result for the reports.

use std::{collections::HashMap, fmt::Debug, mem, sync::Arc, time::SystemTime};

use cucumber::{
    Event, World, Writer,
    event::{self, Cucumber, Feature, Hook, HookType, Rule, Scenario, Step},
    gherkin, parser,
    writer::{self, Coloring, Verbosity, out::WritableString},
};

use crate::outcomes::{Outcomes, StepPart, StepRun, StepStatus, Transcript};

/// A scenario under way.
#[derive(Debug)]
struct Running<W> {
    rule: Option<String>,
    started: SystemTime,
    events: Vec<event::RetryableScenario<W>>,
    /// Its hooks and steps that have ended.
    steps: Vec<StepRun>,
    /// When the hook or step now running started.
    step_started: SystemTime,
}

/// A cucumber writer that records each finished scenario's [`Transcript`] into its
/// [`Outcomes`]; it writes nothing itself. Needs normalized events (tee it inside
/// `.normalized()`), as cucumber's own report writers do.
#[derive(Debug)]
pub struct TranscriptWriter<W> {
    outcomes: Arc<Outcomes>,
    running: HashMap<(String, usize, usize), Running<W>>,
}

impl<W> TranscriptWriter<W> {
    /// A writer that records into `outcomes`.
    pub fn new(outcomes: Arc<Outcomes>) -> Self {
        Self {
            outcomes,
            running: HashMap::new(),
        }
    }
}

impl<W: World + Debug> Writer<W> for TranscriptWriter<W> {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, _: &Self::Cli) {
        let Ok((Cucumber::Feature(feature, ev), meta)) = event.map(Event::split) else {
            return;
        };
        let (rule, scenario, ev) = match ev {
            Feature::Scenario(scenario, ev) => (None, scenario, ev),
            Feature::Rule(rule, Rule::Scenario(scenario, ev)) => {
                (Some(rule.name.clone()), scenario, ev)
            }
            _ => return,
        };
        let key = (
            path_of(&feature),
            scenario.position.line,
            scenario.position.col,
        );
        match ev.event {
            Scenario::Started => {
                let running = Running {
                    rule,
                    started: meta.at,
                    events: vec![ev],
                    steps: Vec::new(),
                    step_started: meta.at,
                };
                self.running.insert(key, running);
            }
            Scenario::Finished => {
                let Some(running) = self.running.remove(&key) else {
                    return;
                };
                let failure = failure_of(&running.events);
                let output = console_text(&feature, &scenario, running.events).await;
                let transcript = Transcript {
                    feature: feature.name.clone(),
                    path: key.0,
                    rule: running.rule,
                    column: key.2,
                    started: running.started,
                    duration: meta.at.duration_since(running.started).unwrap_or_default(),
                    output,
                    failure,
                    keyword: scenario.keyword.clone(),
                    tags: scenario.tags.clone(),
                    feature_tags: feature.tags.clone(),
                    feature_line: feature.position.line,
                    steps: running.steps,
                };
                self.outcomes
                    .record_transcript(&feature, &scenario, transcript);
            }
            _ => {
                if let Some(running) = self.running.get_mut(&key) {
                    running.note(&ev.event, scenario.position.line, meta.at);
                    running.events.push(ev);
                }
            }
        }
    }
}

impl<W> writer::NonTransforming for TranscriptWriter<W> {}

impl<W> Running<W> {
    /// Notes a hook or step that starts or ends at `at`; `line` is the scenario's (a hook's).
    fn note(&mut self, event: &Scenario<W>, line: usize, at: SystemTime) {
        let (part, step, ended) = match event {
            Scenario::Hook(_, Hook::Started)
            | Scenario::Background(_, Step::Started)
            | Scenario::Step(_, Step::Started) => {
                self.step_started = at;
                return;
            }
            Scenario::Hook(HookType::Before, hook) => (StepPart::Before, None, hook_end(hook)),
            Scenario::Hook(HookType::After, hook) => (StepPart::After, None, hook_end(hook)),
            Scenario::Background(step, ev) => (StepPart::Background, Some(step), step_end(ev)),
            Scenario::Step(step, ev) => (StepPart::Step, Some(step), step_end(ev)),
            _ => return,
        };
        let (status, error) = ended;
        self.steps.push(StepRun {
            part,
            keyword: step.map(|s| s.keyword.clone()).unwrap_or_default(),
            name: step.map(|s| s.value.clone()).unwrap_or_default(),
            line: step.map_or(line, |s| s.position.line),
            status,
            duration: at.duration_since(self.step_started).unwrap_or_default(),
            error,
        });
    }
}

/// How a hook ended (it has started).
fn hook_end<W>(hook: &Hook<W>) -> (StepStatus, Option<String>) {
    match hook {
        Hook::Failed(_, info) => (StepStatus::Failed, Some(panic_text(info))),
        Hook::Started | Hook::Passed => (StepStatus::Passed, None),
    }
}

/// How a step ended (it has started), its error worded as cucumber's JSON writer words it:
/// where the matching step definition is, then the error.
fn step_end<W>(step: &Step<W>) -> (StepStatus, Option<String>) {
    match step {
        Step::Failed(_, location, _, error) => {
            let status = match error {
                event::StepError::NotFound => StepStatus::Undefined,
                event::StepError::AmbiguousMatch(_) => StepStatus::Ambiguous,
                event::StepError::Panic(_) => StepStatus::Failed,
            };
            let matched = location
                .map(|l| format!("Matched: {}:{}:{}\n", l.path, l.line, l.column))
                .unwrap_or_default();
            (status, Some(format!("{matched}{error}")))
        }
        Step::Skipped => (StepStatus::Skipped, None),
        Step::Started | Step::Passed(..) => (StepStatus::Passed, None),
    }
}

/// A panic's message, as cucumber reads it.
fn panic_text(info: &event::Info) -> String {
    info.downcast_ref::<String>()
        .cloned()
        .or_else(|| info.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(Could not resolve panic payload)".to_owned())
}

/// The feature file's path as cucumber names it in its reports: relative to the project
/// (`features/f.feature`).
fn path_of(feature: &gherkin::Feature) -> String {
    let path = feature
        .path
        .as_deref()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The unpacked copy of an installed binary's features names them the same way.
    let root = crate::plan::project_files::root().display().to_string();
    if let Some(inside) = path.strip_prefix(&root) {
        return inside.trim_start_matches('/').to_owned();
    }
    let project = std::env::var("CARGO_WORKSPACE_DIR")
        .or_else(|_| std::env::var("CARGO_MANIFEST_DIR"))
        .unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        });
    path.trim_start_matches(&project)
        .trim_start_matches('/')
        .to_owned()
}

/// cucumber's word for how the scenario failed (`Step Panicked`, `Hook Panicked`), from the
/// last event that says anything (a passing after hook or a log line does not).
fn failure_of<W>(events: &[event::RetryableScenario<W>]) -> Option<String> {
    let last = events.iter().rev().find(|ev| {
        !matches!(
            ev.event,
            Scenario::Log(_) | Scenario::Hook(HookType::After, Hook::Passed | Hook::Started)
        )
    })?;
    match &last.event {
        Scenario::Hook(_, Hook::Failed(..)) => Some("Hook Panicked".to_owned()),
        Scenario::Background(_, Step::Failed(..)) | Scenario::Step(_, Step::Failed(..)) => {
            Some("Step Panicked".to_owned())
        }
        _ => None,
    }
}

/// The scenario's events as cucumber's console writer prints them, without colours.
async fn console_text<W: World + Debug>(
    feature: &event::Source<gherkin::Feature>,
    scenario: &event::Source<gherkin::Scenario>,
    events: Vec<event::RetryableScenario<W>>,
) -> String {
    let mut basic = writer::Basic::raw(
        WritableString(String::new()),
        Coloring::Never,
        Verbosity::Default,
    );
    let cli = writer::basic::Cli {
        verbose: 0,
        color: Coloring::Never,
    };
    for ev in events {
        let ev = Cucumber::Feature(feature.clone(), Feature::Scenario(scenario.clone(), ev));
        Writer::<W>::handle_event(&mut basic, Ok(Event::new(ev)), &cli).await;
    }
    mem::take(&mut **basic)
}
