//! The customer's host page (served by the mock's host site).

use fantoccini::{Client, Locator};
pub use herodesk_mock::site::{page_profile::Profile, placement::Placement};

use crate::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    error::{Result, SuiteError},
};

/// Where the page's `auth_token` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The page's server fetches it from the REST API (the documented flow).
    FromServer,
    /// No `auth_token` in `boot`.
    Omitted,
    /// A token the backend never made (B3): the page's server hands over a wrong one.
    Forged,
}

/// A visit to a host page: who is signed in and what the page queues before the script loads.
#[derive(Debug, Clone)]
pub struct HostPageVisit {
    /// The signed-in user's email; `None` loads the widget without booting it.
    pub email: Option<String>,
    /// `firstname` for `boot`.
    pub firstname: Option<String>,
    /// `lastname` for `boot`.
    pub lastname: Option<String>,
    /// Token source.
    pub token: Token,
    /// Commands queued through the stub after `boot` (e.g. `show`, `hide`).
    pub queue: Vec<String>,
    /// Register recorders for the four events through the stub, before `boot`.
    pub record_events: bool,
    /// `message` for `boot`.
    pub message: Option<String>,
    /// `z_index` for `boot`, as a JSON literal (`500`, `"750"`).
    pub z_index: Option<String>,
    /// Load the script first and boot after it, without a stub (the vendor's later examples).
    pub script_first: bool,
    /// Boot without an email (an anonymous visitor).
    pub anonymous: bool,
    /// What kind of customer page it is (spec I).
    pub profile: Profile,
    /// A path of the site below the workspace's pages (`shop/cart`); `None`: its front page.
    pub path: Option<String>,
    /// Two recorders per event instead of one (`show#1`, `show#2`…), to see their order.
    pub two_recorders: bool,
    /// Boot parameters as a JSON object, queued through the stub as they are (invalid boots).
    pub boot_json: Option<String>,
    /// A script calls `show` the moment `isReady` turns true and notes whether the iframe
    /// existed then.
    pub show_when_ready: bool,
    /// Where the widget script goes: in the body, in `<head>`, or inserted after `load`.
    pub placement: Placement,
    /// The page's timers follow a virtual clock the suite runs forward
    /// ([`super::page_clock`]); set by the World for scenarios tagged `@clock`.
    pub virtual_clock: bool,
    /// The page's `Date` runs this many days ahead of the browser's: a visit that many days
    /// after the last.
    pub days_later: Option<u32>,
}

impl HostPageVisit {
    /// A page that boots `email` with a token from its server.
    pub fn signed_in(email: &str) -> Self {
        Self {
            email: Some(email.to_owned()),
            firstname: None,
            lastname: None,
            token: Token::FromServer,
            queue: Vec::new(),
            record_events: false,
            message: None,
            z_index: None,
            script_first: false,
            anonymous: false,
            profile: Profile::Plain,
            path: None,
            two_recorders: false,
            boot_json: None,
            show_when_ready: false,
            placement: Placement::Body,
            virtual_clock: false,
            days_later: None,
        }
    }

    /// A page that boots an anonymous visitor (no email).
    pub fn anonymous() -> Self {
        Self {
            email: None,
            anonymous: true,
            ..Self::signed_in("")
        }
    }

    /// A page that loads the widget without calling `boot`.
    pub fn without_boot() -> Self {
        Self {
            email: None,
            ..Self::signed_in("")
        }
    }

    /// The page's URL under a workspace's site base URL.
    pub fn url(&self, site_base: &str) -> String {
        let mut query: Vec<(String, String)> = Vec::new();
        if let Some(e) = &self.email {
            query.push(("email".into(), e.clone()));
        }
        if let Some(f) = &self.firstname {
            query.push(("firstname".into(), f.clone()));
        }
        if let Some(l) = &self.lastname {
            query.push(("lastname".into(), l.clone()));
        }
        let token = match self.token {
            Token::FromServer => "server",
            Token::Omitted => "none",
            Token::Forged => "forged",
        };
        query.push(("token".into(), token.into()));
        if !self.queue.is_empty() {
            query.push(("queue".into(), self.queue.join(",")));
        }
        if self.two_recorders {
            query.push(("record".into(), "2".into()));
        } else if self.record_events {
            query.push(("record".into(), "1".into()));
        }
        if let Some(b) = &self.boot_json {
            query.push(("boot".into(), b.clone()));
        }
        if self.show_when_ready {
            query.push(("show_when_ready".into(), "true".into()));
        }
        if let Some(m) = &self.message {
            query.push(("message".into(), m.clone()));
        }
        if let Some(z) = &self.z_index {
            query.push(("z_index".into(), z.clone()));
        }
        if self.script_first {
            query.push(("stub".into(), "0".into()));
        }
        if self.placement != Placement::Body {
            query.push(("placement".into(), self.placement.name().into()));
        }
        if self.anonymous {
            query.push(("anonymous".into(), "1".into()));
        }
        if self.profile != Profile::Plain {
            query.push(("profile".into(), self.profile.name().into()));
        }
        if self.virtual_clock {
            query.push(("clock".into(), "virtual".into()));
        }
        if let Some(days) = self.days_later {
            query.push(("days_later".into(), days.to_string()));
        }
        // Pairs of strings always serialize.
        let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
        let path = self
            .path
            .as_deref()
            .map(|p| p.trim_matches('/').to_owned() + "/")
            .unwrap_or_default();
        format!("{site_base}{path}?{encoded}")
    }
}

/// Opens `visit` and waits until the host page itself has rendered.
///
/// # Errors
/// A WebDriver error or a timeout naming the page.
pub async fn open(client: &Client, site_base: &str, visit: &HostPageVisit) -> Result<()> {
    let url = visit.url(site_base);
    client
        .goto(&url)
        .await
        .map_err(SuiteError::webdriver(format!(
            "opening the host page {url}"
        )))?;
    until("the host page to render", DEFAULT_TIMEOUT, || async {
        match client.find(Locator::Css("[data-host-page]")).await {
            Ok(_) => Ok(Probe::Ready(())),
            Err(e) if crate::error::browser_lost(&e) => {
                Err(SuiteError::webdriver("waiting for the host page to render")(e))
            }
            Err(e) => Ok(Probe::NotYet(e.to_string())),
        }
    })
    .await
}

/// The `onUnreadCountChange` events the page's recorders saw, in order (`unread:N`).
///
/// # Errors
/// A WebDriver error.
pub async fn recorded_unread_events(client: &Client) -> Result<Vec<String>> {
    Ok(recorded_events(client)
        .await?
        .into_iter()
        .filter(|e| e.starts_with("unread:"))
        .collect())
}

/// The events the page's recorders saw, in order (`show`, `hide`, `unread:N`, `email`).
///
/// # Errors
/// A WebDriver error.
pub async fn recorded_events(client: &Client) -> Result<Vec<String>> {
    let v = client
        .execute("return (window.hostEvents || []).slice();", vec![])
        .await
        .map_err(SuiteError::webdriver("reading the page's recorded events"))?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// One console line the host page captured.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ConsoleLine {
    /// `error`, `warn`, `info` or `log`.
    pub level: String,
    /// The arguments, joined by spaces.
    pub text: String,
}

/// What was written to the console since the page loaded (captured by the page itself, so
/// every engine reports it the same way).
///
/// # Errors
/// A WebDriver error.
pub async fn console(client: &Client) -> Result<Vec<ConsoleLine>> {
    let v = client
        .execute("return (window.hostConsole || []).slice();", vec![])
        .await
        .map_err(SuiteError::webdriver("reading the page's console"))?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// Page source, `localStorage` and `sessionStorage` as text, for leak checks.
///
/// # Errors
/// A WebDriver error.
pub async fn source_and_storage(client: &Client) -> Result<String> {
    let source = client
        .source()
        .await
        .map_err(SuiteError::webdriver("reading the page source"))?;
    let storage = client
        .execute(
            "function dump(s) { var o = {}; for (var i = 0; i < s.length; i++) { var k = s.key(i); o[k] = s.getItem(k); } return o; }
             return JSON.stringify([dump(localStorage), dump(sessionStorage)]);",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver("reading the page's storage"))?;
    Ok(format!("{source}\n{storage}"))
}

/// Runs `fetch(url, {headers})` from the page and says how it ended: `ok:<status>` or
/// `blocked:<error>` (a CORS refusal is a `TypeError`).
///
/// # Errors
/// A WebDriver error.
pub async fn fetch_from_page(client: &Client, url: &str, authorization: &str) -> Result<String> {
    let v = client
        .execute_async(
            "var done = arguments[arguments.length - 1];
             fetch(arguments[0], { headers: { 'Authorization': arguments[1] } })
               .then(function (r) { done('ok:' + r.status); }, function (e) { done('blocked:' + e.name); });",
            vec![serde_json::json!(url), serde_json::json!(authorization)],
        )
        .await
        .map_err(SuiteError::webdriver("fetching from the page"))?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Narrows the browser window to a phone's width ([`PHONE_WIDTH`]), as a visitor narrowing a
/// window or turning a tablet does; false when the driver cannot resize its window.
pub async fn narrow_window(client: &Client) -> bool {
    let (_, height) = crate::browser::launch::WINDOW;
    client.set_window_size(PHONE_WIDTH, height).await.is_ok()
}

/// Gives the browser window the session's size again.
pub async fn restore_window(client: &Client) {
    let (width, height) = crate::browser::launch::WINDOW;
    let _ = client.set_window_size(width, height).await;
}

/// Sends the page a `resize` event: a listener of the widget's runs for certain, even where
/// the driver cannot resize its window, and at once, so what it throws is in the page's
/// record before the next step reads it.
///
/// # Errors
/// A WebDriver error.
pub async fn send_resize_event(client: &Client) -> Result<()> {
    client
        .execute("window.dispatchEvent(new Event('resize'));", vec![])
        .await
        .map_err(SuiteError::webdriver("sending the page a resize event"))?;
    Ok(())
}

/// The window's width while [`narrow_window`] has it narrow: a phone's, in CSS pixels.
pub const PHONE_WIDTH: u32 = 400;
