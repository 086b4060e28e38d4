//! The campaign in two rounds. First each mutant alone, for its first few batches: most
//! mutants die to the likeliest killers within seconds. What is left is mostly survivors,
//! each of which must pass every scenario that runs its code (for most, nearly the whole
//! suite); the second round switches them on in groups ([`super::trial`]), so a group that
//! passes costs one run of its scenarios instead of one per member, and a group that fails is
//! split until the failure has a culprit tested alone.

use std::collections::HashMap;

use super::{
    campaign::MutantResult,
    coverage::MutantCoverage,
    schemata::Mutant,
    tester::Campaign,
    trial::{Request, Tested, Undecided},
    workers::Workers,
};
use crate::Verdict;

/// How the rounds are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounds {
    /// How many batches each mutant runs alone before it joins a group.
    pub alone: usize,
    /// How many mutants a group holds at most (1: every mutant alone to its verdict, in one
    /// round; `None`: [`Rounds::auto_size`]).
    pub group_size: Option<usize>,
    /// How many trials run at once (the workers).
    pub workers: usize,
}

impl Rounds {
    /// The first round's trials: each mutant alone, for [`Rounds::alone`] batches (to its
    /// verdict when there are no groups).
    pub fn first(&self, mutants: Vec<Mutant>) -> Vec<Request> {
        let batches = (self.group_size != Some(1)).then_some(self.alone);
        mutants
            .into_iter()
            .map(|m| Request {
                mutants: vec![m],
                batches,
                loaded: false,
            })
            .collect()
    }

    /// The size of the second round's groups when none is given: two groups per worker.
    /// A group's cost is mostly one run of nearly the whole suite, whatever its size, plus a
    /// short search per culprit; so the fewer groups the better, as long as every worker has
    /// one and a worker that finishes early can take another.
    pub fn auto_size(&self, undecided: usize) -> usize {
        undecided.div_ceil(2 * self.workers.max(1)).max(1)
    }

    /// The second round's trials: the undecided mutants in groups ([`groups`]), to their
    /// verdicts, the groups whose code the most scenarios run first (they take longest).
    pub fn second(&self, undecided: &[Undecided], coverage: &MutantCoverage) -> Vec<Request> {
        let mutants: Vec<Mutant> = undecided.iter().map(|u| u.mutant.clone()).collect();
        let size = self
            .group_size
            .unwrap_or_else(|| self.auto_size(mutants.len()));
        let mut groups = groups(mutants, size);
        let reach = |g: &Vec<Mutant>| {
            g.iter()
                .map(|m| coverage.scenarios(&m.id).len())
                .max()
                .unwrap_or(0)
        };
        groups.sort_by_key(|g| std::cmp::Reverse(reach(g)));
        groups
            .into_iter()
            .map(|mutants| Request {
                mutants,
                batches: None,
                // Each passed its first-round batches alone.
                loaded: self.alone > 0,
            })
            .collect()
    }
}

/// `mutants` in groups of at most `size`, spread over the build: in the widget's order, the
/// k-th mutant goes to group k mod n (n groups), so two members of a group lie far apart,
/// where their changes are least likely to meet. No group holds two mutants whose code
/// overlaps: with one switched on, Stryker's schemata never reaches the other.
pub fn groups(mut mutants: Vec<Mutant>, size: usize) -> Vec<Vec<Mutant>> {
    let size = size.max(1);
    mutants.sort_by_key(|m| (m.line, m.column, m.end_line, m.end_column));
    let count = mutants.len().div_ceil(size);
    let mut groups: Vec<Vec<Mutant>> = vec![Vec::new(); count];
    for (k, mutant) in mutants.into_iter().enumerate() {
        let fits = |g: &Vec<Mutant>| g.len() < size && !g.iter().any(|o| overlap(o, &mutant));
        let slot = (0..groups.len())
            .map(|i| (k + i) % groups.len())
            .find(|&i| fits(&groups[i]));
        match slot {
            Some(i) => groups[i].push(mutant),
            None => groups.push(vec![mutant]),
        }
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// Whether the code of `a` and `b` shares a character (ends are exclusive).
fn overlap(a: &Mutant, b: &Mutant) -> bool {
    let start = |m: &Mutant| (m.line, m.column);
    let end = |m: &Mutant| (m.end_line, m.end_column);
    start(a) < end(b) && start(b) < end(a)
}

/// What runs the trials: worker processes, or this process alone.
#[derive(Debug)]
pub enum Tester {
    /// `--workers` processes.
    Workers(Workers),
    /// One campaign in this process.
    InProcess(Box<Campaign>),
}

impl Tester {
    async fn run(
        &mut self,
        requests: Vec<Request>,
        progress: &mut impl FnMut(&MutantResult),
    ) -> (Tested, Option<Verdict>) {
        match self {
            Self::Workers(workers) => {
                let (tested, signal) = workers.test(requests, progress).await;
                (tested, signal.map(Verdict::interrupted))
            }
            Self::InProcess(campaign) => {
                let mut found = Tested::default();
                for request in requests {
                    match campaign.test_together(&request).await {
                        Ok(tested) => {
                            tested.results.iter().for_each(&mut *progress);
                            found.results.extend(tested.results);
                            found.undecided.extend(tested.undecided);
                        }
                        Err(interrupted) => return (found, Some(interrupted)),
                    }
                }
                (found, None)
            }
        }
    }
}

/// Tests `mutants` in the rounds `rounds` cuts, calling `progress` with each verdict. Returns
/// the verdicts and the signal that stopped the campaign, if one did (the mutants without a
/// verdict then are left out, as the reports say).
pub async fn test_all(
    tester: &mut Tester,
    mutants: Vec<Mutant>,
    rounds: Rounds,
    coverage: &MutantCoverage,
    mut progress: impl FnMut(&MutantResult),
) -> (Vec<MutantResult>, Option<Verdict>) {
    let (first, stopped) = tester.run(rounds.first(mutants), &mut progress).await;
    let mut results = first.results;
    if stopped.is_some() || first.undecided.is_empty() {
        return (results, stopped);
    }
    let second = rounds.second(&first.undecided, coverage);
    eprintln!(
        "mutation: {} mutants passed their first {} batch(es) alone; now in {} groups",
        first.undecided.len(),
        rounds.alone,
        second.len(),
    );
    let earlier: HashMap<String, Undecided> = first
        .undecided
        .into_iter()
        .map(|u| (u.mutant.id.clone(), u))
        .collect();
    // A verdict counts the scenarios and the time of both rounds.
    let with_earlier = |mut r: MutantResult| {
        if let Some(u) = earlier.get(&r.mutant.id) {
            r.scenarios_run += u.scenarios_run;
            r.seconds += u.seconds;
        }
        r
    };
    let mut report = |r: &MutantResult| progress(&with_earlier(r.clone()));
    let (second, stopped) = tester.run(second, &mut report).await;
    results.extend(second.results.into_iter().map(with_earlier));
    (results, stopped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutant(id: usize, line: usize, end_line: usize) -> Mutant {
        Mutant {
            id: id.to_string(),
            mutator: "BlockStatement".into(),
            file: "livechat.js".into(),
            line,
            column: 1,
            end_line,
            end_column: 2,
            original: "{}".into(),
            replacement: "{}".into(),
        }
    }

    #[test]
    fn groups_are_spread_over_the_build_and_hold_no_overlapping_code() {
        // 40 one-line mutants, and one block (lines 100–140) that holds four of them.
        let mut all: Vec<Mutant> = (1..=40).map(|i| mutant(i, i * 5, i * 5)).collect();
        all.push(mutant(41, 100, 140));
        let groups = groups(all, 16);
        let ids: Vec<usize> = groups
            .iter()
            .flatten()
            .map(|m| m.id.parse().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=41).collect::<Vec<_>>(), "each mutant once");
        assert!(groups.iter().all(|g| g.len() <= 16), "{groups:?}");
        assert_eq!(groups.len(), 3);
        for g in &groups {
            for (i, a) in g.iter().enumerate() {
                for b in &g[i + 1..] {
                    assert!(!overlap(a, b), "#{} and #{} overlap", a.id, b.id);
                }
            }
        }
        // Neighbours in the build go to different groups (before the block, which moves
        // what it overlaps).
        let group_of = |id: usize| {
            groups
                .iter()
                .position(|g| g.iter().any(|m| m.id == id.to_string()))
        };
        for id in 1..15 {
            assert_ne!(group_of(id), group_of(id + 1), "#{id} and #{}", id + 1);
        }
    }

    #[test]
    fn code_overlaps_when_it_shares_a_character() {
        let block = mutant(1, 10, 20);
        assert!(overlap(&block, &mutant(2, 12, 12)));
        assert!(overlap(&mutant(2, 12, 12), &block));
        assert!(!overlap(&block, &mutant(3, 21, 22)));
        let mut same_line = mutant(4, 30, 30);
        same_line.end_column = 9;
        let mut after = mutant(5, 30, 30);
        after.column = 9;
        after.end_column = 12;
        assert!(!overlap(&same_line, &after), "ends are exclusive");
    }

    #[test]
    fn without_groups_each_mutant_runs_alone_to_its_verdict() {
        let alone = Rounds {
            alone: 2,
            group_size: Some(1),
            workers: 3,
        };
        let grouped = Rounds {
            group_size: None,
            ..alone
        };
        let ms = vec![mutant(1, 1, 1), mutant(2, 2, 2)];
        assert!(alone.first(ms.clone()).iter().all(|r| r.batches.is_none()));
        assert!(
            grouped
                .first(ms.clone())
                .iter()
                .all(|r| r.batches == Some(2))
        );
        // A mutant's first run loads it with a preflight; the groups after it need none.
        assert!(grouped.first(ms.clone()).iter().all(|r| !r.loaded));
        let undecided: Vec<Undecided> = ms
            .into_iter()
            .map(|mutant| Undecided {
                mutant,
                scenarios_run: 2,
                seconds: 1.0,
            })
            .collect();
        let second = grouped.second(&undecided, &MutantCoverage::default());
        assert!(!second.is_empty() && second.iter().all(|r| r.loaded));
        // Two groups per worker.
        assert_eq!(grouped.auto_size(500), 84);
        assert_eq!(grouped.auto_size(5), 1);
    }
}
