//! Judging a run against a baseline: each scenario's status (expected failure, expected flaky,
//! now passes) and the failures that fail the gate, and the console's tally of statuses.

use std::collections::BTreeMap;

use super::{Baseline, Expectation, Expected};
use crate::{
    browser::Engine,
    outcomes::status::Status,
    outcomes::{Failure, ScenarioResult},
    selection::scenario_key::ScenarioKey,
};

impl Baseline {
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
        // Nothing to judge (a run cut short does not reach the gate).
        (_, Status::NotRun { .. }) => (r.status.clone(), None),
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
pub(super) mod tests {
    use super::*;

    pub(in crate::baseline) fn key(name: &str) -> ScenarioKey {
        ScenarioKey {
            feature: "f.feature".into(),
            scenario: name.into(),
            example: BTreeMap::new(),
        }
    }

    pub(in crate::baseline) fn result(name: &str, status: Status) -> ScenarioResult {
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
            transcript: None,
            retry: None,
            trace: None,
        }
    }

    pub(in crate::baseline) fn fail(name: &str, engine: Option<&str>) -> Expectation {
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
}
