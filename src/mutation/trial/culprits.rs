//! The search for the culprits of a group's failure (adaptive group testing).

use std::future::Future;

use super::{BatchEnd, Member};
use crate::{
    Verdict,
    mutation::{coverage::ScenarioRef, schemata::Mutant},
};

/// Finds the members of a group that fail the scenarios `failed` (which the whole group
/// failed) with only themselves switched on, by halving (adaptive group testing): a half that
/// passes them is cleared, a half that fails is halved again, down to one member, whose
/// failure is its own. Returns, per member, how its run alone ended (`None`: cleared, and its
/// scenarios of `failed` count as passed). Members that failed only together are all cleared.
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
    let half = members.len() / 2;
    let mut parts = vec![
        (0..half).collect::<Vec<_>>(),
        (half..members.len()).collect(),
    ];
    while let Some(part) = parts.pop() {
        let batch: Vec<ScenarioRef> = failed
            .iter()
            .filter(|s| part.iter().any(|&i| members[i].covering.contains(s)))
            .cloned()
            .collect();
        if part.is_empty() || batch.is_empty() {
            continue;
        }
        let on_part: Vec<Mutant> = part.iter().map(|&i| members[i].mutant.clone()).collect();
        let end = run_batch(on_part, batch.clone()).await?;
        let passed = end == BatchEnd::Passed;
        for &i in &part {
            members[i].ran(&batch, passed);
        }
        match (passed, part.as_slice()) {
            (true, _) => {}
            (false, &[one]) => blamed[one] = Some(end),
            (false, _) => {
                let half = part.len() / 2;
                parts.push(part[half..].to_vec());
                parts.push(part[..half].to_vec());
            }
        }
    }
    Ok(blamed)
}
