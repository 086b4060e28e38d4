//! The trace's timeline, from cucumber's event stream: when each hook and step started, how
//! long it took and how it ended, with the timestamps cucumber gives its own writers (the
//! `timestamps` feature). A writer teed beside the console's; it writes nothing itself and
//! hands each finished scenario's steps to the run's [`Traces`].

use std::{collections::HashMap, sync::Arc, time::SystemTime};

use cucumber::{
    Event, World, Writer,
    event::{Cucumber, Feature, Hook, HookType, Rule, Scenario, Step, StepError},
    parser, writer,
};

use super::Traces;
use crate::outcomes::{StepPart, StepStatus};

/// One hook or step as it ran.
#[derive(Debug, Clone)]
pub struct StepLine {
    /// A hook, a background step or one of the scenario's own.
    pub part: StepPart,
    /// The step's keyword and text (`Given a visitor …`); the hook's name for a hook.
    pub text: String,
    /// The step's line; `None` for a hook.
    pub line: Option<usize>,
    /// When it started.
    pub started: SystemTime,
    /// When it ended.
    pub ended: SystemTime,
    /// How it ended.
    pub status: StepStatus,
    /// What it said when it did not pass.
    pub error: Option<String>,
}

/// A cucumber writer that gives each finished scenario's [`StepLine`]s to [`Traces`]. Tee it
/// inside `.normalized()`, as the transcript writer is.
#[derive(Debug)]
pub struct TraceWriter {
    traces: Arc<Traces>,
    /// Scenarios under way by (feature path, line, column): their steps so far, and the start
    /// of the one running.
    running: HashMap<(String, usize, usize), (Vec<StepLine>, SystemTime)>,
}

impl TraceWriter {
    /// A writer that hands steps to `traces`.
    pub fn new(traces: Arc<Traces>) -> Self {
        Self {
            traces,
            running: HashMap::new(),
        }
    }
}

impl<W: World> Writer<W> for TraceWriter {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, _: &Self::Cli) {
        let Ok((Cucumber::Feature(feature, ev), meta)) = event.map(Event::split) else {
            return;
        };
        let (scenario, ev) = match ev {
            Feature::Scenario(scenario, ev) | Feature::Rule(_, Rule::Scenario(scenario, ev)) => {
                (scenario, ev)
            }
            _ => return,
        };
        let path = feature
            .path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let key = (path, scenario.position.line, scenario.position.col);
        match ev.event {
            Scenario::Started => {
                self.running.insert(key, (Vec::new(), meta.at));
            }
            Scenario::Finished => {
                if let Some((mut steps, _)) = self.running.remove(&key) {
                    not_run(&mut steps, &scenario.steps, meta.at);
                    self.traces
                        .steps_seen(&feature, scenario.position.line, steps);
                }
            }
            event => {
                if let Some((steps, started)) = self.running.get_mut(&key) {
                    if let Some(step) = ended(&event, *started, meta.at) {
                        steps.push(step);
                    } else if is_start(&event) {
                        *started = meta.at;
                    }
                }
            }
        }
    }
}

impl writer::NonTransforming for TraceWriter {}

fn is_start<W>(event: &Scenario<W>) -> bool {
    matches!(
        event,
        Scenario::Hook(_, Hook::Started)
            | Scenario::Background(_, Step::Started)
            | Scenario::Step(_, Step::Started)
    )
}

/// The [`StepLine`] of a hook or step that ends with `event` at `at`, having started at
/// `started`; `None` for any other event.
fn ended<W>(event: &Scenario<W>, started: SystemTime, at: SystemTime) -> Option<StepLine> {
    let (part, step, status, error) = match event {
        Scenario::Hook(kind, Hook::Passed | Hook::Failed(..)) => {
            let part = match kind {
                HookType::Before => StepPart::Before,
                HookType::After => StepPart::After,
            };
            let error = match event {
                Scenario::Hook(_, Hook::Failed(_, info)) => Some(
                    info.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| info.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default(),
                ),
                _ => None,
            };
            let status = if error.is_some() {
                StepStatus::Failed
            } else {
                StepStatus::Passed
            };
            (part, None, status, error)
        }
        Scenario::Background(step, ev) | Scenario::Step(step, ev) => {
            let part = if matches!(event, Scenario::Background(..)) {
                StepPart::Background
            } else {
                StepPart::Step
            };
            let (status, error) = match ev {
                Step::Started => return None,
                Step::Passed(..) => (StepStatus::Passed, None),
                Step::Skipped => (StepStatus::Skipped, None),
                Step::Failed(_, _, _, e) => (
                    match e {
                        StepError::NotFound => StepStatus::Undefined,
                        StepError::AmbiguousMatch(_) => StepStatus::Ambiguous,
                        StepError::Panic(_) => StepStatus::Failed,
                    },
                    // The step's own words, as the reports give them.
                    Some(
                        e.to_string()
                            .trim_start_matches(crate::outcomes::CUCUMBER_PANIC_PREFIX)
                            .to_owned(),
                    ),
                ),
            };
            (part, Some(step), status, error)
        }
        _ => return None,
    };
    let text = match step {
        Some(s) => format!("{}{}", s.keyword, s.value),
        None => match part {
            StepPart::Before => "before hook".to_owned(),
            _ => "after hook (the checks after every scenario, artefacts)".to_owned(),
        },
    };
    Some(StepLine {
        part,
        text,
        line: step.map(|s| s.position.line),
        started,
        ended: at,
        status,
        error,
    })
}

/// Adds the scenario's own steps that never started (a step before them failed: cucumber
/// reports nothing for them) as skipped, so the timeline shows the whole scenario.
fn not_run(steps: &mut Vec<StepLine>, scenario: &[cucumber::gherkin::Step], at: SystemTime) {
    let seen: Vec<usize> = steps.iter().filter_map(|s| s.line).collect();
    let after = steps
        .iter()
        .position(|s| s.part == StepPart::After)
        .unwrap_or(steps.len());
    let missing: Vec<StepLine> = scenario
        .iter()
        .filter(|s| !seen.contains(&s.position.line))
        .map(|s| StepLine {
            part: StepPart::Step,
            text: format!("{}{}", s.keyword, s.value),
            line: Some(s.position.line),
            started: at,
            ended: at,
            status: StepStatus::Skipped,
            error: None,
        })
        .collect();
    steps.splice(after..after, missing);
}
