//! The suite's typed errors. Two kinds matter to the verdict: a scenario that fails because the
//! widget broke its promise, and the suite that could not run at all (no browser, no driver).

use std::time::Duration;

/// Anything that goes wrong in the suite's mechanics.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// The driver binary is missing or would not start: the suite cannot run (exit 2).
    #[error("{INFRASTRUCTURE}{0}")]
    Driver(String),
    /// The browser session could not be created: the suite cannot run (exit 2).
    #[error("{INFRASTRUCTURE}{0}")]
    Session(String),
    /// The mock backend could not start or answer (exit 2).
    #[error("{INFRASTRUCTURE}mock backend: {0}")]
    Mock(String),
    /// The widget build to test cannot be read (exit 2).
    #[error("{0}")]
    Widget(String),
    /// The report folder cannot be written (exit 2).
    #[error("{0}")]
    Report(String),
    /// A WebDriver command failed mid-scenario. When the browser or its driver is gone (not
    /// when a command merely found nothing), it is the suite's failure, not the widget's.
    #[error(
        "{}WebDriver command failed while {doing}: {source}",
        prefix_if_lost(source)
    )]
    WebDriver {
        /// What the suite was doing.
        doing: String,
        /// fantoccini's error.
        source: fantoccini::error::CmdError,
    },
    /// A condition did not come true in time.
    #[error("{0}")]
    Timeout(#[from] WaitError),
    /// The widget or backend did something the spec forbids (an assertion in a step).
    #[error("{0}")]
    Expectation(String),
}

/// The prefix of every error that is the suite's own failure (a lost browser, a mock that does
/// not answer), so a scenario failing with it reads as "could not run", never as the widget's
/// fault.
pub const INFRASTRUCTURE: &str = "infrastructure: ";

/// [`INFRASTRUCTURE`] when a WebDriver error means the browser or its driver is gone.
fn prefix_if_lost(e: &fantoccini::error::CmdError) -> &'static str {
    use fantoccini::error::CmdError;
    let lost = matches!(
        e,
        CmdError::Lost(_) | CmdError::Failed(_) | CmdError::FailedC(_)
    ) || e.is_invalid_session_id()
        || matches!(e, CmdError::Standard(wd) if BROWSER_GONE.iter().any(|m| wd.message.contains(m)));
    if lost { INFRASTRUCTURE } else { "" }
}

/// What the drivers say when their browser died under them (seen by killing it mid-scenario):
/// geckodriver cannot talk to Firefox any more; chromedriver lost Chromium's DevTools.
const BROWSER_GONE: &[&str] = &[
    "Failed to decode response from marionette",
    "Tried to run command without establishing a connection",
    "not connected to DevTools",
    "chrome not reachable",
    "session deleted because of page crash",
    "tab crashed",
];

impl SuiteError {
    /// Wraps a WebDriver error with what the suite was doing.
    pub fn webdriver(doing: impl Into<String>) -> impl FnOnce(fantoccini::error::CmdError) -> Self {
        let doing = doing.into();
        move |source| Self::WebDriver { doing, source }
    }

    /// True when this error means the suite could not run, not that the widget is broken.
    pub fn is_infrastructure(&self) -> bool {
        matches!(
            self,
            Self::Driver(_) | Self::Session(_) | Self::Mock(_) | Self::Widget(_) | Self::Report(_)
        )
    }
}

/// A wait that ran out: says what was awaited, for how long, and what was last seen.
#[derive(Debug, thiserror::Error)]
#[error("timed out after {:.1}s waiting for {what}; last seen: {last_seen}", .timeout.as_secs_f64())]
pub struct WaitError {
    /// The condition, in words.
    pub what: String,
    /// How long the wait lasted.
    pub timeout: Duration,
    /// The last observation, in words.
    pub last_seen: String,
}

/// Result of the suite's operations.
pub type Result<T, E = SuiteError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suite_s_own_failures_are_marked_as_infrastructure() {
        assert!(
            SuiteError::Mock("down".into())
                .to_string()
                .starts_with(INFRASTRUCTURE)
        );
        assert!(
            SuiteError::Session("gone".into())
                .to_string()
                .starts_with(INFRASTRUCTURE)
        );
        assert!(
            !SuiteError::Expectation("x".into())
                .to_string()
                .starts_with(INFRASTRUCTURE)
        );
        let lost = SuiteError::WebDriver {
            doing: "reading cookies".into(),
            source: fantoccini::error::CmdError::Lost(std::io::Error::other("reset")),
        };
        assert!(lost.to_string().starts_with(INFRASTRUCTURE), "{lost}");
        let not_found = SuiteError::WebDriver {
            doing: "reading".into(),
            source: fantoccini::error::CmdError::NotJson("x".into()),
        };
        assert!(
            !not_found.to_string().starts_with(INFRASTRUCTURE),
            "{not_found}"
        );
    }
}
