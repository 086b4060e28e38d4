//! The group testing of [`super::run`] against a fake suite: which scenarios fail is a
//! function of the mutants switched on, and every batch it ran is logged.

use std::{
    cell::RefCell,
    collections::{BTreeSet, HashMap},
    time::Duration,
};

use super::*;

fn scenario(line: usize) -> ScenarioRef {
    ScenarioRef {
        file: "a.feature".into(),
        line,
        name: format!("scenario {line}"),
    }
}

fn mutant(id: &str, line: usize) -> Mutant {
    Mutant {
        id: id.into(),
        mutator: "BooleanLiteral".into(),
        file: "livechat.js".into(),
        line,
        column: 1,
        end_line: line,
        end_column: 5,
        original: "true".into(),
        replacement: "false".into(),
    }
}

/// Mutants 1..=n on lines 10, 20…, each run by scenarios 1..=scenarios.
fn mutants(n: usize, scenarios: usize) -> Vec<(Mutant, Covering)> {
    let all: Covering = (1..=scenarios).map(scenario).collect();
    (1..=n)
        .map(|i| (mutant(&i.to_string(), i * 10), all.clone()))
        .collect()
}

/// A fake suite: `kills[id]` are the scenarios that fail while mutant `id` is on, and
/// `together` the scenarios that fail only while every mutant of its pair is on.
struct Suite {
    kills: HashMap<&'static str, Vec<usize>>,
    together: Option<([&'static str; 2], usize)>,
    /// A pair that fails every scenario while both are on.
    together_everywhere: Option<[&'static str; 2]>,
    /// Every batch run: the mutants on, the scenarios' lines.
    log: RefCell<Vec<(Vec<String>, Vec<usize>)>>,
}

impl Suite {
    fn new(kills: &[(&'static str, &[usize])]) -> Self {
        Self {
            kills: kills.iter().map(|(id, s)| (*id, s.to_vec())).collect(),
            together: None,
            together_everywhere: None,
            log: RefCell::new(Vec::new()),
        }
    }

    fn run(&self, on: &[Mutant], batch: &[ScenarioRef]) -> BatchEnd {
        let ids: Vec<String> = on.iter().map(|m| m.id.clone()).collect();
        self.log
            .borrow_mut()
            .push((ids.clone(), batch.iter().map(|s| s.line).collect()));
        let fails = |s: &ScenarioRef| {
            let alone = ids.iter().any(|id| {
                self.kills
                    .get(id.as_str())
                    .is_some_and(|k| k.contains(&s.line))
            });
            let pair = self.together.is_some_and(|(pair, line)| {
                line == s.line && pair.iter().all(|p| ids.iter().any(|id| id == p))
            });
            let everywhere = self
                .together_everywhere
                .is_some_and(|pair| pair.iter().all(|p| ids.iter().any(|id| id == p)));
            alone || pair || everywhere
        };
        let by: Vec<ScenarioRef> = batch.iter().filter(|s| fails(s)).cloned().collect();
        match by.first() {
            None => BatchEnd::Passed,
            Some(first) => BatchEnd::Killed {
                what: format!("{} failed", first.name),
                by,
            },
        }
    }
}

fn scheduler() -> Scheduler {
    Scheduler::new(HashMap::<(String, usize), Duration>::new(), 2)
}

fn trial(suite: &Suite, mutants: Vec<(Mutant, Covering)>, batches: Option<usize>) -> Tested {
    trial_with(mutants, batches, |on, batch| suite.run(on, batch))
}

/// A trial whose batches end as `end` says.
fn trial_with(
    mutants: Vec<(Mutant, Covering)>,
    batches: Option<usize>,
    end: impl Fn(&[Mutant], &[ScenarioRef]) -> BatchEnd,
) -> Tested {
    let scheduler = scheduler();
    let future = run(mutants, batches, &scheduler, |on, batch| {
        let end = end(&on, &batch);
        async move { Ok(end) }
    });
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(future)
        .expect("not interrupted")
}

fn status(tested: &Tested, id: &str) -> (Status, usize) {
    let r = tested
        .results
        .iter()
        .find(|r| r.mutant.id == id)
        .unwrap_or_else(|| panic!("no verdict for #{id}: {tested:?}"));
    (r.status, r.together)
}

/// A trial of 8 mutants over 40 scenarios where `pair` fails every scenario together and no
/// mutant fails one alone: every member survives. The suite, with its log.
fn every_member_survives_a_pair_that_fails_everywhere(pair: [&'static str; 2]) -> Suite {
    let mut suite = Suite::new(&[]);
    suite.together_everywhere = Some(pair);
    let tested = trial(&suite, mutants(8, 40), None);
    for id in 1..=8 {
        assert_eq!(
            status(&tested, &id.to_string()).0,
            Status::Survived,
            "#{id}"
        );
    }
    suite
}

/// Whether both of `pair` were on.
fn both_on(on: &[String], pair: [&str; 2]) -> bool {
    pair.iter().all(|p| on.iter().any(|id| id == p))
}

#[test]
fn a_group_that_passes_is_one_run_of_its_scenarios_and_every_member_survives() {
    let suite = Suite::new(&[]);
    let tested = trial(&suite, mutants(8, 10), None);
    for id in 1..=8 {
        assert_eq!(status(&tested, &id.to_string()), (Status::Survived, 8));
    }
    // Batches of 2, 4, then the last 4: each scenario once, all eight mutants on.
    let log = suite.log.borrow();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.iter().all(|(on, _)| on.len() == 8));
    let run: usize = log.iter().map(|(_, b)| b.len()).sum();
    assert_eq!(run, 10);
    let r = tested.results.iter().find(|r| r.mutant.id == "3").unwrap();
    assert!(
        r.detail.ends_with("with 7 other mutants switched on"),
        "{}",
        r.detail
    );
}

#[test]
fn a_failure_in_a_group_kills_only_the_member_that_fails_alone() {
    let suite = Suite::new(&[("5", &[1])]);
    let tested = trial(&suite, mutants(8, 10), None);
    assert_eq!(status(&tested, "5"), (Status::Killed, 1));
    for id in ["1", "2", "3", "4", "6", "7", "8"] {
        assert_eq!(status(&tested, id), (Status::Survived, 7), "#{id}");
    }
    let log = suite.log.borrow();
    // The kill was seen with #5 alone on, on the scenario that failed the group.
    assert!(
        log.iter().any(|(on, b)| on == &["5"] && b == &[1]),
        "{log:?}"
    );
    // The search ran the failed scenario only, and cleared the halves without #5 on it.
    let search: Vec<_> = log
        .iter()
        .skip(1)
        .take_while(|(on, _)| on.len() < 7)
        .collect();
    assert!(search.iter().all(|(_, b)| b == &[1]), "{log:?}");
    assert!(search.len() <= 6, "{log:?}");
    // Then the seven others went on as one group, each scenario once.
    let rest: Vec<_> = log.iter().skip(1 + search.len()).collect();
    assert!(rest.iter().all(|(on, _)| on.len() == 7), "{log:?}");
    let lines: Vec<usize> = rest.iter().flat_map(|(_, b)| b.clone()).collect();
    assert_eq!(lines, (3..=10).collect::<Vec<_>>(), "{log:?}");
    assert_eq!(tested.kills.len(), 1);
    assert_eq!(tested.kills[0].0.id, "5");
    assert_eq!(tested.kills[0].1.line, 1);
}

#[test]
fn mutants_that_fail_only_together_are_not_killed() {
    let mut suite = Suite::new(&[]);
    suite.together = Some((["2", "7"], 4));
    let tested = trial(&suite, mutants(8, 10), None);
    for id in 1..=8 {
        assert_eq!(
            status(&tested, &id.to_string()).0,
            Status::Survived,
            "#{id}"
        );
    }
}

#[test]
fn each_killed_member_of_a_group_is_killed_alone_by_its_own_scenario() {
    let suite = Suite::new(&[("1", &[2]), ("4", &[9]), ("8", &[9])]);
    let tested = trial(&suite, mutants(8, 10), None);
    for id in ["1", "4", "8"] {
        assert_eq!(status(&tested, id), (Status::Killed, 1), "#{id}");
    }
    for id in ["2", "3", "5", "6", "7"] {
        assert_eq!(status(&tested, id).0, Status::Survived, "#{id}");
    }
    assert_eq!(tested.results.len(), 8);
}

#[test]
fn a_batch_limit_hands_a_mutant_back_undecided_and_a_mutant_no_scenario_runs_is_not_run() {
    let suite = Suite::new(&[]);
    let mut both = mutants(1, 10);
    both.push((mutant("9", 90), BTreeSet::new()));
    let tested = trial(&suite, both, Some(2));
    assert_eq!(tested.undecided.len(), 1);
    assert_eq!(tested.undecided[0].mutant.id, "1");
    // Two batches: 2 then 4 scenarios.
    assert_eq!(tested.undecided[0].scenarios_run, 6);
    assert_eq!(status(&tested, "9"), (Status::NoCoverage, 1));
    assert_eq!(suite.log.borrow().len(), 2);
}

#[test]
fn a_mutant_alone_is_killed_by_its_first_failing_batch() {
    let suite = Suite::new(&[("1", &[1])]);
    let tested = trial(&suite, mutants(1, 10), None);
    assert_eq!(status(&tested, "1"), (Status::Killed, 1));
    assert_eq!(suite.log.borrow().len(), 1);
    let r = &tested.results[0];
    assert_eq!(
        (r.scenarios_run, r.detail.as_str()),
        (2, "scenario 1 failed")
    );
}

#[test]
fn a_pair_that_fails_every_scenario_together_is_split_up_and_survives() {
    let suite = every_member_survives_a_pair_that_fails_everywhere(["2", "7"]);
    // One search, then the pair is in two groups that never meet again: no batch after the
    // first search has both on, but the search's runs of one scenario.
    let log = suite.log.borrow();
    let both = |on: &Vec<String>| both_on(on, ["2", "7"]);
    let batches = log.iter().filter(|(on, b)| both(on) && b.len() > 1);
    assert_eq!(batches.count(), 1, "{log:?}");
    assert!(log.len() < 30, "{} batches: {log:?}", log.len());
}

#[test]
fn each_failed_scenario_of_a_batch_is_searched_on_its_own_before_the_group_goes_on() {
    // Three culprits fail three scenarios of the second batch (3–6).
    let suite = Suite::new(&[("1", &[3]), ("4", &[5]), ("6", &[6])]);
    let tested = trial(&suite, mutants(8, 10), None);
    for id in ["1", "4", "6"] {
        assert_eq!(status(&tested, id), (Status::Killed, 1), "#{id}");
    }
    let log = suite.log.borrow();
    // The search: halvings on one scenario each (3, then 5, then 6), and between them one
    // run of the members left on the failed scenarios still to explain.
    let search: Vec<&(Vec<String>, Vec<usize>)> = log[2..log.len() - 1].iter().collect();
    let explained: Vec<usize> = search
        .iter()
        .filter(|(_, b)| b.len() == 1)
        .map(|(_, b)| b[0])
        .collect();
    assert!(explained.windows(2).all(|w| w[0] <= w[1]), "{log:?}");
    let rest: Vec<&Vec<usize>> = search
        .iter()
        .filter(|(_, b)| b.len() > 1)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(rest, [&vec![5, 6]], "{log:?}");
    // Then the five left go on together, and no batch of theirs runs a failed scenario again.
    let (on, last) = log.last().expect("a last batch");
    assert_eq!(on.len(), 5, "{log:?}");
    assert_eq!(last, &[7, 8, 9, 10], "{log:?}");
    // A run of mutant #1 alone never runs scenario 5 or 6.
    assert!(
        log.iter()
            .filter(|(on, _)| on == &["1"])
            .all(|(_, b)| b == &[3]),
        "{log:?}"
    );
}

#[test]
fn a_culprit_that_fails_many_scenarios_is_searched_on_one_of_them() {
    // #5 fails every scenario from 3 on: the second batch (3–6) fails four.
    let suite = Suite::new(&[("5", &[3, 4, 5, 6, 7, 8, 9, 10, 11, 12])]);
    let tested = trial(&suite, mutants(16, 12), None);
    assert_eq!(status(&tested, "5"), (Status::Killed, 1));
    let log = suite.log.borrow();
    // Halving 16 members on scenario 3 alone: two runs a level, four levels; then the 15
    // left run 4–6 once, and pass.
    let search = &log[2..log.len() - 1];
    assert!(
        search
            .iter()
            .filter(|(_, b)| b != &[4, 5, 6])
            .all(|(_, b)| b == &[3]),
        "{log:?}"
    );
    assert!(search.len() <= 9, "{} runs: {log:?}", search.len());
    let (on, b) = search.last().expect("the run of the rest");
    assert_eq!((on.len(), b.as_slice()), (15, &[4, 5, 6][..]), "{log:?}");
}

#[test]
fn a_failed_scenario_with_no_culprit_does_not_end_the_search_for_the_next() {
    // Scenario 3 fails the group's second batch by the machine's doing, and only then; #5
    // fails scenario 4.
    let suite = Suite::new(&[("5", &[4])]);
    let machine = RefCell::new(true);
    let tested = trial_with(mutants(8, 10), None, |on, batch| {
        let end = suite.run(on, batch);
        let hit = batch.iter().any(|s| s.line == 3) && on.len() == 8 && batch.len() == 4;
        match end {
            BatchEnd::Passed | BatchEnd::Killed { .. } if hit && machine.replace(false) => {
                let mut by = vec![scenario(3)];
                if let BatchEnd::Killed { by: more, .. } = end {
                    by.extend(more);
                }
                BatchEnd::Killed {
                    what: "scenario 3 failed".into(),
                    by,
                }
            }
            end => end,
        }
    });
    assert_eq!(status(&tested, "5"), (Status::Killed, 1));
    // The seven others were never split up: they go on as one group.
    for id in ["1", "2", "3", "4", "6", "7", "8"] {
        assert_eq!(status(&tested, id), (Status::Survived, 7), "#{id}");
    }
}

#[test]
fn a_half_whose_sibling_passed_is_cut_without_a_run_of_its_own() {
    // #8 fails scenario 1, in the group's first batch.
    let suite = Suite::new(&[("8", &[1])]);
    let tested = trial(&suite, mutants(8, 10), None);
    assert_eq!(status(&tested, "8"), (Status::Killed, 1));
    let log = suite.log.borrow();
    // #1–#4 pass, so #5–#8 fail: not run; #5–#6 pass, so #7–#8 fail: not run; #7 passes,
    // and #8 is killed by its own run alone, never by the inference.
    let search: Vec<Vec<String>> = log
        .iter()
        .skip(1)
        .take_while(|(on, _)| on.len() < 7)
        .map(|(on, _)| on.clone())
        .collect();
    let ids = |ids: &[&str]| ids.iter().map(|&s| s.to_owned()).collect::<Vec<_>>();
    assert_eq!(
        search,
        [
            ids(&["1", "2", "3", "4"]),
            ids(&["5", "6"]),
            ids(&["7"]),
            ids(&["8"])
        ],
        "{log:?}"
    );
}

#[test]
fn a_pair_next_to_each_other_that_fails_everything_together_is_found_and_kept_apart() {
    // #2 and #3 sit next to each other in the group: a split into halves by place alone
    // would keep them together, and the half would fail its every batch again.
    let suite = every_member_survives_a_pair_that_fails_everywhere(["2", "3"]);
    let log = suite.log.borrow();
    let both = |on: &Vec<String>| both_on(on, ["2", "3"]);
    // The group's first batch, then the bisection's runs of one scenario: never a batch
    // of the group with both on again.
    let first_search = log
        .iter()
        .position(|(on, _)| on.len() < 8)
        .expect("a search");
    assert!(
        log[first_search..]
            .iter()
            .filter(|(on, _)| both(on))
            .all(|(_, b)| b.len() == 1),
        "{log:?}"
    );
    let groups_after = log[first_search..]
        .iter()
        .filter(|(on, b)| on.len() >= 3 && b.len() > 1)
        .count();
    assert!(groups_after >= 2, "the two halves went on: {log:?}");
    assert!(log.len() < 40, "{} batches: {log:?}", log.len());
}

#[test]
fn only_members_whose_code_a_failed_scenario_runs_are_searched() {
    // #2 and #7 run scenario 9; the others run 1–8 only. #7 fails 9.
    let mut all = mutants(8, 8);
    for (m, covering) in &mut all {
        if m.id == "2" || m.id == "7" {
            covering.insert(scenario(9));
        }
    }
    let suite = Suite::new(&[("7", &[9])]);
    let tested = trial(&suite, all, None);
    assert_eq!(status(&tested, "7"), (Status::Killed, 1));
    let log = suite.log.borrow();
    let searched: Vec<_> = log.iter().filter(|(on, _)| on.len() < 7).collect();
    assert!(
        searched
            .iter()
            .all(|(on, _)| on.iter().all(|id| id == "2" || id == "7")),
        "{log:?}"
    );
    assert_eq!(searched.len(), 2, "#2 cleared, #7 killed: {log:?}");
}

#[test]
fn a_member_that_loops_forever_is_found_by_halving_the_group_on_the_batch_that_timed_out() {
    // #6 loops forever on scenario 3: every batch with #6 on and scenario 3 in it times out.
    let suite = Suite::new(&[]);
    let tested = trial_with(mutants(8, 10), None, |on, batch| {
        let looping = on.iter().any(|m| m.id == "6") && batch.iter().any(|s| s.line == 3);
        if looping {
            suite.log.borrow_mut().push((
                on.iter().map(|m| m.id.clone()).collect(),
                batch.iter().map(|s| s.line).collect(),
            ));
            BatchEnd::Timeout("no verdict within 60 s".into())
        } else {
            suite.run(on, batch)
        }
    });
    assert_eq!(status(&tested, "6").0, Status::Timeout);
    for id in ["1", "2", "3", "4", "5", "7", "8"] {
        assert_eq!(status(&tested, id).0, Status::Survived, "#{id}");
    }
    // The batch that timed out is run on halves: the first (#1–#4) passes, so the second
    // (#5–#8) is cut without a run; of it, #5–#6 times out, then #6 alone. A timeout's wait
    // at most once per level.
    let log = suite.log.borrow();
    let timeouts: Vec<usize> = log
        .iter()
        .filter(|(on, b)| on.contains(&"6".to_owned()) && b.contains(&3))
        .map(|(on, _)| on.len())
        .collect();
    assert_eq!(timeouts, vec![8, 2, 1], "{log:?}");
}
