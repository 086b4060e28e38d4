//! `cucumber.json`, in the Cucumber JSON format (features → elements → steps, each step's
//! keyword, name, line and result: status, duration in nanoseconds, error message; before and
//! after hooks as Cucumber's writers add them), from a run's list of scenario results. A
//! scenario cucumber ran is written from its [`Transcript`]'s hooks and steps; one it did not
//! (the preflight failed it, the run was cut short first, rounds were summed up) gets one step
//! that says how it ended; a run cut short adds a feature "the run" whose one step failed.

use std::{collections::BTreeMap, io, path::Path, time::Duration};

use serde::Serialize;

use super::RunReport;
use crate::{
    outcomes::status::Status,
    outcomes::{ScenarioResult, StepPart, StepRun, Transcript},
};

/// Writes `report` as `cucumber.json` in `dir`, atomically.
///
/// # Errors
/// An I/O error making the folder or writing the file.
pub fn write(dir: &Path, report: &RunReport) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = serde_json::to_string_pretty(&features(report)).map_err(io::Error::other)?;
    super::file::write(&dir.join("cucumber.json"), text)
}

/// The features of `cucumber.json`, as JSON.
pub fn json(report: &RunReport) -> serde_json::Value {
    serde_json::to_value(features(report)).unwrap_or_default()
}

/// A feature file.
#[derive(Debug, Serialize)]
struct Feature {
    uri: String,
    keyword: &'static str,
    name: String,
    tags: Vec<Tag>,
    elements: Vec<Element>,
}

/// A scenario, or the background steps that ran before it.
#[derive(Debug, Serialize)]
struct Element {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    after: Vec<Hook>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    before: Vec<Hook>,
    keyword: String,
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    line: usize,
    name: String,
    tags: Vec<Tag>,
    steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
struct Tag {
    name: String,
    line: usize,
}

#[derive(Debug, Serialize)]
struct Step {
    keyword: String,
    line: usize,
    name: String,
    result: RunResult,
}

#[derive(Debug, Serialize)]
struct Hook {
    result: RunResult,
}

#[derive(Debug, Serialize)]
struct RunResult {
    status: &'static str,
    /// Nanoseconds, as cucumber-jvm and cucumber-rs write it.
    duration: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<String>,
}

fn features(report: &RunReport) -> Vec<Feature> {
    let mut by_file: BTreeMap<&str, Vec<&ScenarioResult>> = BTreeMap::new();
    for r in report.results {
        by_file.entry(&r.file).or_default().push(r);
    }
    let mut features: Vec<Feature> = by_file
        .into_iter()
        .map(|(file, mut list)| {
            list.sort_by_key(|r| r.line);
            let ran = list.iter().find_map(|r| r.transcript.as_ref());
            Feature {
                uri: ran.map_or_else(|| format!("features/{file}"), |t| t.path.clone()),
                keyword: "Feature",
                name: ran.map_or_else(|| file.to_owned(), |t| t.feature.clone()),
                // The line of a feature's tags is not kept; the first line stands for it.
                tags: ran
                    .map(|t| tags(&t.feature_tags, t.feature_line))
                    .unwrap_or_default(),
                elements: list.into_iter().flat_map(elements).collect(),
            }
        })
        .collect();
    if let Some(note) = report.cut_short {
        features.push(Feature {
            uri: "run".into(),
            keyword: "Feature",
            name: "the run".into(),
            tags: Vec::new(),
            elements: vec![told(
                "the run",
                0,
                "the run gets to its end",
                "failed",
                Some(note),
            )],
        });
    }
    features
}

/// The elements of one scenario: its background's steps, if any ran, then its own.
fn elements(r: &ScenarioResult) -> Vec<Element> {
    let Some(t) = &r.transcript else {
        let (status, error) = match (&r.status, &r.failure) {
            (Status::NotRun { why }, _) => ("skipped", Some(why.as_str())),
            (_, Some(f)) => ("failed", Some(f.message.as_str())),
            (_, None) => ("passed", None),
        };
        let step = "the scenario (reported by the runner)";
        return vec![told(&r.name, r.line, step, status, error)];
    };
    let name = match &t.rule {
        Some(rule) => format!("{rule} {}", r.name),
        None => r.name.clone(),
    };
    let element = |kind, keyword: &str, parts: &[StepPart]| Element {
        after: hooks(t, StepPart::After),
        before: hooks(t, StepPart::Before),
        keyword: keyword.to_owned(),
        kind,
        id: format!("{}/{}", kebab(&t.feature), kebab(&name)),
        line: r.line,
        name: name.clone(),
        tags: tags(&t.tags, r.line),
        steps: t
            .steps
            .iter()
            .filter(|s| parts.contains(&s.part))
            .map(step)
            .collect(),
    };
    let mut out = Vec::new();
    if t.steps.iter().any(|s| s.part == StepPart::Background) {
        let mut background = element("background", "Background", &[StepPart::Background]);
        // The hooks are the scenario's, written once.
        background.before.clear();
        background.after.clear();
        out.push(background);
    }
    out.push(element("scenario", &t.keyword, &[StepPart::Step]));
    out
}

/// A scenario that cucumber did not run (or the run itself), as one step saying how it ended.
fn told(
    scenario: &str,
    line: usize,
    step: &str,
    status: &'static str,
    error: Option<&str>,
) -> Element {
    Element {
        after: Vec::new(),
        before: Vec::new(),
        keyword: "Scenario".into(),
        kind: "scenario",
        id: kebab(scenario),
        line,
        name: scenario.to_owned(),
        tags: Vec::new(),
        steps: vec![Step {
            keyword: "Given ".into(),
            line,
            name: step.to_owned(),
            result: RunResult {
                status,
                duration: 0,
                error_message: error.map(str::to_owned),
            },
        }],
    }
}

fn hooks(t: &Transcript, part: StepPart) -> Vec<Hook> {
    t.steps
        .iter()
        .filter(|s| s.part == part)
        .map(|s| Hook { result: result(s) })
        .collect()
}

fn step(s: &StepRun) -> Step {
    Step {
        keyword: s.keyword.clone(),
        line: s.line,
        name: s.name.clone(),
        result: result(s),
    }
}

fn result(s: &StepRun) -> RunResult {
    RunResult {
        status: s.status.word(),
        duration: nanos(s.duration),
        error_message: s.error.clone(),
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn tags(names: &[String], line: usize) -> Vec<Tag> {
    names
        .iter()
        .map(|name| Tag {
            name: name.clone(),
            line,
        })
        .collect()
}

/// `Session caching: C4 — …` → `session-caching-c4`, for an element's id (which need not be
/// unique).
fn kebab(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests;
