//! Which scenarios execute each mutant, learnt from one run of the suite against the schemata
//! with no mutant switched on. Stryker's helpers count every mutant whose code runs in
//! `__stryker__.mutantCoverage`; with no test id set the counts land in its `static` map, one
//! per page load. The harvest reads that map from every page a scenario loads, so the
//! attribution to scenarios comes from the harvest's keys, not from Stryker's `perTest`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::schemata::NAMESPACE;
use crate::pages::harvest::Harvest;

/// A scenario as the harvest keys it (`session_caching.feature:41 C4 — …`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// The feature file's name.
    pub file: String,
    /// The line of the scenario or of its example row.
    pub line: usize,
    /// The scenario's name.
    pub name: String,
}

impl ScenarioRef {
    /// Reads a harvest key ([`crate::pages::harvest::scenario_key`]): `file:line name`.
    pub fn parse(key: &str) -> Option<Self> {
        let (place, name) = key.split_once(' ').unwrap_or((key, ""));
        let (file, line) = place.rsplit_once(':')?;
        Some(Self {
            file: file.to_owned(),
            line: line.parse().ok()?,
            name: name.to_owned(),
        })
    }

    /// `(file, line)`, as [`crate::RunOptions::lines`] selects scenarios.
    pub fn place(&self) -> (String, usize) {
        (self.file.clone(), self.line)
    }
}

impl std::fmt::Display for ScenarioRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.file, self.line, self.name)
    }
}

/// The harvest of the coverage pass: Stryker's mutant counters of every page. The tool's
/// namespace is a global the harness puts on the page, so spec I5 leaves it out.
pub fn coverage_harvest() -> Harvest {
    Harvest::new(format!(
        "window.{NAMESPACE} && window.{NAMESPACE}.mutantCoverage"
    ))
    .with_page_globals([NAMESPACE.to_owned()])
}

/// The harvest of a mutant's run: the hit counter of every page, to tell an endless loop
/// Stryker stopped (a timeout, as Stryker counts it) from a failed expectation.
pub fn hit_harvest() -> Harvest {
    Harvest::new(format!(
        "window.{NAMESPACE} && {{hitCount: window.{NAMESPACE}.hitCount, hitLimit: window.{NAMESPACE}.hitLimit}}"
    ))
    .with_page_globals([NAMESPACE.to_owned()])
}

/// True when a page of a mutant's run reached its hit limit.
pub fn hit_limit_reached(pages: &BTreeMap<String, Vec<Value>>) -> bool {
    pages.values().flatten().any(|page| {
        let count = page.get("hitCount").and_then(Value::as_u64);
        let limit = page.get("hitLimit").and_then(Value::as_u64);
        matches!((count, limit), (Some(c), Some(l)) if c > l)
    })
}

/// Which scenarios reached each mutant's code, and how often a single page ran it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MutantCoverage {
    scenarios: BTreeMap<String, BTreeSet<ScenarioRef>>,
    max_hits: BTreeMap<String, u64>,
}

impl MutantCoverage {
    /// The coverage in a harvest of [`coverage_harvest`]: scenario key → one
    /// `{static: {id: count}, perTest: {test: {id: count}}}` per page load.
    pub fn from_harvest(harvest: &BTreeMap<String, Vec<Value>>) -> Self {
        let mut coverage = Self::default();
        for (key, pages) in harvest {
            let Some(scenario) = ScenarioRef::parse(key) else {
                continue;
            };
            for page in pages {
                // perTest stays empty (no test id is ever set), but counts there are the
                // same scenario's: read both.
                let per_test = page.get("perTest").and_then(Value::as_object);
                let maps = page
                    .get("static")
                    .into_iter()
                    .chain(per_test.into_iter().flat_map(|m| m.values()));
                for map in maps.filter_map(Value::as_object) {
                    for (id, count) in map {
                        let count = count.as_u64().unwrap_or(1);
                        coverage
                            .scenarios
                            .entry(id.clone())
                            .or_default()
                            .insert(scenario.clone());
                        let max = coverage.max_hits.entry(id.clone()).or_default();
                        *max = (*max).max(count);
                    }
                }
            }
        }
        coverage
    }

    /// The scenarios whose pages ran mutant `id`'s code (empty: no scenario reaches it).
    pub fn scenarios(&self, id: &str) -> BTreeSet<ScenarioRef> {
        self.scenarios.get(id).cloned().unwrap_or_default()
    }

    /// How many times one page ran mutant `id`'s code, at most: what its hit limit is
    /// measured against.
    pub fn max_hits(&self, id: &str) -> u64 {
        self.max_hits.get(id).copied().unwrap_or(0)
    }

    /// How many mutants some scenario reaches.
    pub fn covered(&self) -> usize {
        self.scenarios.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_into_file_line_and_name() {
        let s =
            ScenarioRef::parse("session_caching.feature:41 C4 — a later page: no call").unwrap();
        assert_eq!(s.file, "session_caching.feature");
        assert_eq!(s.line, 41);
        assert_eq!(s.name, "C4 — a later page: no call");
        assert_eq!(s.place(), ("session_caching.feature".into(), 41));
        assert!(ScenarioRef::parse("no-line here").is_none());
    }

    #[test]
    fn coverage_is_attributed_per_scenario_with_the_most_hits_of_one_page() {
        let harvest = BTreeMap::from([
            (
                "a.feature:3 one".to_owned(),
                vec![
                    serde_json::json!({"static": {"1": 2, "7": 40}, "perTest": {}}),
                    serde_json::json!({"static": {"1": 5}, "perTest": {}}),
                ],
            ),
            (
                "b.feature:9 two".to_owned(),
                vec![serde_json::json!({"static": {"1": 1}, "perTest": {"t": {"9": 3}}})],
            ),
        ]);
        let coverage = MutantCoverage::from_harvest(&harvest);
        assert_eq!(coverage.scenarios("1").len(), 2);
        assert_eq!(coverage.scenarios("7").len(), 1);
        assert_eq!(coverage.scenarios("9").len(), 1);
        assert!(coverage.scenarios("8").is_empty());
        assert_eq!(coverage.max_hits("1"), 5);
        assert_eq!(coverage.max_hits("7"), 40);
        assert_eq!(coverage.covered(), 3);
    }

    #[test]
    fn the_hit_limit_shows_in_a_page_s_counter() {
        let page = |c: u64| {
            BTreeMap::from([(
                "a.feature:3 one".to_owned(),
                vec![serde_json::json!({"hitCount": c, "hitLimit": 10})],
            )])
        };
        assert!(!hit_limit_reached(&page(10)));
        assert!(hit_limit_reached(&page(11)));
    }
}
