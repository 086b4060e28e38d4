//! Which scenarios a run selects: a tag expression, a piece of the name, and a shard. The
//! selection is worked out from the feature files before the run, so it can be listed, counted
//! and split the same way on every machine.

use std::{collections::HashSet, path::Path, str::FromStr};

use cucumber::{
    feature::Ext as _,
    gherkin::{self, tagexpr::TagOperation},
    tag::Ext as _,
};

/// One of `count` stable parts of the selection (`--shard 2/4`), numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1..=count.
    pub index: usize,
    /// Into how many parts the selection is split.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a shard: expected I/N with 1 ≤ I ≤ N, e.g. 2/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Self { index, count })
    }
}

/// A scenario as it runs: one per plain scenario, one per example row of an outline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScenarioId {
    /// The feature file's name (`session_caching.feature`).
    pub file: String,
    /// The line of the scenario, or of its example row.
    pub line: usize,
    /// The scenario's name, placeholders filled in.
    pub name: String,
    /// Its stable key (file, name, example row), which baselines use.
    pub key: crate::scenario_key::ScenarioKey,
}

impl std::fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}  {}", self.file, self.line, self.name)
    }
}

/// What a run selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    tags: Option<TagOperation>,
    name: Option<String>,
    shard: Option<Shard>,
    lines: Option<HashSet<(String, usize)>>,
}

impl Selection {
    /// A selection by tag expression, name and shard, each optional.
    ///
    /// # Errors
    /// A sentence when `tags` is not a tag expression.
    pub fn new(
        tags: Option<&str>,
        name: Option<String>,
        shard: Option<Shard>,
    ) -> Result<Self, String> {
        let tags = tags
            .map(|t| {
                t.parse::<TagOperation>()
                    .map_err(|e| format!("--tags is not a tag expression: {e}"))
            })
            .transpose()?;
        Ok(Self {
            tags,
            name,
            shard,
            lines: None,
        })
    }

    /// The same selection, narrowed to the scenarios at `lines` (feature file name, line of
    /// the scenario or of its example row) when given: an exact list, for a caller that knows
    /// which scenarios it wants (the mutation campaign runs a mutant against those that
    /// execute its code).
    pub fn at_lines(mut self, lines: Option<&[(String, usize)]>) -> Self {
        self.lines = lines.map(|l| l.iter().cloned().collect());
        self
    }

    fn matches(
        &self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
    ) -> bool {
        let tag_ok = self.tags.as_ref().is_none_or(|t| {
            t.eval(
                feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(&scenario.tags),
            )
        });
        let name_ok = self
            .name
            .as_ref()
            .is_none_or(|n| scenario.name.contains(n.as_str()));
        tag_ok && name_ok
    }

    /// The selected scenarios of the `.feature` files in `dir`, sorted by file and line. A
    /// shard takes every N-th of the whole sorted selection, so shards are disjoint, together
    /// are the selection, differ in size by at most one, and each spreads over every feature.
    /// Files that do not parse select nothing here; the run reports them.
    pub fn scenarios(&self, dir: &Path) -> Vec<ScenarioId> {
        let mut all: Vec<ScenarioId> = feature_files(dir)
            .into_iter()
            .filter_map(|p| gherkin::Feature::parse_path(p, gherkin::GherkinEnv::default()).ok())
            .filter_map(|f| f.expand_examples().ok())
            .flat_map(|f| {
                let file = file_name(&f);
                let plain = f.scenarios.iter().map(|s| (None, s));
                let ruled = f
                    .rules
                    .iter()
                    .flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
                plain
                    .chain(ruled)
                    .filter(|(r, s)| self.matches(&f, *r, s))
                    .map(|(_, s)| ScenarioId {
                        file: file.clone(),
                        line: s.position.line,
                        name: s.name.clone(),
                        key: crate::scenario_key::ScenarioKey::of(&f, s),
                    })
                    .filter(|id| {
                        self.lines
                            .as_ref()
                            .is_none_or(|l| l.contains(&(id.file.clone(), id.line)))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        all.sort();
        match self.shard {
            None => all,
            Some(Shard { index, count }) => all
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % count == index - 1)
                .map(|(_, s)| s)
                .collect(),
        }
    }
}

/// The selected scenarios as a set cucumber's filter can ask, by file and line.
#[derive(Debug, Clone)]
pub struct Selected(HashSet<(String, usize)>);

impl Selected {
    /// The set of `scenarios`.
    pub fn of(scenarios: &[ScenarioId]) -> Self {
        Self(scenarios.iter().map(|s| (s.file.clone(), s.line)).collect())
    }

    /// True when `scenario` (expanded, as cucumber runs it) of `feature` is selected.
    pub fn contains(&self, feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> bool {
        self.0
            .contains(&(file_name(feature), scenario.position.line))
    }
}

/// The `.feature` files in `dir`, sorted by name (none when it cannot be read).
pub fn feature_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "feature"))
        .collect();
    files.sort();
    files
}

fn file_name(feature: &gherkin::Feature) -> String {
    crate::scenario_key::feature_file_name(feature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.feature"),
            "Feature: a\n  @spec-A1\n  Scenario: one\n    Given x\n\n  @spec-A2\n  Scenario Outline: row <n>\n    Given <n>\n    Examples:\n      | n |\n      | 1 |\n      | 2 |\n      | 3 |\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.feature"),
            "Feature: b\n  @slow\n  Scenario: two\n    Given y\n  Scenario: three\n    Given z\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn outline_rows_are_scenarios_of_their_own() {
        let dir = features();
        let all = Selection::default().scenarios(dir.path());
        let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["one", "row 1", "row 2", "row 3", "two", "three"]);
    }

    #[test]
    fn tags_and_names_select() {
        let dir = features();
        let tagged = Selection::new(Some("not @slow and not @spec-A1"), None, None)
            .unwrap()
            .scenarios(dir.path());
        assert_eq!(tagged.len(), 4, "{tagged:?}");
        let named = Selection::new(None, Some("row".into()), None)
            .unwrap()
            .scenarios(dir.path());
        assert_eq!(named.len(), 3);
        assert!(Selection::new(Some("@a and"), None, None).is_err());
    }

    #[test]
    fn lines_select_exactly_those_scenarios() {
        let dir = features();
        let lines = [("a.feature".to_owned(), 12), ("b.feature".to_owned(), 3)];
        let picked = Selection::default()
            .at_lines(Some(&lines))
            .scenarios(dir.path());
        let names: Vec<&str> = picked.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["row 2", "two"], "{picked:?}");
        let none = Selection::default()
            .at_lines(Some(&[]))
            .scenarios(dir.path());
        assert!(none.is_empty());
    }

    #[test]
    fn shards_are_disjoint_and_together_the_whole_selection() {
        let dir = features();
        let all = Selection::default().scenarios(dir.path());
        for count in 1..=7 {
            let mut seen = Vec::new();
            for index in 1..=count {
                let shard = Selection::new(None, None, Some(Shard { index, count }))
                    .unwrap()
                    .scenarios(dir.path());
                assert!(
                    shard.len() <= all.len().div_ceil(count),
                    "shard {index}/{count} too big"
                );
                seen.extend(shard);
            }
            seen.sort();
            assert_eq!(
                seen, all,
                "shards of {count} do not cover the selection exactly once"
            );
        }
    }

    #[test]
    fn shard_syntax_is_checked() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert!(err.contains("expected I/N"), "{bad}: {err}");
        }
    }
}
