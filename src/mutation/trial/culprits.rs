//! The search for the culprits of a group's failure (adaptive group testing).

use std::future::Future;

use super::{BatchEnd, Member};
use crate::{
    Verdict,
    mutation::{coverage::ScenarioRef, schemata::Mutant},
};

/// Some members of a group and the scenarios they are yet to be tried on.
type Part = (Vec<usize>, Vec<ScenarioRef>);

/// Finds the members of a group that fail the scenarios `failed` (which the whole group
/// failed) with only themselves switched on, by halving (adaptive group testing): a half that
/// passes them is cleared, a half that fails is halved again on the scenarios it failed
/// only, down to one member, whose failure is its own. Only members whose code runs in a
/// failed scenario are searched: the others cannot have changed it.
///
/// Every run's scenarios that passed count as passed for the members that were on, so each
/// failed scenario ends either with a culprit or passed by every member whose code it runs.
/// Returns, per member, how its run alone ended (`None`: cleared). Members that failed only
/// together are all cleared.
pub(super) async fn find<R, F>(
    members: &mut [Member],
    failed: &[ScenarioRef],
    run_batch: &mut R,
) -> Result<Vec<Option<BatchEnd>>, Verdict>
where
    R: FnMut(Vec<Mutant>, Vec<ScenarioRef>) -> F,
    F: Future<Output = Result<BatchEnd, Verdict>>,
{
    let mut blamed: Vec<Option<BatchEnd>> = vec![None; members.len()];
    // The whole group is known to fail: start with its halves.
    let mut parts: Vec<Part> = halves((0..members.len()).collect(), failed.to_vec()).into();
    while let Some((part, scenarios)) = parts.pop() {
        let runs = |i: usize, s: &ScenarioRef| members[i].covering.contains(s);
        let batch: Vec<ScenarioRef> = scenarios
            .into_iter()
            .filter(|s| part.iter().any(|&i| runs(i, s)))
            .collect();
        let part: Vec<usize> = part
            .into_iter()
            .filter(|&i| batch.iter().any(|s| runs(i, s)))
            .collect();
        if part.is_empty() || batch.is_empty() {
            continue;
        }
        let on_part: Vec<Mutant> = part.iter().map(|&i| members[i].mutant.clone()).collect();
        let end = run_batch(on_part, batch.clone()).await?;
        let still = end.failed_in(&batch);
        let clean = super::all_but(&batch, &still);
        for &i in &part {
            members[i].ran(&clean, true);
            members[i].ran(&still, false);
        }
        match part.as_slice() {
            _ if still.is_empty() => {}
            &[one] => blamed[one] = Some(end),
            _ => parts.extend(halves(part, still)),
        }
    }
    Ok(blamed)
}

/// `part` in two halves, each to be tried on `scenarios`; the first half is popped first.
fn halves(mut part: Vec<usize>, scenarios: Vec<ScenarioRef>) -> [Part; 2] {
    let second = part.split_off(part.len() / 2);
    [(second, scenarios.clone()), (part, scenarios)]
}
