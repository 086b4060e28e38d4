//! A trial: mutants switched on together against the scenarios that execute them, in
//! batches through the suite's own runner, until each is killed or has passed them all.
//!
//! A survivor must pass every scenario that runs its code, which for most mutants of a widget
//! is nearly the whole suite: survivors are most of a campaign's time. A group of mutants
//! that passes those scenarios together spares one whole run per member. A group that fails
//! is split in halves on a scenario it failed, halves of halves on that scenario (adaptive
//! group testing, [`culprits`]), so a member is only ever *killed* alone, by a scenario that fails with it alone switched
//! on. Two members whose changes cancel out on every scenario that would kill one of them
//! would both be reported survivors: the campaign groups only mutants whose code does not
//! overlap ([`super::rounds`]), each survivor says how many were on with it, and `--mutants
//! ID --group-size 1` tests one alone.

use std::{collections::BTreeSet, future::Future, time::Instant};

use outcome::{charge, passed, verdict};

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
    /// Every mutant has passed a run before (the second round's groups): each is known to
    /// load, so no run of the trial needs the preflight page load.
    #[serde(default)]
    pub loaded: bool,
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

impl BatchEnd {
    /// The scenarios of `batch` this end counts as failed: none when it passed, the ones
    /// named, or the whole batch when none was named (a timeout, a run that could not say).
    fn failed_in(&self, batch: &[ScenarioRef]) -> Vec<ScenarioRef> {
        match self {
            Self::Passed => Vec::new(),
            Self::Killed { by, .. } if !by.is_empty() => by.clone(),
            _ => batch.to_vec(),
        }
    }
}

/// The scenarios of `batch` not in `failed`.
fn all_but(batch: &[ScenarioRef], failed: &[ScenarioRef]) -> Vec<ScenarioRef> {
    batch
        .iter()
        .filter(|s| !failed.contains(s))
        .cloned()
        .collect()
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

/// Mutants on together, how many scenarios their next batch runs, and how many batches they
/// have run.
struct Party {
    members: Vec<Member>,
    size: usize,
    batches: usize,
}

impl Member {
    /// Counts the scenarios of `batch` this member's code runs in as run, and as passed when
    /// `passed`.
    fn ran(&mut self, batch: &[ScenarioRef], passed: bool) {
        let own: Vec<&ScenarioRef> = batch.iter().filter(|s| self.covering.contains(s)).collect();
        self.run += own.len();
        if passed {
            self.passed.extend(own.into_iter().cloned());
        }
    }
}

/// Runs `mutants` (each with the scenarios that run its code) switched on together, through
/// `run_batch`, in batches of the concurrency, then twice that, four times…, the likeliest
/// killers first. When a batch fails with several members on, [`culprits::find_each`] (or,
/// for a batch that timed out, [`culprits::find`]) finds the members that fail its failed
/// scenarios alone: they are killed, and the others go on together (in
/// two halves when none failed alone: members that fail only together are kept apart). A
/// member that fails alone is killed (or a timeout, or could not run). A trial that has run
/// `batches` batches hands its mutants back undecided.
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
            let none = String::new();
            tested
                .results
                .push(verdict(member, Status::NoCoverage, none, 1, started));
        } else {
            members.push(member);
        }
    }
    let mut parties = vec![Party {
        members,
        size: scheduler.first_batch(),
        batches: 0,
    }];
    while let Some(mut party) = parties.pop() {
        let pending: Covering = party
            .members
            .iter()
            .flat_map(|m| m.covering.difference(&m.passed).cloned())
            .collect();
        let together = party.members.len();
        if together == 0 {
            continue;
        }
        if pending.is_empty() {
            for m in party.members {
                let detail = passed(&m.covering, together);
                let result = verdict(m, Status::Survived, detail, together, started);
                tested.results.push(result);
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
        let lines: Vec<usize> = party.members.iter().map(|m| m.mutant.line).collect();
        let mut batch = scheduler.order(&pending, &lines);
        batch.truncate(party.size.max(1));
        let end = run_batch(on(&party.members), batch.clone()).await?;
        party.batches += 1;
        party.size = party.size.saturating_mul(2);
        let failed = match end {
            BatchEnd::Passed => {
                party.members.iter_mut().for_each(|m| m.ran(&batch, true));
                parties.push(party);
                continue;
            }
            end if together == 1 => {
                let mut m = party.members.remove(0);
                m.ran(&batch, false);
                let result = charge(m, end, started, &mut tested.kills);
                tested.results.push(result);
                continue;
            }
            end => end,
        };
        let named = matches!(&failed, BatchEnd::Killed { by, .. } if !by.is_empty());
        let mut failed = failed.failed_in(&batch);
        // The quickest first: the search takes them one at a time.
        failed.sort_by_key(|s| scheduler.duration(s));
        // Every scenario of the batch ran (a campaign's runs do not stop at the first
        // failure): the ones that did not fail were passed by every member.
        let clean = all_but(&batch, &failed);
        party.members.iter_mut().for_each(|m| m.ran(&clean, true));
        // Every failed scenario is explained before the group goes on: left pending, one
        // would fail every later batch of the group, each a large run.
        let (blamed, together) = if named {
            let found = culprits::find_each(&mut party.members, &failed, &mut run_batch).await?;
            (found.blamed, found.together)
        } else {
            let blamed = culprits::find(&mut party.members, &failed, &mut run_batch).await?;
            (blamed, None)
        };
        let found = blamed.iter().any(Option::is_some);
        let (mut left, mut pair) = (Vec::new(), Vec::new());
        for (i, (m, end)) in party.members.drain(..).zip(blamed).enumerate() {
            match end {
                Some(end) => tested
                    .results
                    .push(charge(m, end, started, &mut tested.kills)),
                None if together.is_some_and(|(a, b)| i == a || i == b) => pair.push(m),
                None => left.push(m),
            }
        }
        if pair.len() < 2 {
            // One of the two was a culprit after all: no pair to keep apart.
            left.append(&mut pair);
        }
        if found && pair.is_empty() {
            party.members = left;
            parties.push(party);
        } else {
            // They fail only together (or the failure was the machine's): apart, in halves,
            // so that a pair that fails together does not fail every batch.
            for members in halves_apart(left, pair) {
                parties.push(Party {
                    members,
                    size: party.size,
                    batches: party.batches,
                });
            }
        }
    }
    Ok(tested)
}

/// `members` in two halves, with one of `pair` (the members that fail together, when the
/// search found them) in each.
fn halves_apart(mut members: Vec<Member>, pair: Vec<Member>) -> [Vec<Member>; 2] {
    let mut half = members.split_off(members.len() / 2);
    let mut pair = pair.into_iter();
    half.extend(pair.next());
    members.extend(pair);
    [half, members]
}

/// The mutants of `members`, to switch on.
fn on(members: &[Member]) -> Vec<Mutant> {
    members.iter().map(|m| m.mutant.clone()).collect()
}

mod culprits;
mod outcome;
#[cfg(test)]
mod tests;
