//! The selection stage: reads the feature files once and picks the scenarios a run selects,
//! handing the plan each one with its stable key ([`scenario_key`]) and its statements.
//!
//! Which scenarios a run selects: a tag expression, a piece of the name, and a shard. The
//! selection is worked out from the feature files before the run, so it can be listed, counted
//! and split the same way on every machine.

pub mod scenario_key;

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
    pub key: crate::selection::scenario_key::ScenarioKey,
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

    /// The same selection over every shard.
    pub fn whole(&self) -> Self {
        Self {
            shard: None,
            ..self.clone()
        }
    }

    fn matches(&self, scenario: &Planned) -> bool {
        let tag_ok = self
            .tags
            .as_ref()
            .is_none_or(|t| t.eval(scenario.tags.iter()));
        let name_ok = self
            .name
            .as_ref()
            .is_none_or(|n| scenario.id.name.contains(n.as_str()));
        let line_ok = self
            .lines
            .as_ref()
            .is_none_or(|l| l.contains(&(scenario.id.file.clone(), scenario.id.line)));
        tag_ok && name_ok && line_ok
    }

    /// The scenarios of `catalogue` this selection picks, sorted by file and line. A shard
    /// takes every N-th of the whole sorted selection, so shards are disjoint, together are
    /// the selection, differ in size by at most one, and each spreads over every feature.
    pub fn pick(&self, catalogue: &Catalogue) -> Vec<ScenarioId> {
        let all = catalogue
            .scenarios
            .iter()
            .filter(|s| self.matches(s))
            .map(|s| s.id.clone());
        match self.shard {
            None => all.collect(),
            Some(Shard { index, count }) => all
                .enumerate()
                .filter(|(i, _)| i % count == index - 1)
                .map(|(_, s)| s)
                .collect(),
        }
    }

    /// [`Self::pick`], refusing an empty selection so that a typo in `--tags` reads as "could
    /// not run", never as "conforms"; `features` is the folder the catalogue was read from.
    ///
    /// # Errors
    /// "no scenario matched the selection in …".
    pub fn pick_some(
        &self,
        catalogue: &Catalogue,
        features: &Path,
    ) -> Result<Vec<ScenarioId>, String> {
        let scenarios = self.pick(catalogue);
        if scenarios.is_empty() {
            return Err(format!(
                "no scenario matched the selection in {}",
                features.display()
            ));
        }
        Ok(scenarios)
    }

    /// [`Self::pick`] from the `.feature` files in `dir`, read now.
    pub fn scenarios(&self, dir: &Path) -> Vec<ScenarioId> {
        self.pick(&Catalogue::read(dir))
    }
}

/// Every scenario of a folder of feature files, read once (what a run plan selects from, and
/// what a baseline and a cut-short run's reports look up).
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Sorted by file and line.
    scenarios: Vec<Planned>,
}

/// One scenario of a [`Catalogue`].
#[derive(Debug, Clone)]
struct Planned {
    id: ScenarioId,
    /// Its feature's, rule's and own tags, as a tag expression sees them.
    tags: Vec<String>,
    /// Its `@spec-` IDs ([`crate::outcomes::spec_ids`]).
    specs: Vec<String>,
}

impl Catalogue {
    /// Reads the `.feature` files in `dir`, outlines expanded to one scenario per example
    /// row. Files that do not parse hold nothing here; the run reports them.
    pub fn read(dir: &Path) -> Self {
        let mut scenarios: Vec<Planned> = feature_files(dir)
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
                    .map(|(rule, s)| Planned {
                        id: ScenarioId {
                            file: file.clone(),
                            line: s.position.line,
                            name: s.name.clone(),
                            key: crate::selection::scenario_key::ScenarioKey::of(&f, s),
                        },
                        tags: f
                            .tags
                            .iter()
                            .chain(rule.iter().flat_map(|r| &r.tags))
                            .chain(&s.tags)
                            .cloned()
                            .collect(),
                        specs: crate::outcomes::spec_ids(&f, s),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        Self { scenarios }
    }

    /// The keys of every scenario, selected or not (what a baseline may name).
    pub fn keys(&self) -> Vec<crate::selection::scenario_key::ScenarioKey> {
        self.scenarios.iter().map(|s| s.id.key.clone()).collect()
    }

    /// The `@spec-` IDs of the scenario at `file` and `line` (none when there is none).
    pub fn specs(&self, file: &str, line: usize) -> Vec<String> {
        self.scenarios
            .iter()
            .find(|s| s.id.file == file && s.id.line == line)
            .map(|s| s.specs.clone())
            .unwrap_or_default()
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
    crate::selection::scenario_key::feature_file_name(feature)
}

#[cfg(test)]
mod tests;
