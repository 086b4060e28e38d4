//! A scenario's stable key: its feature file, its name and, for a row of a Scenario Outline,
//! the row's values. Unlike a line number it survives edits above the scenario, so baselines
//! and comparisons between runs name scenarios by it.

use std::collections::BTreeMap;

use cucumber::gherkin;
use serde::{Deserialize, Serialize};

/// Names one scenario as it runs (one per example row of an outline).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScenarioKey {
    /// The feature file's name (`session_caching.feature`).
    pub feature: String,
    /// The scenario's name, placeholders filled in.
    pub scenario: String,
    /// For an outline's row: its values by column name (empty for a plain scenario).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub example: BTreeMap<String, String>,
}

/// The feature file's name (`session_caching.feature`), as keys, reports and selections
/// name it; empty for a feature read from no file.
pub fn feature_file_name(feature: &gherkin::Feature) -> String {
    feature
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl ScenarioKey {
    /// The key of `scenario` (expanded, as cucumber runs it) of `feature`.
    pub fn of(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> Self {
        let feature_file = feature_file_name(feature);
        // An expanded outline row keeps one `Examples` whose table is [header, its row].
        let example = scenario
            .examples
            .first()
            .and_then(|e| e.table.as_ref())
            .filter(|t| t.rows.len() == 2)
            .map(|t| {
                t.rows[0]
                    .iter()
                    .cloned()
                    .zip(t.rows[1].iter().cloned())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            feature: feature_file,
            scenario: scenario.name.clone(),
            example,
        }
    }
}

impl std::fmt::Display for ScenarioKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} › {}", self.feature, self.scenario)?;
        if !self.example.is_empty() {
            let row: Vec<String> = self
                .example
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            write!(f, " › {}", row.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use cucumber::feature::Ext as _;

    use super::*;

    #[test]
    fn outline_rows_are_told_apart_by_their_values_and_not_by_their_lines() {
        let text = "Feature: f\n  Scenario Outline: same name\n    Given <x>\n    Examples:\n      | x | y |\n      | 1 | a |\n      | 2 | b |\n";
        let keys = |text: &str| {
            let mut f = gherkin::Feature::parse(text, gherkin::GherkinEnv::default()).unwrap();
            f.path = Some("dir/f.feature".into());
            let f = f.expand_examples().unwrap();
            f.scenarios
                .iter()
                .map(|s| ScenarioKey::of(&f, s))
                .collect::<Vec<_>>()
        };
        let before = keys(text);
        assert_eq!(before.len(), 2);
        assert_ne!(before[0], before[1]);
        assert_eq!(before[0].to_string(), "f.feature › same name › x=1, y=a");
        // Lines added above the scenario change no key.
        let moved = keys(&text.replace("Feature: f\n", "Feature: f\n  A description.\n\n"));
        assert_eq!(before, moved);
    }
}
