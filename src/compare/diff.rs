//! The comparison of two builds' results: per statement and per scenario (regressed, fixed,
//! unchanged) and per scenario and route, the widget's calls in each build with the growth
//! that crosses the traffic threshold flagged. Pure: [`super`] runs the builds.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use super::{
    change::{Change, Outcome},
    threshold::Threshold,
};
use crate::{browser::Engine, outcomes::ScenarioResult, selection::scenario_key::ScenarioKey};

/// One route's calls in one scenario, in each build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteDelta {
    /// `POST /widget/v1/identify`.
    pub route: String,
    /// Calls in the old build.
    pub old: usize,
    /// Calls in the new build.
    pub new: usize,
    /// The growth crossed the threshold (fails the comparison).
    pub flagged: bool,
}

/// One scenario in one engine, in both builds.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioDelta {
    /// The engine it ran in.
    pub engine: String,
    /// Its stable key.
    #[serde(flatten)]
    pub key: ScenarioKey,
    /// The statements it checks, and those a build's failure of it was charged to (a guest
    /// breach, I6–I8, in a scenario of another statement).
    pub specs: Vec<String>,
    /// Per statement of `specs`, its outcome in the old build and in the new.
    #[serde(skip)]
    pub by_statement: Vec<(Outcome, Outcome)>,
    /// Its outcome in the old build.
    pub old: Outcome,
    /// Its outcome in the new build.
    pub new: Outcome,
    /// Regressed, fixed or unchanged.
    pub change: Change,
    /// The new build's failure, first line (when it failed).
    pub new_failure: Option<String>,
    /// Every route either build called, with both counts.
    pub routes: Vec<RouteDelta>,
    /// All widget calls in the old and the new build.
    pub total: (usize, usize),
}

impl ScenarioDelta {
    /// The routes whose count differs: `identify 1 → 2`, flagged ones marked.
    pub fn traffic_changes(&self) -> Vec<&RouteDelta> {
        self.routes.iter().filter(|r| r.old != r.new).collect()
    }
}

/// One statement in both builds (over every engine).
#[derive(Debug, Clone, Serialize)]
pub struct StatementDelta {
    /// `C4`.
    pub id: String,
    /// Failed if any of its scenarios failed in the old build.
    pub old: Outcome,
    /// Failed if any of its scenarios failed in the new build.
    pub new: Outcome,
    /// Regressed when one of its scenarios regressed; fixed when all that changed were fixed.
    pub change: Change,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The old build (path or URL).
    pub old_build: String,
    /// The new build (path or URL).
    pub new_build: String,
    /// The traffic threshold used.
    pub threshold: Threshold,
    /// Per statement, sorted by ID.
    pub statements: Vec<StatementDelta>,
    /// Per scenario and engine, sorted by engine and key.
    pub scenarios: Vec<ScenarioDelta>,
}

impl Comparison {
    /// Compares each engine's results of the old build with the new build's.
    pub fn of(
        old_build: String,
        new_build: String,
        threshold: Threshold,
        old: &[(Engine, Vec<ScenarioResult>)],
        new: &[(Engine, Vec<ScenarioResult>)],
    ) -> Self {
        let index = |runs: &[(Engine, Vec<ScenarioResult>)]| {
            let mut out: BTreeMap<(String, ScenarioKey), ScenarioResult> = BTreeMap::new();
            for (engine, results) in runs {
                for r in results {
                    out.insert((engine.name().to_owned(), r.key.clone()), r.clone());
                }
            }
            out
        };
        let (old, new) = (index(old), index(new));
        let keys: BTreeSet<&(String, ScenarioKey)> = old.keys().chain(new.keys()).collect();
        let scenarios: Vec<ScenarioDelta> = keys
            .into_iter()
            .map(|k| scenario_delta(k, old.get(k), new.get(k), threshold))
            .collect();
        Self {
            old_build,
            new_build,
            threshold,
            statements: statement_deltas(&scenarios),
            scenarios,
        }
    }

    /// The statements that regressed.
    pub fn regressed_statements(&self) -> Vec<&str> {
        self.statements
            .iter()
            .filter(|s| s.change == Change::Regressed)
            .map(|s| s.id.as_str())
            .collect()
    }

    /// Every flagged route: (scenario, route).
    pub fn flagged_traffic(&self) -> Vec<(&ScenarioDelta, &RouteDelta)> {
        self.scenarios
            .iter()
            .flat_map(|s| s.routes.iter().filter(|r| r.flagged).map(move |r| (s, r)))
            .collect()
    }

    /// 1 when the new build regressed a statement or a route crossed the threshold, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.regressed_statements().is_empty() || !self.flagged_traffic().is_empty())
    }
}

fn scenario_delta(
    (engine, key): &(String, ScenarioKey),
    old: Option<&ScenarioResult>,
    new: Option<&ScenarioResult>,
    threshold: Threshold,
) -> ScenarioDelta {
    let (o, n) = (Outcome::of(old), Outcome::of(new));
    let calls = |r: Option<&ScenarioResult>| r.map(|r| r.calls.clone()).unwrap_or_default();
    let (old_calls, new_calls) = (calls(old), calls(new));
    let routes: BTreeSet<&String> = old_calls
        .routes
        .keys()
        .chain(new_calls.routes.keys())
        .collect();
    // A build that did not run the scenario has no traffic to compare.
    let both_ran = old.is_some() && new.is_some();
    let routes = routes
        .into_iter()
        .map(|route| {
            let before = old_calls.routes.get(route).copied().unwrap_or(0);
            let after = new_calls.routes.get(route).copied().unwrap_or(0);
            RouteDelta {
                route: route.clone(),
                old: before,
                new: after,
                flagged: both_ran
                    && threshold.crossed_in(
                        before,
                        old_calls.duration_ms,
                        after,
                        new_calls.duration_ms,
                    ),
            }
        })
        .collect();
    let mut specs: Vec<String> = new.or(old).map(|r| r.specs.clone()).unwrap_or_default();
    let charged = [old, new]
        .into_iter()
        .flatten()
        .filter_map(|r| r.failure.as_ref())
        .flat_map(|f| f.specs.iter());
    for id in charged {
        if !specs.contains(id) {
            specs.push(id.clone());
        }
    }
    let by_statement = specs
        .iter()
        .map(|id| {
            (
                Outcome::of_statement(old, id),
                Outcome::of_statement(new, id),
            )
        })
        .collect();
    ScenarioDelta {
        engine: engine.clone(),
        key: key.clone(),
        specs,
        by_statement,
        old: o,
        new: n,
        change: Change::of(o, n),
        new_failure: new
            .and_then(|r| r.failure.as_ref())
            .map(|f| f.message.lines().next().unwrap_or_default().to_owned()),
        routes,
        total: (old_calls.total, new_calls.total),
    }
}

fn statement_deltas(scenarios: &[ScenarioDelta]) -> Vec<StatementDelta> {
    let mut by_id: BTreeMap<&str, Vec<(Outcome, Outcome)>> = BTreeMap::new();
    for s in scenarios {
        for (id, outcomes) in s.specs.iter().zip(&s.by_statement) {
            by_id.entry(id).or_default().push(*outcomes);
        }
    }
    by_id
        .into_iter()
        .map(|(id, list)| {
            let changes: BTreeSet<Change> = list.iter().map(|(o, n)| Change::of(*o, *n)).collect();
            let change = if changes.contains(&Change::Regressed) {
                Change::Regressed
            } else if changes.contains(&Change::Fixed) {
                Change::Fixed
            } else {
                Change::Unchanged
            };
            StatementDelta {
                id: id.to_owned(),
                old: list
                    .iter()
                    .map(|(o, _)| *o)
                    .min()
                    .unwrap_or(Outcome::NotRun),
                new: list
                    .iter()
                    .map(|(_, n)| *n)
                    .min()
                    .unwrap_or(Outcome::NotRun),
                change,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
