//! What the host page itself records while the widget runs on it (spec I): uncaught errors,
//! Content-Security-Policy violations, the calls that passed its network wrapper, and the
//! globals and built-ins the widget added or changed. The host page's scripts live in the
//! mock (`mock-server/src/site/scripts/`); this is the only code of the suite that knows the
//! names they record under.

use fantoccini::Client;
use serde::{Deserialize, de::DeserializeOwned};

use crate::error::{Result, SuiteError};

/// Text every error the host page throws on purpose carries (profile `noisy`), so that it is
/// never charged to the widget.
pub const HOST_NOISE: &str = "[host-noise]";

/// One uncaught error or unhandled rejection the host page recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PageError {
    /// `error` (uncaught) or `unhandledrejection`.
    pub kind: String,
    /// The error's message.
    pub message: String,
    /// The script it came from (empty when the browser does not say).
    #[serde(default)]
    pub source: String,
    /// Line in `source`.
    #[serde(default)]
    pub line: u32,
    /// Column in `source`.
    #[serde(default)]
    pub column: u32,
    /// The error's stack, when it had one.
    #[serde(default)]
    pub stack: String,
    /// Which page load of the scenario recorded it.
    #[serde(default)]
    pub page: String,
}

impl PageError {
    /// True for the errors the host page raises on purpose (another script of the page).
    pub fn is_host_noise(&self) -> bool {
        self.message.contains(HOST_NOISE)
    }

    /// `uncaught TypeError: x is undefined (http://…/livechat.js:12:3)`.
    pub fn describe(&self) -> String {
        let kind = if self.kind == "unhandledrejection" {
            "unhandled rejection"
        } else {
            "uncaught error"
        };
        let at = if self.source.is_empty() {
            self.stack
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        } else {
            format!("{}:{}:{}", self.source, self.line, self.column)
        };
        if at.is_empty() {
            format!("{kind}: {}", self.message)
        } else {
            format!("{kind}: {} ({at})", self.message)
        }
    }
}

/// One violation of the page's Content-Security-Policy, as the page's own listener saw it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CspViolation {
    /// The directive that refused (`script-src-elem`, `script-src`…).
    #[serde(default)]
    pub directive: String,
    /// What was refused (`inline`, `eval`, a URL).
    #[serde(default)]
    pub blocked: String,
    /// The script that tried it.
    #[serde(default)]
    pub source: String,
}

/// Runs `expression` on the page and reads its value as JSON text made by the page's own
/// `hostPage.dump`, which keeps a polluted page (spec I2) from turning arrays into strings on
/// the way, whatever the driver's own serialisation does. `None` off a host page.
pub(crate) async fn read<T: DeserializeOwned + Default>(
    client: &Client,
    expression: &str,
    what: &str,
) -> Result<T> {
    let script = format!(
        "if (!window.hostPage || typeof window.hostPage.dump !== 'function') return null;
         return window.hostPage.dump({expression});"
    );
    let v = client
        .execute(&script, vec![])
        .await
        .map_err(SuiteError::webdriver(format!("reading {what}")))?;
    match v.as_str() {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(text)
            .map_err(|e| SuiteError::Expectation(format!("{what} is not readable ({e}): {text}"))),
    }
}

/// What a trace reads after each step ([`crate::report::trace`]): the host page load's id,
/// its console lines and its uncaught errors so far, in one script (one round trip per step).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageLog {
    /// The host page load's id (a new load starts its lists afresh).
    #[serde(default)]
    pub page: Option<String>,
    /// The console lines since the page loaded.
    #[serde(default)]
    pub console: Vec<super::host_page::ConsoleLine>,
    /// The uncaught errors and unhandled rejections since the page loaded.
    #[serde(default)]
    pub errors: Vec<PageError>,
}

/// The page's [`PageLog`]; empty off a host page.
///
/// # Errors
/// A WebDriver error.
pub async fn log(client: &Client) -> Result<PageLog> {
    read(
        client,
        "{page: window.hostPage.id, console: window.hostConsole || [], errors: window.hostErrors || []}",
        "the page's console and errors",
    )
    .await
}

/// The id of the host page load in the browser, `None` when the browser is not on one.
///
/// # Errors
/// A WebDriver error.
pub async fn page_id(client: &Client) -> Result<Option<String>> {
    read(
        client,
        "window.hostPage && window.hostPage.id",
        "the host page's id",
    )
    .await
}

/// The host page load's id (`None` off a host page) and the uncaught errors and unhandled
/// rejections it recorded since it loaded, in one script (I4's check after every scenario).
///
/// # Errors
/// A WebDriver error.
pub async fn page_errors(client: &Client) -> Result<PageErrors> {
    read(
        client,
        "{page: window.hostPage.id, errors: window.hostErrors || []}",
        "the page's id and uncaught errors",
    )
    .await
}

/// What [`page_errors`] reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageErrors {
    /// The host page load's id.
    #[serde(default)]
    pub page: Option<String>,
    /// The uncaught errors and unhandled rejections since the page loaded.
    #[serde(default)]
    pub errors: Vec<PageError>,
}

/// The uncaught errors and unhandled rejections the page recorded since it loaded.
///
/// # Errors
/// A WebDriver error.
pub async fn errors(client: &Client) -> Result<Vec<PageError>> {
    read(client, "window.hostErrors", "the page's uncaught errors").await
}

/// The CSP violations the page's own listener saw since it loaded.
///
/// # Errors
/// A WebDriver error.
pub async fn csp_violations(client: &Client) -> Result<Vec<CspViolation>> {
    read(
        client,
        "window.hostCspViolations",
        "the page's CSP violations",
    )
    .await
}

/// The calls that passed the page's network wrapper (profile `wrapped-network`), as
/// `METHOD absolute-url`.
///
/// # Errors
/// A WebDriver error.
pub async fn wrapped_calls(client: &Client) -> Result<Vec<String>> {
    read(
        client,
        "window.hostNetwork",
        "the calls through the page's network wrapper",
    )
    .await
}

/// The contact states (`data-herodesk-contact-state`) the widget's frame showed since it was
/// added to the page, without repeats; `unobservable` when the frame is cross-origin.
///
/// # Errors
/// A WebDriver error.
pub async fn contact_states(client: &Client) -> Result<Vec<String>> {
    read(
        client,
        "window.hostPage.contactStates",
        "the contact states the page saw",
    )
    .await
}

/// Whether the widget's iframe existed the moment `isReady` turned true (`None` before that
/// moment, or when the page does not watch for it).
///
/// # Errors
/// A WebDriver error.
pub async fn frame_existed_when_ready(client: &Client) -> Result<Option<bool>> {
    #[derive(Deserialize, Default)]
    struct ReadyCheck {
        frame: bool,
    }
    let check: Option<ReadyCheck> = read(
        client,
        "window.hostPage.readyCheck",
        "what the page saw when isReady turned true",
    )
    .await?;
    Ok(check.map(|c| c.frame))
}

/// Globals that WebDriver implementations put on pages they drive (chromedriver's
/// element helpers, Selenium atoms): never the widget's.
/// (WebKit's driver keys its own under a Symbol, read as `Symbol(automationSessionProxy)`.)
const DRIVER_GLOBALS: &[&str] = &[
    "se_exportedFunctionSymbol",
    "ret_nodes",
    "Symbol(automationSessionProxy)",
];
/// Prefixes of globals WebDriver implementations put on pages.
const DRIVER_GLOBAL_PREFIXES: &[&str] =
    &["cdc_", "$cdc_", "__webdriver", "__selenium", "__fxdriver"];

/// Globals the page did not have just before the widget script, apart from those the
/// WebDriver implementation itself adds and `harness`, those of a tool the run harvests from
/// pages (`--coverage`: Istanbul's `__coverage__` and its per-file function). The run knows
/// the harness, the page object does not: the World passes them
/// ([`crate::world::HerodeskWorld::globals_added_by_the_widget`]).
///
/// # Errors
/// A WebDriver error.
pub async fn new_globals(client: &Client, harness: &[String]) -> Result<Vec<String>> {
    let all: Vec<String> = read(
        client,
        "window.hostSnapshot && window.hostSnapshot.newGlobals()",
        "the page's new globals",
    )
    .await?;
    Ok(all
        .into_iter()
        .filter(|g| !is_driver_global(g) && !harness.contains(g))
        .collect())
}

fn is_driver_global(name: &str) -> bool {
    DRIVER_GLOBALS.contains(&name) || DRIVER_GLOBAL_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Built-ins added, replaced or removed since just before the widget script
/// (`Array.prototype.foo added`, `window.fetch replaced`).
///
/// # Errors
/// A WebDriver error.
pub async fn changed_builtins(client: &Client) -> Result<Vec<String>> {
    read(
        client,
        "window.hostSnapshot && window.hostSnapshot.changedBuiltins()",
        "the page's changed built-ins",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_described_with_its_source_or_its_stack() {
        let mut e = PageError {
            kind: "error".into(),
            message: "TypeError: x is undefined".into(),
            source: "http://127.0.0.1:9/livechat.js?wid=w".into(),
            line: 12,
            column: 3,
            stack: String::new(),
            page: "p".into(),
        };
        assert_eq!(
            e.describe(),
            "uncaught error: TypeError: x is undefined (http://127.0.0.1:9/livechat.js?wid=w:12:3)"
        );
        e.kind = "unhandledrejection".into();
        e.source.clear();
        e.stack = "api@http://127.0.0.1:9/livechat.js:40:5\nmore".into();
        assert_eq!(
            e.describe(),
            "unhandled rejection: TypeError: x is undefined (api@http://127.0.0.1:9/livechat.js:40:5)"
        );
        assert!(!e.is_host_noise());
    }

    #[test]
    fn only_the_driver_s_own_globals_are_ignored() {
        assert!(is_driver_global("se_exportedFunctionSymbol"));
        assert!(is_driver_global("$cdc_asdjflasutopfhvcZLmcfl_"));
        assert!(!is_driver_global("hd_state"));
        assert!(!is_driver_global("Herodesk"));
    }
}
