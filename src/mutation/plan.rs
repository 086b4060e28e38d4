//! What to run for each mutant, and in which order, so that a browser suite can afford it.
//! A mutant runs only against the scenarios that execute its code, and those run in small
//! batches that stop at the first failure (Stryker's "bail"): most mutants die in the first
//! batch. Scenarios that killed mutants before, above all mutants near this one in the widget,
//! and take little time go first; the batches double in size, so a survivor, which must pass
//! every one of its scenarios, costs a few runs rather than one per scenario.

use std::{
    collections::{BTreeSet, HashMap},
    path::Path,
    time::Duration,
};

use serde_json::Value;

use super::coverage::ScenarioRef;

/// A random sample of `n` of `items` (all of them when `n` is `None` or not smaller), the
/// same for the same `seed`, in the items' own order.
pub fn sample<T: Clone>(items: &[T], n: Option<usize>, seed: u64) -> Vec<T> {
    let Some(n) = n.filter(|&n| n < items.len()) else {
        return items.to_vec();
    };
    let mut index: Vec<usize> = (0..items.len()).collect();
    let mut state = seed;
    // A partial Fisher–Yates shuffle over SplitMix64: a sample needs no crate of its own.
    for i in 0..n {
        let j = i + (splitmix64(&mut state) % (items.len() - i) as u64) as usize;
        index.swap(i, j);
    }
    let mut picked = index[..n].to_vec();
    picked.sort_unstable();
    picked.into_iter().map(|i| items[i].clone()).collect()
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How long each scenario took in the coverage pass, from its `cucumber.json` (the sum of its
/// hooks and steps, background included), by `(file, line)`.
pub fn durations(cucumber_json: &Path) -> HashMap<(String, usize), Duration> {
    let mut out = HashMap::new();
    let Ok(text) = std::fs::read_to_string(cucumber_json) else {
        return out;
    };
    let Ok(Value::Array(features)) = serde_json::from_str::<Value>(&text) else {
        return out;
    };
    for feature in &features {
        let file = feature["uri"]
            .as_str()
            .and_then(|u| Path::new(u).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for element in feature["elements"].as_array().into_iter().flatten() {
            let Some(line) = element["line"].as_u64() else {
                continue;
            };
            // The after hook counts: it harvests the page and resets the browser.
            let nanos: u64 = ["before", "steps", "after"]
                .iter()
                .filter_map(|part| element[part].as_array())
                .flatten()
                .filter_map(|s| s["result"]["duration"].as_u64())
                .sum();
            *out.entry((file.clone(), line as usize)).or_default() += Duration::from_nanos(nanos);
        }
    }
    out
}

/// Orders each mutant's scenarios, learning as the campaign goes which scenarios kill.
#[derive(Debug, Clone)]
pub struct Scheduler {
    durations: HashMap<(String, usize), Duration>,
    /// The widget lines of the mutants each scenario killed.
    kills: HashMap<ScenarioRef, Vec<usize>>,
    concurrency: usize,
}

/// A scenario with no measured time counts as this long.
const UNKNOWN: Duration = Duration::from_secs(5);

/// How many lines away from a mutant a kill counts as near it: about a function of the
/// widget.
const NEAR_LINES: usize = 15;

impl Scheduler {
    /// A scheduler for batches run `concurrency` scenarios at a time, with the coverage
    /// pass's `durations`.
    pub fn new(durations: HashMap<(String, usize), Duration>, concurrency: usize) -> Self {
        Self {
            durations,
            kills: HashMap::new(),
            concurrency: concurrency.max(1),
        }
    }

    /// How long `scenario` took in the coverage pass.
    pub fn duration(&self, scenario: &ScenarioRef) -> Duration {
        self.durations
            .get(&scenario.place())
            .copied()
            .unwrap_or(UNKNOWN)
    }

    /// `scenarios` of the mutants on widget lines `lines`, the likeliest killers per second
    /// first. Scenarios that killed mutants near one of `lines` ([`NEAR_LINES`]) come first,
    /// by those kills (one `d` lines away counts `1 / (1 + d)`) over their time; then the
    /// others, by their kills so far, plus one so a new scenario gets its chance, over their
    /// time. The trial cuts this order into batches ([`super::trial`]).
    pub fn order(&self, scenarios: &BTreeSet<ScenarioRef>, lines: &[usize]) -> Vec<ScenarioRef> {
        let mut order: Vec<&ScenarioRef> = scenarios.iter().collect();
        let rates = |s: &ScenarioRef| {
            let kills = self.kills.get(s).map_or(&[][..], Vec::as_slice);
            let near: f64 = lines
                .iter()
                .flat_map(|&line| kills.iter().map(move |&l| l.abs_diff(line)))
                .filter(|&d| d <= NEAR_LINES)
                .map(|d| 1.0 / (1.0 + d as f64))
                .sum();
            let secs = self.duration(s).as_secs_f64().max(0.1);
            (near / secs, (kills.len() as f64 + 1.0) / secs)
        };
        // Highest rates first; file and line break ties, so a plan is reproducible.
        order.sort_by(|a, b| {
            let (near_a, all_a) = rates(a);
            let (near_b, all_b) = rates(b);
            near_b
                .total_cmp(&near_a)
                .then(all_b.total_cmp(&all_a))
                .then_with(|| a.cmp(b))
        });
        order.into_iter().cloned().collect()
    }

    /// How many scenarios a trial runs at once at first: the concurrency, so that a mutant
    /// the likeliest killers catch costs one round of the browsers.
    pub fn first_batch(&self) -> usize {
        self.concurrency
    }

    /// Remembers that `scenario` killed a mutant on widget line `line`: it goes earlier for
    /// the next ones, and earliest for those near that line.
    pub fn killed_by(&mut self, scenario: &ScenarioRef, line: usize) {
        self.kills.entry(scenario.clone()).or_default().push(line);
    }

    /// How long a batch may take before its run counts as a timeout: `factor` times what its
    /// scenarios took in the coverage pass, spread over the browsers (but never less than its
    /// longest scenario), plus 30 s for starting the mock and a loaded machine.
    pub fn time_limit(&self, batch: &[ScenarioRef], factor: f64) -> Duration {
        let total: Duration = batch.iter().map(|s| self.duration(s)).sum();
        let longest = batch
            .iter()
            .map(|s| self.duration(s))
            .max()
            .unwrap_or_default();
        let spread = total / self.concurrency.min(batch.len()).max(1) as u32;
        spread.max(longest).mul_f64(factor.max(1.0)) + Duration::from_secs(30)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(file: &str, line: usize) -> ScenarioRef {
        ScenarioRef {
            file: file.into(),
            line,
            name: format!("{file}{line}"),
        }
    }

    #[test]
    fn a_sample_is_reproducible_sized_and_in_order() {
        let items: Vec<u32> = (0..100).collect();
        let a = sample(&items, Some(10), 7);
        assert_eq!(a.len(), 10);
        assert_eq!(a, sample(&items, Some(10), 7));
        assert_ne!(a, sample(&items, Some(10), 8));
        assert!(a.windows(2).all(|w| w[0] < w[1]), "{a:?}");
        assert_eq!(sample(&items, None, 7), items);
        assert_eq!(sample(&items, Some(500), 7), items);
    }

    #[test]
    fn the_fastest_go_first_and_killers_move_up() {
        let durations = HashMap::from([
            (("a".into(), 1), Duration::from_secs(1)),
            (("a".into(), 2), Duration::from_secs(10)),
            (("a".into(), 3), Duration::from_secs(2)),
        ]);
        let mut plan = Scheduler::new(durations, 2);
        let all: BTreeSet<ScenarioRef> = (1..=9).map(|l| s("a", l)).collect();
        let order = plan.order(&all, &[100]);
        assert_eq!(order.len(), 9);
        assert_eq!(order[0], s("a", 1), "the fastest first");
        assert_eq!(order.last(), Some(&s("a", 2)), "the slowest last");
        // Ten times slower than the fastest, so far away it needs more than ten kills.
        for _ in 0..20 {
            plan.killed_by(&s("a", 2), 900);
        }
        assert_eq!(plan.order(&all, &[100])[0], s("a", 2), "a killer moves up");
    }

    #[test]
    fn a_killer_of_a_mutant_nearby_goes_first() {
        let durations = HashMap::from([
            (("a".into(), 1), Duration::from_secs(1)),
            (("a".into(), 2), Duration::from_secs(10)),
            (("a".into(), 3), Duration::from_secs(1)),
        ]);
        let mut plan = Scheduler::new(durations, 1);
        let all: BTreeSet<ScenarioRef> = (1..=3).map(|l| s("a", l)).collect();
        // The slow scenario killed one mutant on line 292; a fast one killed three far away.
        plan.killed_by(&s("a", 2), 292);
        for _ in 0..3 {
            plan.killed_by(&s("a", 3), 40);
        }
        assert_eq!(plan.order(&all, &[292])[0], s("a", 2), "on its own line");
        assert_eq!(plan.order(&all, &[294])[0], s("a", 2), "two lines away");
        assert_eq!(
            plan.order(&all, &[40])[0],
            s("a", 3),
            "near the other kills"
        );
        assert_eq!(plan.order(&all, &[600])[0], s("a", 3), "far from both");
    }

    #[test]
    fn the_time_limit_spreads_the_batch_over_the_browsers() {
        let durations = HashMap::from([
            (("a".into(), 1), Duration::from_secs(4)),
            (("a".into(), 2), Duration::from_secs(2)),
        ]);
        let plan = Scheduler::new(durations, 2);
        let limit = plan.time_limit(&[s("a", 1), s("a", 2)], 2.0);
        assert_eq!(limit, Duration::from_secs(8 + 30));
    }
}
