//! `GET /w/{wid}/`: a customer page that boots the widget through the documented queue stub.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, header::CONTENT_SECURITY_POLICY},
    response::{Html, IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    encode::url_encode,
    page_clock::PageClock,
    page_html::{Layout, Page},
    page_profile::{self, Profile},
    placement::Placement,
    token_client::fetch_auth_token,
};
use crate::{error::ApiError, extract::ApiQuery, state::AppState};

// Kept at their old paths: the suite's reports escape with the same function.
pub use super::encode::{escape_html, script_json};

/// How the page's server obtains the `auth_token` it passes to `boot`.
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TokenMode {
    /// The site's server fetches it from the REST API (the documented flow).
    #[default]
    Server,
    /// `boot` gets no `auth_token` (B2).
    None,
    /// `boot` gets a token the backend never made (B3).
    Forged,
}

/// What the page boots with; every field optional so one route serves every scenario.
#[derive(Debug, Default, Deserialize)]
pub struct HostPageQuery {
    /// The signed-in user's email; without it the page does not call `boot`.
    pub email: Option<String>,
    /// `firstname` for `boot`.
    pub firstname: Option<String>,
    /// `lastname` for `boot`.
    pub lastname: Option<String>,
    /// Where the token comes from.
    #[serde(default)]
    pub token: TokenMode,
    /// Commands queued through the stub after `boot`, comma-separated: `show`, `hide`,
    /// `showConversation:<id>`, and `update` (another vendor's command, no Herodesk one).
    pub queue: Option<String>,
    /// `1`: register recorders for the four events through the stub, before `boot`; what they
    /// see lands in `window.hostEvents` (`show`, `hide`, `unread:N`, `email`; a count that is
    /// not a number is recorded as JSON, `unread:"1"`). `2`: two recorders per event, which
    /// record `show#1`, `show#2`, … so the order of several callbacks shows (spec G).
    pub record: Option<u8>,
    /// The boot call's argument as JSON (an object of boot parameters, or anything else a
    /// page might pass: `null`, a string), queued through the stub as it is, in place of the
    /// parameters `email` and the others make (invalid boots, spec E1).
    pub boot: Option<String>,
    /// `1`: a script after the widget's calls `show` the moment `Herodesk.isReady` turns true
    /// and records in `window.hostReadyCheck` whether the widget's iframe existed then (E2).
    #[serde(default)]
    pub show_when_ready: bool,
    /// `message` for `boot` (D5).
    pub message: Option<String>,
    /// `z_index` for `boot` (D6), passed as a number when it is one, else as given.
    pub z_index: Option<String>,
    /// `0`: no queue stub; the script loads first and `boot` runs after it, as in the vendor's
    /// "Pre-filling a Message" and "Custom z-index" examples (D3). Queued calls and recorders
    /// then run directly after `boot`.
    pub stub: Option<String>,
    /// `1`: boot without an email (an anonymous visitor), keeping the other parameters.
    pub anonymous: Option<String>,
    /// What kind of customer page this is (spec I): `plain` (default), `strict-csp`,
    /// `polluted`, `wrapped-network`, `noisy`.
    #[serde(default)]
    pub profile: Profile,
    /// Where the widget script goes with the queue stub: `body` (default), `head`, or `late`
    /// (inserted by a loader after the page's `load` event).
    #[serde(default)]
    pub placement: Placement,
    /// `virtual`: the page's timers and `Date` follow a clock the suite fast-forwards
    /// ([`super::page_clock`]); `real` (default): the browser's own.
    #[serde(default)]
    pub clock: PageClock,
    /// `N`: the page's `Date` runs N days ahead of the browser's, as on a visit N days after
    /// the last (spec C2, C4: what a widget reads of a session's age).
    pub days_later: Option<u32>,
}

/// Commands a host page may queue after `boot`; `showConversation:<id>` is allowed too.
/// `update` is no command of Herodesk's: another vendor's, left in a site's snippet, which a
/// build must skip and go on with the queue (D1).
const QUEUEABLE: &[&str] = &["show", "hide", "update"];

/// Registers recorders for the four events through the stub, so the page sees events from
/// the start; `{n}` is the recorder's number (empty for a single recorder).
const RECORDERS: &str = "Herodesk('onShow', function () { hostEvents.push('show{n}'); });
Herodesk('onHide', function () { hostEvents.push('hide{n}'); });
Herodesk('onUnreadCountChange', function (count) { hostEvents.push('unread:' + (typeof count === 'number' ? count : hostPage.dump(count)) + '{n}'); });
Herodesk('onUserEmailSupplied', function () { hostEvents.push('email{n}'); });
";

/// `GET /w/{wid}/`: the host page for workspace `wid`.
pub async fn host_page(
    State(state): State<AppState>,
    Path(wid): Path<String>,
    ApiQuery(q): ApiQuery<HostPageQuery>,
) -> Result<Response, ApiError> {
    render_host_page(state, wid, q).await
}

/// `GET /w/{wid}/{*path}`: the same page on another path of the site (`/w/{wid}/shop/cart`),
/// so the cookie scope of a session can be checked across the site's paths (spec C4).
pub async fn host_page_at(
    State(state): State<AppState>,
    Path((wid, _path)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<HostPageQuery>,
) -> Result<Response, ApiError> {
    render_host_page(state, wid, q).await
}

async fn render_host_page(
    state: AppState,
    wid: String,
    q: HostPageQuery,
) -> Result<Response, ApiError> {
    let workspace = state
        .workspaces
        .get(&wid)
        .ok_or_else(|| ApiError::NotFound(format!("no workspace with widget id `{wid}`")))?;

    let mut notice = String::new();
    let anonymous = q.anonymous.as_deref() == Some("1");
    let boot = match q.email.as_deref() {
        None if anonymous => {
            let mut params = Map::new();
            add_display_params(&mut params, &q);
            Some(Value::Object(params))
        }
        None => None,
        Some(email) => {
            let mut params = Map::new();
            params.insert("email".into(), json!(email));
            add_display_params(&mut params, &q);
            for (key, value) in [("firstname", &q.firstname), ("lastname", &q.lastname)] {
                if let Some(v) = value {
                    params.insert(key.into(), json!(v));
                }
            }
            match q.token {
                TokenMode::None => {}
                TokenMode::Forged => {
                    params.insert("auth_token".into(), json!("0".repeat(64)));
                }
                TokenMode::Server => {
                    match fetch_auth_token(&state.http, &state.api_url, &workspace.api_key, email)
                        .await
                    {
                        Ok(token) => {
                            params.insert("auth_token".into(), json!(token));
                        }
                        Err(e) => notice = format!("No chat token: {e}"),
                    }
                }
            }
            Some(Value::Object(params))
        }
    };

    let boot = match &q.boot {
        None => boot,
        Some(raw) => match serde_json::from_str::<Value>(raw) {
            Ok(argument) => Some(argument),
            Err(e) => {
                return Err(ApiError::BadRequest(format!(
                    "`boot` must be the boot call's argument as JSON: {e}"
                )));
            }
        },
    };
    let mut calls = String::new();
    match q.record {
        None | Some(0) => {}
        Some(1) => calls.push_str(&RECORDERS.replace("{n}", "")),
        Some(2) => {
            for n in ["#1", "#2"] {
                calls.push_str(&RECORDERS.replace("{n}", n));
            }
        }
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`record` is 1 (one recorder per event) or 2 (two)".into(),
            ));
        }
    }
    if let Some(params) = &boot {
        calls.push_str(&format!("Herodesk('boot', {});\n", script_json(params)));
    }
    for command in q.queue.as_deref().unwrap_or("").split(',').map(str::trim) {
        match command {
            "" => {}
            c if QUEUEABLE.contains(&c) => calls.push_str(&format!("Herodesk('{c}');\n")),
            c if c
                .strip_prefix("showConversation:")
                .is_some_and(|id| id.parse::<u64>().is_ok()) =>
            {
                let id = &c["showConversation:".len()..];
                calls.push_str(&format!("Herodesk('showConversation', {id});\n"));
            }
            other => {
                return Err(ApiError::BadRequest(format!(
                    "cannot queue `{other}`; queueable: {}",
                    QUEUEABLE.join(", ")
                )));
            }
        }
    }

    let layout = match (q.stub.as_deref() == Some("0"), q.placement) {
        (false, placement) => Layout::Stub(placement),
        (true, Placement::Body) => Layout::ScriptFirst,
        (true, Placement::Head) => Layout::ScriptFirstInHead,
        (true, other) => {
            return Err(ApiError::BadRequest(format!(
                "`placement={}` needs the queue stub; drop `stub=0`",
                other.name()
            )));
        }
    };
    let page = Page {
        api_url: &state.api_url,
        wid: &wid,
        calls: &calls,
        user: q.email.as_deref(),
        notice: &notice,
        layout,
        profile: q.profile,
        show_when_ready: q.show_when_ready,
        nonce: page_profile::nonce(),
        clock: q.clock,
        days_later: q.days_later,
    };
    let mut response = Html(page.render()).into_response();
    if q.profile == Profile::StrictCsp {
        let policy = page_profile::strict_policy(
            &state.api_url,
            &page.nonce,
            &page_profile::csp_reports_path(&url_encode(&wid)),
        );
        let value = HeaderValue::from_str(&policy)
            .map_err(|e| ApiError::BadRequest(format!("no policy for this page: {e}")))?;
        response
            .headers_mut()
            .insert(CONTENT_SECURITY_POLICY, value);
    }
    Ok(response)
}

/// `message` and `z_index`, which also go into an anonymous boot.
fn add_display_params(params: &mut Map<String, Value>, q: &HostPageQuery) {
    if let Some(m) = &q.message {
        params.insert("message".into(), json!(m));
    }
    if let Some(z) = &q.z_index {
        // A JSON literal (`500`, `"750"`) keeps its type, so both documented forms are testable.
        let value = serde_json::from_str::<Value>(z).unwrap_or_else(|_| json!(z));
        params.insert("z_index".into(), value);
    }
}
