//! `--repeat N`: how often each scenario passed over N rounds, and which are flaky (failed at
//! least once but not every time), the habit of `wpt run --verify`.

use std::collections::BTreeMap;

use crate::{
    outcomes::status::Status,
    outcomes::{Failure, ScenarioResult},
    verdict::Verdict,
};

/// Per scenario (file and line): its name, how many rounds it ran, and its failures.
#[derive(Debug, Default)]
pub struct Stability {
    scenarios: BTreeMap<(String, usize), (String, usize, Vec<Failure>)>,
    /// Each scenario's result in the first round it ran (its key).
    first: BTreeMap<(String, usize), ScenarioResult>,
}

impl Stability {
    /// Adds one round's results.
    pub fn add(&mut self, results: &[ScenarioResult]) {
        for r in results {
            let entry = self
                .scenarios
                .entry((r.file.clone(), r.line))
                .or_insert_with(|| (r.name.clone(), 0, Vec::new()));
            entry.1 += 1;
            if let Some(f) = &r.failure {
                entry.2.push(f.clone());
            }
            self.first
                .entry((r.file.clone(), r.line))
                .or_insert_with(|| r.clone());
        }
    }

    /// One result per scenario over every round: passed (every round), failed (every round)
    /// or flaky, with its first failure; the statuses a baseline judges.
    pub fn results(&self) -> Vec<ScenarioResult> {
        self.scenarios
            .iter()
            .filter_map(|(at, (_, runs, failures))| {
                let mut r = self.first.get(at)?.clone();
                r.failure = failures.first().cloned();
                // No one round's run speaks for the rounds.
                r.transcript = None;
                r.status = if failures.is_empty() {
                    Status::Passed
                } else if failures.len() < *runs {
                    Status::Flaky
                } else {
                    Status::Failed
                };
                Some(r)
            })
            .collect()
    }

    /// The scenarios that failed at least once, with "flaky" or "failed every time".
    fn unstable(&self, rounds: usize) -> Vec<(String, usize, usize, &Failure)> {
        self.scenarios
            .iter()
            .filter_map(|((file, line), (name, runs, failures))| {
                let first = failures.first()?;
                let label = if failures.len() < *runs && *runs == rounds {
                    "flaky"
                } else if failures.len() < *runs {
                    "flaky (did not run every round)"
                } else {
                    "failed every time"
                };
                Some((
                    format!("{label}: {file}:{line} {name}"),
                    failures.len(),
                    *runs,
                    first,
                ))
            })
            .collect()
    }

    /// A report for people: totals, then every scenario that failed at least once.
    pub fn report(&self, rounds: usize) -> String {
        let unstable = self.unstable(rounds);
        let runs: usize = self.scenarios.values().map(|v| v.1).sum();
        let mut out = format!(
            "Stability: {} scenarios × {rounds} rounds = {runs} runs; {} stable, {} failed at least once\n",
            self.scenarios.len(),
            self.scenarios.len() - unstable.len(),
            unstable.len()
        );
        for (label, failed, runs, first) in unstable {
            out.push_str(&format!(
                "  {label}\n      failed {failed} of {runs} runs; first failure: {}\n",
                first.message.lines().next().unwrap_or_default()
            ));
        }
        out
    }

    /// Conforms only when every scenario passed in every round; the failures are judged by
    /// the same rule as a single run's ([`Verdict::of_failures`]).
    pub fn verdict(&self, rounds: usize) -> Verdict {
        let failures: Vec<Failure> = self
            .unstable(rounds)
            .into_iter()
            .map(|(label, failed, runs, first)| Failure {
                scenario: format!("{label} (failed {failed} of {runs} runs)"),
                ..first.clone()
            })
            .collect();
        Verdict::of_failures(self.scenarios.values().map(|v| v.1).sum(), failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(line: usize, failed: bool) -> ScenarioResult {
        ScenarioResult {
            file: "f.feature".into(),
            line,
            name: format!("s{line}"),
            failure: failed.then(|| Failure {
                specs: vec!["C4".into()],
                scenario: format!("s{line}"),
                message: "expected 0 calls, saw 1".into(),
                artefacts: None,
            }),
            specs: vec!["C4".into()],
            key: crate::selection::scenario_key::ScenarioKey {
                feature: "f.feature".into(),
                scenario: format!("s{line}"),
                example: Default::default(),
            },
            status: if failed {
                Status::Failed
            } else {
                Status::Passed
            },
            calls: Default::default(),
            transcript: None,
            retry: None,
            trace: None,
        }
    }

    #[test]
    fn a_scenario_that_failed_once_in_three_rounds_is_named_flaky() {
        let mut s = Stability::default();
        s.add(&[result(1, false), result(2, false)]);
        s.add(&[result(1, true), result(2, false)]);
        s.add(&[result(1, false), result(2, false)]);
        let report = s.report(3);
        assert!(
            report.contains("2 scenarios × 3 rounds = 6 runs; 1 stable, 1 failed at least once"),
            "{report}"
        );
        assert!(report.contains("flaky: f.feature:1 s1"), "{report}");
        assert!(report.contains("failed 1 of 3 runs"), "{report}");
        let statuses: Vec<Status> = s.results().into_iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Status::Flaky, Status::Passed]);
        match s.verdict(3) {
            Verdict::DoesNotConform { failures } => {
                assert_eq!(failures.len(), 1);
                assert!(failures[0].scenario.starts_with("flaky"), "{failures:?}");
            }
            other => panic!("expected does not conform, got {other:?}"),
        }
    }

    #[test]
    fn always_failing_is_not_flaky_and_all_passing_conforms() {
        let mut s = Stability::default();
        s.add(&[result(1, true)]);
        s.add(&[result(1, true)]);
        assert!(s.report(2).contains("failed every time"));
        let mut ok = Stability::default();
        ok.add(&[result(1, false)]);
        ok.add(&[result(1, false)]);
        assert_eq!(ok.verdict(2), Verdict::Conforms { scenarios: 2 });
    }
}
