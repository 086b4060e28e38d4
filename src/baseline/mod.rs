//! The baseline stage (`--baseline`, `--update-baseline`): judges a run's results against the
//! failures a team has accepted, and hands the verdict only what changed.
//!
//! Known-failure baselines (`--baseline FILE`, `--update-baseline FILE`): the failures a widget
//! team has accepted, each named by its scenario's stable key, optionally for one engine, with
//! a reason. A run judged against a baseline fails only on what changed: a new failure, a
//! flaky scenario not known as flaky, or a known failure that now passes. The file format is
//! documented in `docs/baseline.md`; writing one from a run is [`update`].

mod judge;
pub mod update;

pub use judge::tally;

use std::{collections::BTreeSet, path::Path};

use serde::{Deserialize, Serialize};

use crate::{browser::Engine, selection::scenario_key::ScenarioKey};

/// The value of the file's `format` field.
pub const FORMAT: &str = "herodesk-baseline/1";

/// What a baseline entry expects of its scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Expected {
    /// It fails (every round).
    #[serde(rename = "FAIL")]
    Fail,
    /// It may fail or pass (known intermittent).
    #[serde(rename = "FLAKY")]
    Flaky,
}

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The scenario.
    #[serde(flatten)]
    pub key: ScenarioKey,
    /// Only in this engine (`firefox`, `chromium`); every engine when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// `FAIL` or `FLAKY`.
    pub status: Expected,
    /// Why it is accepted: a ticket link, a sentence.
    pub reason: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`FORMAT`].
    pub format: String,
    /// The known failures, sorted by scenario key and engine.
    pub expectations: Vec<Expectation>,
}

impl Default for Baseline {
    fn default() -> Self {
        Self {
            format: FORMAT.into(),
            expectations: Vec::new(),
        }
    }
}

impl Baseline {
    /// Reads and checks a baseline file against the scenarios of `all` (every scenario of the
    /// feature files, not only the selected ones).
    ///
    /// # Errors
    /// A sentence: the file cannot be read or parsed, an engine is unknown, an entry is
    /// repeated, or "unknown scenario in baseline: …" for a key no scenario has.
    pub fn load(path: &Path, all: &[ScenarioKey]) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let baseline: Self = serde_json::from_str(&text)
            .map_err(|e| format!("the baseline {} is not valid: {e}", path.display()))?;
        baseline
            .check(all)
            .map_err(|e| format!("{e} (in {})", path.display()))?;
        Ok(baseline)
    }

    fn check(&self, all: &[ScenarioKey]) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "baseline format `{}` is not `{FORMAT}`",
                self.format
            ));
        }
        let known: BTreeSet<&ScenarioKey> = all.iter().collect();
        let mut seen = BTreeSet::new();
        for e in &self.expectations {
            if !known.contains(&e.key) {
                return Err(format!("unknown scenario in baseline: {}", e.key));
            }
            if let Some(engine) = &e.engine
                && !Engine::ALL.iter().any(|k| k.name() == engine)
            {
                return Err(format!(
                    "unknown engine `{engine}` in baseline entry {} (firefox or chromium)",
                    e.key
                ));
            }
            if !seen.insert((&e.key, &e.engine)) {
                return Err(format!("scenario twice in baseline: {}", e.key));
            }
        }
        Ok(())
    }

    pub(crate) fn sort(&mut self) {
        self.expectations
            .sort_by(|a, b| (&a.key, &a.engine).cmp(&(&b.key, &b.engine)));
    }

    /// The file's text: pretty JSON, entries sorted, one field a line, so a change is a
    /// readable diff; reading it back gives the same baseline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::{
        Baseline,
        judge::tests::{fail, key},
    };

    #[test]
    fn an_unknown_scenario_is_refused_by_name() {
        let baseline = Baseline {
            expectations: vec![fail("gone", None)],
            ..Baseline::default()
        };
        let err = baseline.check(&[key("here")]).unwrap_err();
        assert_eq!(err, "unknown scenario in baseline: f.feature › gone");
    }
}
