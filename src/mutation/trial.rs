//! A trial: mutants switched on together against the scenarios that execute them, in
//! batches through the suite's own runner, until each is killed or has passed them all.
//!
//! A survivor must pass every scenario that runs its code, which for most mutants of a widget
//! is nearly the whole suite: survivors are most of a campaign's time. A group of mutants
//! that passes those scenarios together spares one whole run per member. A group that fails
//! is split in halves, each of which runs the failed scenarios first (adaptive group testing),
//! so a member is only ever *killed* alone, by a scenario that fails with it alone switched
//! on. Two members whose changes cancel out on every scenario that would kill one of them
//! would both be reported survivors: the campaign groups only mutants whose code does not
//! overlap ([`super::rounds`]), each survivor says how many were on with it, and `--mutants
//! ID --group-size 1` tests one alone.

use std::{collections::BTreeSet, future::Future, time::Instant};

use serde::{Deserialize, Serialize};

use super::{
    campaign::{MutantResult, Status},
    coverage::ScenarioRef,
    plan::Scheduler,
    schemata::Mutant,
};
use crate::Verdict;

/// What a tester is asked: these mutants, switched on together, for at most `batches`
/// batches (`None`: until each has a verdict). A worker reads it as one line of JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The mutants.
    pub mutants: Vec<Mutant>,
    /// How many batches the trial may run before it hands its mutants back undecided.
    pub batches: Option<usize>,
}

/// A mutant a trial handed back without a verdict: it passed every batch the trial allowed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Undecided {
    /// The mutant.
    pub mutant: Mutant,
    /// How many of its scenarios it has passed.
    pub scenarios_run: usize,
    /// The trial's time until then, in seconds.
    pub seconds: f64,
}

/// What a trial found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Tested {
    /// The mutants with a verdict.
    pub results: Vec<MutantResult>,
    /// The mutants the trial's batch limit left without one.
    pub undecided: Vec<Undecided>,
    /// The kills, each with the scenario that made it (the first that failed), for the
    /// scheduler of every worker ([`super::kill_log`]).
    #[serde(skip)]
    pub kills: Vec<(Mutant, ScenarioRef)>,
}

/// How one batch of scenarios ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchEnd {
    /// Every scenario passed.
    Passed,
    /// Some failed: the scenarios that did (in the order the run reported them), and what
    /// the first one saw.
    Killed {
        /// The failed scenarios.
        by: Vec<ScenarioRef>,
        /// The first failure, on one line.
        what: String,
    },
    /// The run did not end in time, or Stryker's hit limit stopped an endless loop.
    Timeout(String),
    /// The suite could not run the batch (after its retry).
    CouldNotRun(String),
}

/// The scenarios each mutant's code runs in (the coverage pass's finding).
pub type Covering = BTreeSet<ScenarioRef>;

/// A mutant in a trial and the scenarios of its own it has passed.
struct Member {
    mutant: Mutant,
    covering: BTreeSet<ScenarioRef>,
    passed: BTreeSet<ScenarioRef>,
    run: usize,
}

/// Mutants on together, how many scenarios their next batch runs, how many batches they have
/// run, and the scenarios their next batch must start with (those that failed the larger
/// group they were split from).
struct Party {
    members: Vec<Member>,
    size: usize,
    batches: usize,
    first: Vec<ScenarioRef>,
}

/// Runs `mutants` (each with the scenarios that run its code) switched on together, through
/// `run_batch`, in batches of the concurrency, then twice that, four times…, the likeliest
/// killers first. A batch that fails splits the group in halves that run the failed
/// scenarios first; a mutant alone that fails is killed (or a timeout, or could not run). A
/// group that has run `batches` batches is handed back undecided.
///
/// # Errors
/// The interrupted verdict when Ctrl-C or SIGTERM stopped a batch: the campaign stops.
pub async fn run<R, F>(
    mutants: Vec<(Mutant, Covering)>,
    batches: Option<usize>,
    scheduler: &Scheduler,
    mut run_batch: R,
) -> Result<Tested, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let started = Instant::now();
    let mut tested = Tested::default();
    let mut members = Vec::new();
    for (mutant, covering) in mutants {
        let member = Member {
            mutant,
            covering,
            passed: BTreeSet::new(),
            run: 0,
        };
        if member.covering.is_empty() {
            tested.results.push(verdict(
                member,
                Status::NoCoverage,
                String::new(),
                1,
                started,
            ));
        } else {
            members.push(member);
        }
    }
    let mut parties = vec![Party {
        members,
        size: scheduler.first_batch(),
        batches: 0,
        first: Vec::new(),
    }];
    while let Some(mut party) = parties.pop() {
        let pending: BTreeSet<ScenarioRef> = party
            .members
            .iter()
            .flat_map(|m| m.covering.difference(&m.passed).cloned())
            .collect();
        let together = party.members.len();
        if pending.is_empty() {
            for m in party.members {
                let detail = passed(&m.covering, together);
                tested
                    .results
                    .push(verdict(m, Status::Survived, detail, together, started));
            }
            continue;
        }
        if batches.is_some_and(|limit| party.batches >= limit) {
            let seconds = started.elapsed().as_secs_f64();
            tested
                .undecided
                .extend(party.members.into_iter().map(|m| Undecided {
                    mutant: m.mutant,
                    scenarios_run: m.run,
                    seconds,
                }));
            continue;
        }
        let batch = next_batch(scheduler, &mut party, &pending);
        let on: Vec<Mutant> = party.members.iter().map(|m| m.mutant.clone()).collect();
        let end = run_batch(on, batch.clone()).await?;
        party.batches += 1;
        for m in &mut party.members {
            m.run += batch.iter().filter(|s| m.covering.contains(s)).count();
        }
        match end {
            BatchEnd::Passed => {
                for m in &mut party.members {
                    let own = batch.iter().filter(|s| m.covering.contains(s)).cloned();
                    m.passed.extend(own);
                }
                party.size = party.size.saturating_mul(2);
                parties.push(party);
            }
            end if together == 1 => {
                let Some(m) = party.members.pop() else {
                    continue;
                };
                let (status, detail) = match end {
                    BatchEnd::Killed { by, what } => {
                        if let Some(scenario) = by.into_iter().next() {
                            tested.kills.push((m.mutant.clone(), scenario));
                        }
                        (Status::Killed, what)
                    }
                    BatchEnd::Timeout(why) => (Status::Timeout, why),
                    BatchEnd::CouldNotRun(why) => (Status::CouldNotRun, why),
                    BatchEnd::Passed => continue,
                };
                tested.results.push(verdict(m, status, detail, 1, started));
            }
            end => {
                // Which member failed is not known: halves, each starting with what
                // failed (the whole batch when no scenario was named).
                let first = match end {
                    BatchEnd::Killed { by, .. } if !by.is_empty() => by,
                    _ => batch,
                };
                let half = party.members.split_off(together / 2);
                for members in [half, party.members] {
                    parties.push(Party {
                        members,
                        size: scheduler.first_batch(),
                        batches: party.batches,
                        first: first.clone(),
                    });
                }
            }
        }
    }
    Ok(tested)
}

/// The party's next batch: the scenarios it must start with, if any are still pending for
/// it; otherwise the likeliest killers, `size` of them.
fn next_batch(scheduler: &Scheduler, party: &mut Party, pending: &Covering) -> Vec<ScenarioRef> {
    let first: Vec<ScenarioRef> = std::mem::take(&mut party.first)
        .into_iter()
        .filter(|s| pending.contains(s))
        .collect();
    if !first.is_empty() {
        return first;
    }
    let lines: Vec<usize> = party.members.iter().map(|m| m.mutant.line).collect();
    let mut order = scheduler.order(pending, &lines);
    order.truncate(party.size.max(1));
    order
}

/// A member's outcome.
fn verdict(
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
fn passed(covering: &BTreeSet<ScenarioRef>, together: usize) -> String {
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

#[cfg(test)]
mod tests;
