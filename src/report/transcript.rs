//! What cucumber sees of each scenario as it runs: when it started and how long it took, its
//! steps as the console prints them, and how a failure looked to cucumber. A writer teed
//! beside the console's hands each scenario's [`Transcript`] to the run's [`Outcomes`], where
//! it joins the scenario's result for the reports.

use std::{collections::HashMap, fmt::Debug, mem, sync::Arc, time::SystemTime};

use cucumber::{
    Event, World, Writer,
    event::{self, Cucumber, Feature, Hook, HookType, Rule, Scenario, Step},
    gherkin, parser,
    writer::{self, Coloring, Verbosity, out::WritableString},
};

use crate::outcomes::{Outcomes, Transcript};

/// A scenario under way: its rule, when it started, its events so far.
type Running<W> = (Option<String>, SystemTime, Vec<event::RetryableScenario<W>>);

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
                self.running.insert(key, (rule, meta.at, vec![ev]));
            }
            Scenario::Finished => {
                let Some((rule, started, events)) = self.running.remove(&key) else {
                    return;
                };
                let failure = failure_of(&events);
                let output = console_text(&feature, &scenario, events).await;
                let transcript = Transcript {
                    feature: feature.name.clone(),
                    path: key.0,
                    rule,
                    column: key.2,
                    started,
                    duration: meta.at.duration_since(started).unwrap_or_default(),
                    output,
                    failure,
                };
                self.outcomes
                    .record_transcript(&feature, &scenario, transcript);
            }
            _ => {
                if let Some((_, _, events)) = self.running.get_mut(&key) {
                    events.push(ev);
                }
            }
        }
    }
}

impl<W> writer::NonTransforming for TranscriptWriter<W> {}

/// The feature file's path as cucumber names it in its reports: relative to the project
/// (`features/f.feature`).
fn path_of(feature: &gherkin::Feature) -> String {
    let path = feature
        .path
        .as_deref()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
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
