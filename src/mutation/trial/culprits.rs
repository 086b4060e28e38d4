//! The search for the culprits of a group's failure (adaptive group testing).
//!
//! A culprit needs one failed scenario to be found, not all it failed: a member that breaks
//! the cookies can fail twenty scenarios, and halving the group on all twenty makes every run
//! of the search twenty scenarios long. So when the run named the scenarios that failed,
//! the search takes them one at a time, the quickest first ([`find_each`]): it halves the
//! group on that one scenario down to its culprits, then runs the members left on the
//! scenarios still to explain, once; what fails there is searched the same way. When the run
//! could not name them (a timeout: the whole batch counts as failed, and the scenario that
//! loops is unknown), the group is halved on the whole batch ([`find`]), so that a looping
//! member is waited out once per level of the halving.

use std::future::Future;

use super::{BatchEnd, Member};
use crate::{
    Verdict,
    mutation::{coverage::ScenarioRef, schemata::Mutant},
};

/// Some members of a group and the scenarios they are yet to be tried on.
type Part = (Vec<usize>, Vec<ScenarioRef>);

/// How many failed scenarios in a row with no culprit end a search: a pair of members that
/// fails every scenario together would otherwise cost a search per scenario, and a
/// scenario that failed by the machine's doing must not end it at once.
const MISSES: usize = 2;

/// Per member, how its run alone ended (`None`: cleared).
pub(super) type Blamed = Vec<Option<BatchEnd>>;

/// What a search found.
pub(super) struct Found {
    /// Per member, how its run alone ended (`None`: cleared).
    pub blamed: Blamed,
    /// Two members that fail a scenario together though neither fails it alone: the group
    /// must go on with them apart, or they would fail its every batch.
    pub together: Option<(usize, usize)>,
}

/// Finds the members of a group that fail the scenarios `failed` (which the whole group
/// failed, each named by the run, quickest first) with only themselves switched on, one
/// failed scenario at a time: the group is halved on the first, halves that fail it are
/// halved again, down to single members, whose failure is their own; then the members left
/// run the rest of `failed` once, and the first scenario they still fail is searched the same
/// way. Only members whose code runs in a scenario are tried on it. [`MISSES`] scenarios in a
/// row that no member fails alone end the search: they fail only with several members on.
/// For such a scenario the search looks for two members that fail it together ([`pair`]);
/// once found, the search ends, and the trial keeps them apart.
///
/// Every run's scenarios that passed count as passed for the members that were on, so each
/// failed scenario ends with a culprit or passed by every member whose code it runs, or
/// failed only with several members on (those members are cleared). Returns, per member, how
/// its run alone ended (`None`: cleared).
pub(super) async fn find_each<R, F>(
    members: &mut [Member],
    failed: &[ScenarioRef],
    run_batch: &mut R,
) -> Result<Found, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let mut blamed: Blamed = vec![None; members.len()];
    // The members known to fail every scenario of `failed` together.
    let mut on: Vec<usize> = (0..members.len()).collect();
    let mut failed = failed.to_vec();
    let mut misses = 0;
    let mut together = None;
    while !failed.is_empty() {
        let first = failed.remove(0);
        let before = blamed.iter().flatten().count();
        halve(
            members,
            (on.clone(), vec![first.clone()]),
            &mut blamed,
            run_batch,
        )
        .await?;
        if blamed.iter().flatten().count() == before {
            together = pair(members, &on, &first, run_batch).await?;
            if together.is_some() {
                // The pair is the likeliest cause of what else failed: the trial parts it.
                break;
            }
            // It fails only with several members on, or it was the machine's: the next one
            // may still have a culprit (the members on are unchanged, so it is still known
            // to fail), but a pair that fails everything together would make every scenario
            // a miss.
            misses += 1;
            if misses == MISSES {
                break;
            }
            continue;
        }
        let left: Vec<usize> = (0..members.len())
            .filter(|&i| blamed[i].is_none())
            .collect();
        let Some((part, batch)) = runnable(members, left, failed) else {
            break;
        };
        let on_part: Vec<Mutant> = part.iter().map(|&i| members[i].mutant.clone()).collect();
        let end = run_batch(on_part, batch.clone()).await?;
        let still = tried(members, &part, &batch, &end);
        if still.is_empty() {
            break;
        }
        match (part.as_slice(), &end) {
            // Alone, the failure is the member's own.
            (&[one], _) => {
                blamed[one] = Some(end);
                break;
            }
            // Named: the next search takes the quickest of them.
            (_, BatchEnd::Killed { by, .. }) if !by.is_empty() => {
                failed = batch.into_iter().filter(|s| still.contains(s)).collect();
                on = part;
            }
            // The run could not say which scenarios failed (a timeout): halved on them all.
            _ => {
                halve(members, (part, still), &mut blamed, run_batch).await?;
                break;
            }
        }
    }
    Ok(Found { blamed, together })
}

/// Finds the members of a group that fail the scenarios `failed` (which the whole group
/// failed) with only themselves switched on, by halving the group on all of them: for a
/// batch that timed out, where the run could not say which scenario failed. A half that
/// passes them is cleared, a half that fails is halved again on the scenarios it failed only,
/// down to one member, whose failure is its own. Returns, per member, how its run alone ended
/// (`None`: cleared).
pub(super) async fn find<R, F>(
    members: &mut [Member],
    failed: &[ScenarioRef],
    run_batch: &mut R,
) -> Result<Blamed, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let mut blamed: Blamed = vec![None; members.len()];
    let all = (0..members.len()).collect();
    halve(members, (all, failed.to_vec()), &mut blamed, run_batch).await?;
    Ok(blamed)
}

/// The halving of `failing` (members known to fail its scenarios together): the part is
/// cut in two and the first half tried on the scenarios. A half that fails is cut again, on
/// the scenarios it failed only; a single member that fails is blamed in `blamed`. When the
/// first half passes them all, the second must fail them (unless they fail only with several
/// members on), so it is cut without a run of its own: a failed run waits for the step
/// that fails to give up, seconds where a passed one takes a fraction of one, and this spares
/// about one in two. A member is never blamed by that inference, only by a run alone.
async fn halve<R, F>(
    members: &mut [Member],
    failing: Part,
    blamed: &mut Blamed,
    run_batch: &mut R,
) -> Result<(), Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let (known, scenarios) = failing;
    let mut failing: Vec<Part> = runnable(members, known, scenarios).into_iter().collect();
    while let Some((part, scenarios)) = failing.pop() {
        let [second, first] = halves(part, scenarios.clone());
        let failed_first = try_part(members, first, blamed, run_batch, &mut failing).await?;
        let second = match runnable(members, second.0, second.1) {
            // The first half passed: the second fails them, or they fail only together.
            Some((second, batch)) if failed_first.is_empty() && second.len() > 1 => {
                failing.push((second, batch));
                continue;
            }
            Some(second) => second,
            None => continue,
        };
        try_part(members, second, blamed, run_batch, &mut failing).await?;
    }
    Ok(())
}

/// Runs `part` (when some member's code runs in one of its scenarios) on its scenarios: a
/// single member that fails is blamed in `blamed`, several that fail go on `failing` with
/// the scenarios they failed. Returns the scenarios that failed.
async fn try_part<R, F>(
    members: &mut [Member],
    part: Part,
    blamed: &mut Blamed,
    run_batch: &mut R,
    failing: &mut Vec<Part>,
) -> Result<Vec<ScenarioRef>, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let Some((part, batch)) = runnable(members, part.0, part.1) else {
        return Ok(Vec::new());
    };
    let on_part: Vec<Mutant> = part.iter().map(|&i| members[i].mutant.clone()).collect();
    let end = run_batch(on_part, batch.clone()).await?;
    let still = tried(members, &part, &batch, &end);
    match part.as_slice() {
        _ if still.is_empty() => {}
        &[one] => blamed[one] = Some(end),
        _ => failing.push((part, still.clone())),
    }
    Ok(still)
}

/// Two members of `on` (which fail `scenario` together, though no member found so far fails
/// it alone) that fail it together, found by bisection (as delta debugging does): the
/// shortest prefix of the suspects that fails ends with one of them, `b`; the shortest prefix
/// that fails with `b` added ends with the other. About two runs per halving of the suspects,
/// each of the one scenario; `None` when the failure does not come back (the machine's) or
/// a member fails it alone after all.
async fn pair<R, F>(
    members: &mut [Member],
    on: &[usize],
    scenario: &ScenarioRef,
    run_batch: &mut R,
) -> Result<Option<(usize, usize)>, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let suspects: Vec<usize> = on
        .iter()
        .copied()
        .filter(|&i| members[i].covering.contains(scenario))
        .collect();
    if suspects.len() < 2 {
        return Ok(None);
    }
    let batch = vec![scenario.clone()];
    // The whole of the suspects failed it: the shortest failing prefix ends with `b`.
    let mut fails = async |members: &mut [Member], part: Vec<usize>| {
        let on_part: Vec<Mutant> = part.iter().map(|&i| members[i].mutant.clone()).collect();
        let end = run_batch(on_part, batch.clone()).await?;
        Ok::<bool, Verdict>(!tried(members, &part, &batch, &end).is_empty())
    };
    let (mut low, mut high) = (0, suspects.len() - 1);
    let mut seen = false;
    while low < high {
        let middle = (low + high) / 2;
        if fails(members, suspects[..=middle].to_vec()).await? {
            (high, seen) = (middle, true);
        } else {
            low = middle + 1;
        }
    }
    // No prefix failed: the whole must, once more, or the failure was the machine's.
    if high == 0 || !(seen || fails(members, suspects.clone()).await?) {
        return Ok(None);
    }
    let b = suspects[high];
    // The prefix before `b` with `b` added fails (it is the prefix that did): the shortest
    // such prefix ends with `a`.
    let (mut low, mut end) = (0, high - 1);
    while low < end {
        let middle = (low + end) / 2;
        let mut part = suspects[..=middle].to_vec();
        part.push(b);
        if fails(members, part).await? {
            end = middle;
        } else {
            low = middle + 1;
        }
    }
    Ok(Some((suspects[end], b)))
}

/// Of `part` and `scenarios`, the members whose code runs in one of the scenarios, and the
/// scenarios that run the code of one of those members; `None` when that leaves nothing to
/// run.
fn runnable(members: &[Member], part: Vec<usize>, scenarios: Vec<ScenarioRef>) -> Option<Part> {
    let runs = |i: usize, s: &ScenarioRef| members[i].covering.contains(s);
    let batch: Vec<ScenarioRef> = scenarios
        .into_iter()
        .filter(|s| part.iter().any(|&i| runs(i, s)))
        .collect();
    let part: Vec<usize> = part
        .into_iter()
        .filter(|&i| batch.iter().any(|s| runs(i, s)))
        .collect();
    (!part.is_empty() && !batch.is_empty()).then_some((part, batch))
}

/// Notes what the run of `part` on `batch` that ended in `end` tells each member of the part,
/// and returns the scenarios that failed.
fn tried(
    members: &mut [Member],
    part: &[usize],
    batch: &[ScenarioRef],
    end: &BatchEnd,
) -> Vec<ScenarioRef> {
    let still = end.failed_in(batch);
    let clean = super::all_but(batch, &still);
    for &i in part {
        members[i].ran(&clean, true);
        members[i].ran(&still, false);
    }
    still
}

/// `part` in two halves, each to be tried on `scenarios`: the second half, then the first.
fn halves(mut part: Vec<usize>, scenarios: Vec<ScenarioRef>) -> [Part; 2] {
    let second = part.split_off(part.len() / 2);
    [(second, scenarios.clone()), (part, scenarios)]
}
