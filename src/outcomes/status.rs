//! How one scenario ended, once `--repeat` rounds and a `--baseline` are taken into account:
//! the status every report shows (console, JUnit, `spec.html`, `compare.html`).

use serde::Serialize;

/// A scenario's status in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Passed (every round).
    Passed,
    /// Failed (every round), and no baseline entry expects it: fails the gate. With a
    /// baseline in use this is a *new failure*.
    Failed,
    /// Failed in some rounds of `--repeat` and passed in others; fails the gate unless the
    /// baseline names it `FLAKY`.
    Flaky,
    /// Failed, as the baseline's `FAIL` entry expects.
    ExpectedFailure {
        /// The baseline entry's reason.
        reason: String,
    },
    /// Failed or flaky (or passed), as the baseline's `FLAKY` entry allows.
    ExpectedFlaky {
        /// The baseline entry's reason.
        reason: String,
    },
    /// Passed, though the baseline's `FAIL` entry expects a failure: the entry must go (fails
    /// the gate unless `--allow-fixed`).
    NowPasses {
        /// The baseline entry's reason.
        reason: String,
    },
    /// Did not run: the run was cut short before it (Ctrl-C, `--timeout`).
    NotRun {
        /// Why, as the reports say it ("not run: the run was interrupted by SIGINT").
        why: String,
    },
}

impl Status {
    /// The words reports use (`expected failure`, `now passes`, …).
    pub fn label(&self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Flaky => "flaky",
            Self::ExpectedFailure { .. } => "expected failure",
            Self::ExpectedFlaky { .. } => "expected flaky",
            Self::NowPasses { .. } => "now passes",
            Self::NotRun { .. } => "not run",
        }
    }

    /// True when the scenario failed at least once (whatever the baseline says of it).
    pub fn failed_at_all(&self) -> bool {
        matches!(
            self,
            Self::Failed | Self::Flaky | Self::ExpectedFailure { .. } | Self::ExpectedFlaky { .. }
        )
    }

    /// The baseline's reason, for a status a baseline entry decided.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::ExpectedFailure { reason }
            | Self::ExpectedFlaky { reason }
            | Self::NowPasses { reason } => Some(reason),
            _ => None,
        }
    }
}
