//! Known-failure baselines (`--baseline FILE`, `--update-baseline FILE`): the failures a widget
//! team has accepted, each named by its scenario's stable key, optionally for one engine, with
//! a reason. A run judged against a baseline fails only on what changed: a new failure, a
//! flaky scenario not known as flaky, or a known failure that now passes. The file format is
//! documented in `docs/baseline.md`; writing one from a run is [`update`].

mod update;

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use serde::{Deserialize, Serialize};

use crate::{
    browser::Engine, outcomes::Failure, outcomes::ScenarioResult, scenario_key::ScenarioKey,
    status::Status,
};

/// The value of the file's `format` field.
pub const FORMAT: &str = "herodesk-baseline/1";

/// What a baseline entry expects of its scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Expected {
    /// It fails (every round).
    #[serde(rename = "FAIL")]
    Fail,
    /// It may fail or pass (known intermittent).
    #[serde(rename = "FLAKY")]
    Flaky,
}

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The scenario.
    #[serde(flatten)]
    pub key: ScenarioKey,
    /// Only in this engine (`firefox`, `chromium`); every engine when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// `FAIL` or `FLAKY`.
    pub status: Expected,
    /// Why it is accepted: a ticket link, a sentence.
    pub reason: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`FORMAT`].
    pub format: String,
    /// The known failures, sorted by scenario key and engine.
    pub expectations: Vec<Expectation>,
}

impl Default for Baseline {
    fn default() -> Self {
        Self {
            format: FORMAT.into(),
            expectations: Vec::new(),
        }
    }
}

impl Baseline {
    /// Reads and checks a baseline file against the scenarios of `all` (every scenario of the
    /// feature files, not only the selected ones).
    ///
    /// # Errors
    /// A sentence: the file cannot be read or parsed, an engine is unknown, an entry is
    /// repeated, or "unknown scenario in baseline: …" for a key no scenario has.
    pub fn load(path: &Path, all: &[ScenarioKey]) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let baseline: Self = serde_json::from_str(&text)
            .map_err(|e| format!("the baseline {} is not valid: {e}", path.display()))?;
        baseline
            .check(all)
            .map_err(|e| format!("{e} (in {})", path.display()))?;
        Ok(baseline)
    }

    fn check(&self, all: &[ScenarioKey]) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "baseline format `{}` is not `{FORMAT}`",
                self.format
            ));
        }
        let known: BTreeSet<&ScenarioKey> = all.iter().collect();
        let mut seen = BTreeSet::new();
        for e in &self.expectations {
            if !known.contains(&e.key) {
                return Err(format!("unknown scenario in baseline: {}", e.key));
            }
            if let Some(engine) = &e.engine
                && !Engine::ALL.iter().any(|k| k.name() == engine)
            {
                return Err(format!(
                    "unknown engine `{engine}` in baseline entry {} (firefox or chromium)",
                    e.key
                ));
            }
            if !seen.insert((&e.key, &e.engine)) {
                return Err(format!("scenario twice in baseline: {}", e.key));
            }
        }
        Ok(())
    }

    /// The entry for `key` in `engine`: one for that engine wins over one for every engine.
    fn expectation(&self, key: &ScenarioKey, engine: Engine) -> Option<&Expectation> {
        let of = |e: &&Expectation| &e.key == key;
        self.expectations
            .iter()
            .filter(of)
            .find(|e| e.engine.as_deref() == Some(engine.name()))
            .or_else(|| {
                self.expectations
                    .iter()
                    .filter(of)
                    .find(|e| e.engine.is_none())
            })
    }

    /// Judges `results` of a run in `engine`: sets each scenario's status (expected failure,
    /// expected flaky, now passes) and returns the failures that fail the gate: new failures,
    /// flaky scenarios not baselined as such, and (unless `allow_fixed`) known failures that
    /// now pass. A failure of the suite's own (`infrastructure:`) is never matched: it stays
    /// the suite's.
    pub fn judge(
        &self,
        engine: Engine,
        results: &mut [ScenarioResult],
        allow_fixed: bool,
    ) -> Vec<Failure> {
        let mut gate = Vec::new();
        for r in results.iter_mut() {
            let infrastructure = r.failure.as_ref().is_some_and(Failure::is_infrastructure);
            let entry = if infrastructure {
                None
            } else {
                self.expectation(&r.key, engine)
            };
            let (status, failure) = judge_one(r, entry, allow_fixed);
            r.status = status;
            gate.extend(failure);
        }
        gate
    }

    pub(crate) fn sort(&mut self) {
        self.expectations
            .sort_by(|a, b| (&a.key, &a.engine).cmp(&(&b.key, &b.engine)));
    }

    /// The file's text: pretty JSON, entries sorted, one field a line, so a change is a
    /// readable diff; reading it back gives the same baseline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// One scenario's status under its baseline entry, and its gate failure if it has one.
fn judge_one(
    r: &ScenarioResult,
    entry: Option<&Expectation>,
    allow_fixed: bool,
) -> (Status, Option<Failure>) {
    let named = |label: &str, message: String, specs: Vec<String>| Failure {
        specs,
        scenario: format!("{label}: {}", r.name),
        message,
        artefacts: r.failure.as_ref().and_then(|f| f.artefacts.clone()),
    };
    let failed = r.failure.clone();
    match (entry, &r.status) {
        (None, Status::Passed) => (Status::Passed, None),
        (None, Status::Flaky) => (
            Status::Flaky,
            failed.map(|f| named("flaky", f.message.clone(), f.specs)),
        ),
        (None, _) => (
            Status::Failed,
            failed.map(|f| named("new failure", f.message.clone(), f.specs)),
        ),
        (Some(e), _) if e.status == Expected::Flaky => {
            let reason = e.reason.clone();
            (Status::ExpectedFlaky { reason }, None)
        }
        (Some(e), Status::Passed) => {
            let reason = e.reason.clone();
            let failure = (!allow_fixed).then(|| {
                named(
                    "now passes",
                    format!(
                        "the baseline expects it to FAIL ({reason}), and it passed: remove it from the baseline (or run with --allow-fixed)"
                    ),
                    r.specs.clone(),
                )
            });
            (Status::NowPasses { reason }, failure)
        }
        (Some(e), Status::Flaky) => (
            Status::Flaky,
            failed.map(|f| {
                named(
                    "flaky",
                    format!(
                        "the baseline expects it to FAIL ({}), and it passed in some rounds: mark it FLAKY; {}",
                        e.reason, f.message
                    ),
                    f.specs,
                )
            }),
        ),
        (Some(e), _) => (
            Status::ExpectedFailure {
                reason: e.reason.clone(),
            },
            None,
        ),
    }
}

/// Counts of the statuses in `results`, for the console: "3 passed, 2 expected failure, …".
pub fn tally(results: &[ScenarioResult]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results {
        *counts.entry(r.status.label()).or_default() += 1;
    }
    counts
        .iter()
        .map(|(label, n)| format!("{n} {label}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> ScenarioKey {
        ScenarioKey {
            feature: "f.feature".into(),
            scenario: name.into(),
            example: BTreeMap::new(),
        }
    }

    fn result(name: &str, status: Status) -> ScenarioResult {
        ScenarioResult {
            file: "f.feature".into(),
            line: 1,
            name: name.into(),
            failure: (status != Status::Passed).then(|| Failure {
                specs: vec!["C4".into()],
                scenario: name.into(),
                message: "expected 0 calls, saw 1".into(),
                artefacts: None,
            }),
            specs: vec!["C4".into()],
            key: key(name),
            status,
            calls: Default::default(),
        }
    }

    fn fail(name: &str, engine: Option<&str>) -> Expectation {
        Expectation {
            key: key(name),
            engine: engine.map(str::to_owned),
            status: Expected::Fail,
            reason: "HD-1".into(),
        }
    }

    #[test]
    fn each_scenario_gets_one_of_the_four_outcomes_and_only_changes_fail_the_gate() {
        let baseline = Baseline {
            expectations: vec![fail("known", None), fail("fixed", None)],
            ..Baseline::default()
        };
        let mut results = vec![
            result("ok", Status::Passed),
            result("known", Status::Failed),
            result("new", Status::Failed),
            result("fixed", Status::Passed),
        ];
        let gate = baseline.judge(Engine::Chromium, &mut results, false);
        let labels: Vec<&str> = results.iter().map(|r| r.status.label()).collect();
        assert_eq!(
            labels,
            ["passed", "expected failure", "failed", "now passes"]
        );
        let names: Vec<&str> = gate.iter().map(|f| f.scenario.as_str()).collect();
        assert_eq!(names, ["new failure: new", "now passes: fixed"]);
        assert!(gate[1].message.contains("remove it from the baseline"));
        let mut again = vec![result("fixed", Status::Passed)];
        assert!(
            baseline
                .judge(Engine::Chromium, &mut again, true)
                .is_empty()
        );
    }

    #[test]
    fn flaky_fails_the_gate_unless_baselined_flaky_and_engine_entries_apply_to_their_engine() {
        let baseline = Baseline {
            expectations: vec![
                Expectation {
                    status: Expected::Flaky,
                    ..fail("wobbly", None)
                },
                fail("firefox only", Some("firefox")),
            ],
            ..Baseline::default()
        };
        let mut results = vec![
            result("wobbly", Status::Flaky),
            result("other", Status::Flaky),
            result("firefox only", Status::Failed),
        ];
        let gate = baseline.judge(Engine::Chromium, &mut results, false);
        let names: Vec<&str> = gate.iter().map(|f| f.scenario.as_str()).collect();
        assert_eq!(names, ["flaky: other", "new failure: firefox only"]);
        let mut in_firefox = vec![result("firefox only", Status::Failed)];
        assert!(
            baseline
                .judge(Engine::Firefox, &mut in_firefox, false)
                .is_empty()
        );
    }

    #[test]
    fn an_unknown_scenario_is_refused_by_name() {
        let baseline = Baseline {
            expectations: vec![fail("gone", None)],
            ..Baseline::default()
        };
        let err = baseline.check(&[key("here")]).unwrap_err();
        assert_eq!(err, "unknown scenario in baseline: f.feature › gone");
    }
}
