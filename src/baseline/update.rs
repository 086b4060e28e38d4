//! `--update-baseline`: the baseline that accepts a run's failures as they are, keeping what
//! the previous baseline knew (reasons, entries the run could not confirm or refute).

use std::collections::{BTreeMap, BTreeSet};

use super::{Baseline, Expectation, Expected, FORMAT};
use crate::{
    browser::Engine,
    outcomes::status::Status,
    outcomes::{Failure, ScenarioResult},
    selection::scenario_key::ScenarioKey,
};

impl Baseline {
    /// The baseline that accepts `runs` (per engine, its judged results) as they are: every
    /// scenario that failed at least once, `FLAKY` when it also passed. A scenario failing the
    /// same way in every engine run gets one entry for all engines. Reasons are kept from
    /// `previous` where it had the entry; its entries for scenarios this run did not run stay.
    pub fn from_results(runs: &[(Engine, Vec<ScenarioResult>)], previous: Option<&Self>) -> Self {
        let mut found: BTreeMap<ScenarioKey, BTreeMap<Engine, Expected>> = BTreeMap::new();
        let mut ran: BTreeSet<(ScenarioKey, Engine)> = BTreeSet::new();
        for (engine, results) in runs {
            for r in results {
                ran.insert((r.key.clone(), *engine));
                if r.failure.as_ref().is_some_and(Failure::is_infrastructure) {
                    continue;
                }
                let expected = match &r.status {
                    Status::Failed | Status::ExpectedFailure { .. } => Expected::Fail,
                    Status::Flaky | Status::ExpectedFlaky { .. } if r.failure.is_some() => {
                        Expected::Flaky
                    }
                    _ => continue,
                };
                found
                    .entry(r.key.clone())
                    .or_default()
                    .insert(*engine, expected);
            }
        }
        let engines: BTreeSet<Engine> = runs.iter().map(|(e, _)| *e).collect();
        let reason_of = |key: &ScenarioKey, engine: Option<&str>| {
            previous
                .and_then(|p| {
                    p.expectations
                        .iter()
                        .find(|e| &e.key == key && e.engine.as_deref() == engine)
                        .or_else(|| p.expectations.iter().find(|e| &e.key == key))
                })
                .map_or_else(
                    || "TODO: say why (a ticket link)".to_owned(),
                    |e| e.reason.clone(),
                )
        };
        let mut expectations = Vec::new();
        for (key, by_engine) in &found {
            let statuses: BTreeSet<Expected> = by_engine.values().copied().collect();
            if by_engine.len() == engines.len() && engines.len() > 1 && statuses.len() == 1 {
                expectations.push(Expectation {
                    key: key.clone(),
                    engine: None,
                    status: *by_engine.values().next().expect("one engine at least"),
                    reason: reason_of(key, None),
                });
                continue;
            }
            for (engine, status) in by_engine {
                // With one engine run, an entry for every engine stays one (it was written so).
                let all_engines = engines.len() == 1
                    && previous.is_none_or(|p| {
                        p.expectations
                            .iter()
                            .any(|e| &e.key == key && e.engine.is_none())
                            || !p.expectations.iter().any(|e| &e.key == key)
                    });
                let engine = (!all_engines).then(|| engine.name().to_owned());
                expectations.push(Expectation {
                    key: key.clone(),
                    reason: reason_of(key, engine.as_deref()),
                    engine,
                    status: *status,
                });
            }
        }
        // Entries this run could not confirm or refute (scenarios or engines not run) stay.
        if let Some(previous) = previous {
            for e in &previous.expectations {
                let untouched = Engine::ALL
                    .iter()
                    .filter(|k| e.engine.as_deref().is_none_or(|n| n == k.name()))
                    .all(|k| !ran.contains(&(e.key.clone(), *k)));
                if untouched {
                    expectations.push(e.clone());
                }
            }
        }
        let mut baseline = Self {
            format: FORMAT.into(),
            expectations,
        };
        baseline.sort();
        baseline
    }
}

/// Writes the failures of `runs` as the baseline at `path` (see [`Baseline::from_results`]),
/// saying so on the console; not when no scenario ran, which would drop every known failure.
/// The caller does not call it after an interruption.
pub fn write(
    path: &std::path::Path,
    runs: &[(Engine, Vec<ScenarioResult>)],
    previous: Option<&Baseline>,
) {
    if runs.iter().all(|(_, r)| r.is_empty()) {
        eprintln!("baseline not written: no scenario finished");
        return;
    }
    let baseline = Baseline::from_results(runs, previous);
    match std::fs::write(path, baseline.to_json()) {
        Ok(()) => println!(
            "Baseline written: {} ({} known failure(s))",
            path.display(),
            baseline.expectations.len()
        ),
        Err(e) => eprintln!("baseline not written to {}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same made-up results the judging tests use.
    use crate::baseline::judge::tests::result;

    #[test]
    fn a_written_baseline_reads_back_the_same_and_writes_the_same_text() {
        let runs = vec![
            (
                Engine::Firefox,
                vec![result("b", Status::Failed), result("a", Status::Flaky)],
            ),
            (
                Engine::Chromium,
                vec![result("b", Status::Failed), result("a", Status::Passed)],
            ),
        ];
        let written = Baseline::from_results(&runs, None);
        let text = written.to_json();
        let read: Baseline = serde_json::from_str(&text).unwrap();
        assert_eq!(read, written);
        assert_eq!(read.to_json(), text);
        let shape: Vec<(&str, Option<&str>, Expected)> = read
            .expectations
            .iter()
            .map(|e| (e.key.scenario.as_str(), e.engine.as_deref(), e.status))
            .collect();
        assert_eq!(
            shape,
            [
                ("a", Some("firefox"), Expected::Flaky),
                ("b", None, Expected::Fail)
            ]
        );
    }
}
