//! Why a run reached no verdict on the widget ([`super::Verdict::CouldNotRun`]): a sentence
//! for people and, when a signal cut the run short, which one.

use crate::browser::signals::Interruption;

/// Why a run reached no verdict on the widget: a sentence for people and, when a signal cut
/// the run short, which one.
///
/// An interruption is a reason of [`Verdict::CouldNotRun`] rather than a verdict of its own so
/// that code matching the three verdicts keeps compiling; [`Verdict::exit_code`] still tells it
/// apart (130/143, not 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    text: String,
    interruption: Option<Interruption>,
}

impl Reason {
    /// The reason of a run that `signal` interrupted.
    pub fn interrupted(signal: Interruption) -> Self {
        Self {
            text: format!(
                "interrupted by {signal}; every browser and driver it started was stopped"
            ),
            interruption: Some(signal),
        }
    }

    /// The signal that interrupted the run, if that is the reason.
    pub fn interruption(&self) -> Option<Interruption> {
        self.interruption
    }

    /// The same reason with `prefix` before its text (an engine, a round).
    pub(super) fn prefixed(self, prefix: &str) -> Self {
        Self {
            text: format!("{prefix}{}", self.text),
            ..self
        }
    }
}

impl From<String> for Reason {
    fn from(text: String) -> Self {
        Self {
            text,
            interruption: None,
        }
    }
}

impl From<&str> for Reason {
    fn from(text: &str) -> Self {
        text.to_owned().into()
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The reason reads as its text (`why.contains(…)`), as it did when it was a `String`.
impl std::ops::Deref for Reason {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}
