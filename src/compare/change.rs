//! What a comparison says of one scenario or statement: its outcome in each build and how it
//! changed from the old build to the new.

use serde::Serialize;

use crate::outcomes::ScenarioResult;

/// How a scenario or a statement changed from the old build to the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Passed in the old build, failed (or flaky) in the new.
    Regressed,
    /// Failed in the old build, passed in the new.
    Fixed,
    /// The same outcome in both (or not run in one of them).
    Unchanged,
}

impl Change {
    /// The word reports use.
    pub fn label(self) -> &'static str {
        match self {
            Self::Regressed => "regressed",
            Self::Fixed => "fixed",
            Self::Unchanged => "unchanged",
        }
    }

    /// From the outcome in the old build to the one in the new.
    pub(super) fn of(old: Outcome, new: Outcome) -> Self {
        match (old, new) {
            (Outcome::Passed, Outcome::Failed) => Self::Regressed,
            (Outcome::Failed, Outcome::Passed) => Self::Fixed,
            _ => Self::Unchanged,
        }
    }
}

/// Passed or failed (flaky counts as failed), or not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Failed at least once.
    Failed,
    /// Passed.
    Passed,
    /// Not in this build's results (the run stopped early).
    NotRun,
}

impl Outcome {
    /// The outcome of a scenario's result in one build (`None`: not run).
    pub(super) fn of(r: Option<&ScenarioResult>) -> Self {
        match r {
            None => Self::NotRun,
            Some(r) if r.failure.is_some() => Self::Failed,
            Some(_) => Self::Passed,
        }
    }

    /// The outcome of statement `id` in a scenario's result in one build: a failure counts
    /// against the statements it was charged to (a scenario of C4 that failed on the
    /// widget's request rate failed I8, not C4), or against all the scenario's own when it
    /// names none.
    pub(super) fn of_statement(r: Option<&ScenarioResult>, id: &str) -> Self {
        match r {
            None => Self::NotRun,
            Some(r) => match &r.failure {
                Some(f) if f.specs.is_empty() || f.specs.iter().any(|s| s == id) => Self::Failed,
                _ => Self::Passed,
            },
        }
    }

    /// The word reports use.
    pub fn label(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Passed => "passed",
            Self::NotRun => "not run",
        }
    }
}
