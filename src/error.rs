//! The suite's typed errors. Two kinds matter to the verdict: a scenario that fails because the
//! widget broke its promise, and the suite that could not run at all (no browser, no driver).

use std::time::Duration;

/// Anything that goes wrong in the suite's mechanics.
///
/// Its text starts with [`INFRASTRUCTURE`] exactly when [`SuiteError::is_infrastructure`]
/// says so: a step's error reaches the verdict only as text (cucumber keeps the message, not
/// the value), so the prefix is how the verdict learns whose fault a failure was.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// The driver binary is missing or would not start: the suite cannot run (exit 2).
    Driver(String),
    /// The browser session could not be created: the suite cannot run (exit 2).
    Session(String),
    /// The mock backend could not start or answer (exit 2).
    Mock(String),
    /// The widget build to test cannot be read (exit 2, before any scenario runs).
    Widget(String),
    /// The report folder cannot be written (exit 2, before any scenario runs).
    Report(String),
    /// A WebDriver command failed mid-scenario. When the browser or its driver is gone (not
    /// when a command merely found nothing), it is the suite's failure, not the widget's.
    WebDriver {
        /// What the suite was doing.
        doing: String,
        /// fantoccini's error.
        source: fantoccini::error::CmdError,
    },
    /// The machine could not give a page what a judgement needs (a core, under heavy load):
    /// neither verdict would be sure (exit 2, and a second try).
    Machine(String),
    /// A condition did not come true in time.
    Timeout(#[from] WaitError),
    /// The widget or backend did something the spec forbids (an assertion in a step).
    Expectation(String),
}

/// The prefix of every error that is the suite's own failure (a lost browser, a mock that does
/// not answer), so a scenario failing with it reads as "could not run", never as the widget's
/// fault. Written by [`SuiteError`]'s `Display` when [`SuiteError::is_infrastructure`] holds,
/// read back by [`crate::outcomes::Failure::is_infrastructure`].
pub const INFRASTRUCTURE: &str = "infrastructure: ";

impl std::fmt::Display for SuiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_infrastructure() {
            f.write_str(INFRASTRUCTURE)?;
        }
        match self {
            Self::Driver(m)
            | Self::Session(m)
            | Self::Widget(m)
            | Self::Report(m)
            | Self::Machine(m) => f.write_str(m),
            Self::Mock(m) => write!(f, "mock backend: {m}"),
            Self::WebDriver { doing, source } if browser_lost(source) => {
                write!(f, "{LOST_BROWSER} while {doing}: {source}")
            }
            Self::WebDriver { doing, source } => {
                write!(f, "WebDriver command failed while {doing}: {source}")
            }
            Self::Timeout(e) => write!(f, "{e}"),
            Self::Expectation(m) => f.write_str(m),
        }
    }
}

/// What a failure says when its browser, or the page in it, was lost mid-scenario (the
/// browser died, the tab crashed): after [`INFRASTRUCTURE`], so the run gives the scenario
/// one more try in a new browser ([`crate::crash_retry`]) before anyone is blamed.
pub const LOST_BROWSER: &str = "the browser or its page was lost";

/// True when a failure's message says its browser or page was lost ([`LOST_BROWSER`]).
pub fn is_lost_browser(message: &str) -> bool {
    message
        .strip_prefix(INFRASTRUCTURE)
        .is_some_and(|rest| rest.starts_with(LOST_BROWSER))
}

/// True when a WebDriver error means the browser or its driver is gone: a wait that probes
/// the page must stop on it (and be charged to the suite), not keep polling a dead browser
/// until it times out as the widget's fault.
pub fn browser_lost(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::CmdError;
    matches!(
        e,
        CmdError::Lost(_) | CmdError::Failed(_) | CmdError::FailedC(_)
    ) || e.is_invalid_session_id()
        || matches!(e, CmdError::Standard(wd) if BROWSER_GONE.iter().any(|m| wd.message.contains(m)))
        || matches!(e, CmdError::Standard(wd) if webkit_lost_in_flight(wd))
        || matches!(e, CmdError::NotW3C(serde_json::Value::String(s)) if BROWSER_GONE.iter().any(|m| s.contains(m)))
}

/// What the driver said, in its own words: the message of a W3C error, the bare string of
/// a non-W3C one (chromedriver's `tab crashed`), else fantoccini's description.
pub fn driver_words(e: &fantoccini::error::CmdError) -> String {
    use fantoccini::error::CmdError;
    match e {
        CmdError::Standard(wd) if !wd.message.trim().is_empty() => {
            format!(
                "the driver said {:?}",
                wd.message.lines().next().unwrap_or_default()
            )
        }
        CmdError::Standard(wd) => format!("the driver answered {} with no message", wd.error),
        CmdError::NotW3C(serde_json::Value::String(s)) => format!("the driver said {s:?}"),
        other => other.to_string(),
    }
}

/// WebKitWebDriver's answer to a command in flight when MiniBrowser dies (seen by killing it
/// during a page load): `unknown error` with no message at all; the next command gets
/// `invalid session id`. No other answer of the drivers seen here comes without a message,
/// and misreading one as a lost browser gives "could not run", never "conforms".
fn webkit_lost_in_flight(wd: &fantoccini::error::WebDriver) -> bool {
    wd.error == fantoccini::error::ErrorStatus::UnknownError && wd.message.trim().is_empty()
}

/// What the drivers say when their browser died under them (seen by killing it mid-scenario):
/// geckodriver cannot talk to Firefox any more; chromedriver lost Chromium's DevTools, or the
/// tab's renderer died (a page out of memory: chromedriver answers the error code
/// `tab crashed`, which is not a W3C code, so fantoccini hands it over as a bare string);
/// WebKitWebDriver deleted the session "because of page crash or hang".
const BROWSER_GONE: &[&str] = &[
    "Failed to decode response from marionette",
    "Tried to run command without establishing a connection",
    "not connected to DevTools",
    "chrome not reachable",
    "session deleted because of page crash",
    "tab crashed",
    "because of page crash",
];

impl SuiteError {
    /// Wraps a WebDriver error with what the suite was doing.
    pub fn webdriver(doing: impl Into<String>) -> impl FnOnce(fantoccini::error::CmdError) -> Self {
        let doing = doing.into();
        move |source| Self::WebDriver { doing, source }
    }

    /// True when the suite's own machinery failed (a driver or browser that would not start
    /// or was lost, a mock that did not answer), not the widget: a scenario failing with it
    /// does not count against the widget, and a run whose only failures are these is "could
    /// not run". A widget build or report folder that cannot be used is not the machinery's
    /// failure but the caller's; it stops the run before any scenario, with its own message.
    pub fn is_infrastructure(&self) -> bool {
        match self {
            Self::Driver(_) | Self::Session(_) | Self::Mock(_) | Self::Machine(_) => true,
            Self::WebDriver { source, .. } => browser_lost(source),
            Self::Widget(_) | Self::Report(_) | Self::Timeout(_) | Self::Expectation(_) => false,
        }
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

    #[test]
    fn webkit_s_empty_unknown_error_is_a_lost_browser_and_one_with_words_is_not() {
        use fantoccini::error::{CmdError, ErrorStatus, WebDriver};
        let answer = |message: &'static str| SuiteError::WebDriver {
            doing: "opening the host page".into(),
            source: CmdError::Standard(WebDriver::new(ErrorStatus::UnknownError, message)),
        };
        assert!(answer("").is_infrastructure());
        assert!(!answer("Unexpected alert open").is_infrastructure());
    }

    #[test]
    fn chromium_s_tab_crashed_is_a_lost_page_and_says_so_after_the_prefix() {
        use fantoccini::error::CmdError;
        let crashed = CmdError::NotW3C(serde_json::Value::String("tab crashed".into()));
        assert!(browser_lost(&crashed));
        assert_eq!(driver_words(&crashed), "the driver said \"tab crashed\"");
        let other = CmdError::NotW3C(serde_json::Value::String("something else".into()));
        assert!(!browser_lost(&other));
        let e = SuiteError::WebDriver {
            doing: "clicking".into(),
            source: crashed,
        };
        assert!(is_lost_browser(&e.to_string()), "{e}");
        assert!(!is_lost_browser("infrastructure: mock backend: down"));
        assert!(
            !is_lost_browser(LOST_BROWSER),
            "without the prefix it is a widget's words"
        );
    }

    #[test]
    fn the_prefix_is_written_exactly_when_is_infrastructure_says_so() {
        use fantoccini::error::CmdError;
        let every_kind = [
            SuiteError::Driver("no geckodriver".into()),
            SuiteError::Session("refused".into()),
            SuiteError::Mock("down".into()),
            SuiteError::Widget("cannot read livechat.js".into()),
            SuiteError::Report("cannot write junit.xml".into()),
            SuiteError::WebDriver {
                doing: "clicking".into(),
                source: CmdError::Lost(std::io::Error::other("reset")),
            },
            SuiteError::WebDriver {
                doing: "reading".into(),
                source: CmdError::NotJson("x".into()),
            },
            SuiteError::Timeout(WaitError {
                what: "the widget".into(),
                timeout: Duration::from_secs(1),
                last_seen: "nothing".into(),
            }),
            SuiteError::Expectation("expected 0 calls, saw 1".into()),
        ];
        for e in &every_kind {
            assert_eq!(
                e.to_string().starts_with(INFRASTRUCTURE),
                e.is_infrastructure(),
                "{e:?} reads as {e}"
            );
        }
        // The widget build and the report folder are the caller's, not the machinery's: their
        // messages (shown as "could not run") carry no prefix.
        assert!(!every_kind[3].is_infrastructure() && !every_kind[4].is_infrastructure());
    }
}
