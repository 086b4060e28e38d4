//! A member's outcome: the verdict a trial hands on for it, and the words that say why.

use std::{collections::BTreeSet, time::Instant};

use super::{BatchEnd, Member};
use crate::mutation::{
    campaign::{MutantResult, Status},
    coverage::ScenarioRef,
    schemata::Mutant,
};

/// A member's verdict from the failed run it had alone, its kill noted in `kills`.
pub(super) fn charge(
    m: Member,
    end: BatchEnd,
    started: Instant,
    kills: &mut Vec<(Mutant, ScenarioRef)>,
) -> MutantResult {
    let (status, detail) = match end {
        BatchEnd::Killed { by, what } => {
            if let Some(scenario) = by.into_iter().next() {
                kills.push((m.mutant.clone(), scenario));
            }
            (Status::Killed, what)
        }
        BatchEnd::Timeout(why) => (Status::Timeout, why),
        BatchEnd::CouldNotRun(why) => (Status::CouldNotRun, why),
        // Not a failure; never charged.
        BatchEnd::Passed => (Status::Survived, passed(&m.covering, 1)),
    };
    verdict(m, status, detail, 1, started)
}

/// A member's outcome.
pub(super) fn verdict(
    m: Member,
    status: Status,
    detail: String,
    together: usize,
    started: Instant,
) -> MutantResult {
    MutantResult {
        mutant: m.mutant,
        status,
        detail,
        covering: m.covering.len(),
        scenarios_run: m.run,
        seconds: started.elapsed().as_secs_f64(),
        together,
    }
}

/// What a survivor's detail says: the scenarios that run its code and passed, by place when
/// they are few (where a missing check would go), else how many; and how many other mutants
/// were on with it.
pub(super) fn passed(covering: &BTreeSet<ScenarioRef>, together: usize) -> String {
    let scenarios = if covering.len() > 8 {
        format!("all {} scenarios that run its code passed", covering.len())
    } else {
        let places: Vec<String> = covering
            .iter()
            .map(|s| format!("{}:{}", s.file, s.line))
            .collect();
        format!("passed: {}", places.join(", "))
    };
    match together {
        1 => scenarios,
        n => format!("{scenarios}, with {} other mutants switched on", n - 1),
    }
}
