//! The suite's client for the mock backend: workspaces and the journal through the admin API,
//! and the REST API as a customer's server calls it.

use std::time::Duration;

pub use herodesk_mock::{journal::Entry, routes::admin::CreatedWorkspace};
use serde_json::Value;

use crate::error::{Result, SuiteError};

/// The route of the widget-facing identify call.
pub const IDENTIFY_ROUTE: &str = "POST /widget/v1/identify";
/// The journal's route name for the widget's unread-count call.
pub const UNREAD_ROUTE: &str = "GET /widget/v1/unread";

/// A widget-facing call a step names ("the identify API", "the unread API").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetCall {
    /// `POST /widget/v1/identify`.
    Identify,
    /// `GET /widget/v1/unread`, the unread-count poll.
    Unread,
}

impl WidgetCall {
    /// The journal's and the fault injector's name for the route.
    pub fn route(self) -> &'static str {
        match self {
            Self::Identify => IDENTIFY_ROUTE,
            Self::Unread => UNREAD_ROUTE,
        }
    }
}

impl std::str::FromStr for WidgetCall {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "identify" => Ok(Self::Identify),
            "unread" => Ok(Self::Unread),
            other => Err(format!("no widget call named `{other}`")),
        }
    }
}

/// The message bodies of conversation `id` as every workspace starts with them (the mock's
/// `fixtures/contacts.json`), in order; empty for an id the fixture does not have.
pub fn fixture_conversation_bodies(id: u64) -> Vec<String> {
    herodesk_mock::contacts::fixture_contacts()
        .into_iter()
        .flat_map(|c| c.conversations)
        .filter(|c| c.id == id)
        .flat_map(|c| c.messages)
        .map(|m| m.body)
        .collect()
}

/// The fields of an identify call's body (docs/widget-api.md); a body that is not a JSON
/// object with string fields reads as none.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct IdentifyBody {
    /// The contact's email as sent.
    pub email: Option<String>,
    /// `firstname`, when sent.
    pub firstname: Option<String>,
    /// `lastname`, when sent.
    pub lastname: Option<String>,
    /// `auth_token`, when sent.
    pub auth_token: Option<String>,
}

impl IdentifyBody {
    /// The email, trimmed and lower-cased, as the spec compares emails.
    pub fn normalized_email(&self) -> Option<String> {
        self.email.as_deref().map(|e| e.trim().to_lowercase())
    }
}

/// Typed reads of a journaled call, so steps neither re-parse bodies nor spell header names.
pub trait CallReads {
    /// The body as an identify call's fields, when it is one.
    fn identify_body(&self) -> Option<IdentifyBody>;
    /// The contact uuid the call presented as its session (`X-Herodesk-Contact`).
    fn session_contact(&self) -> Option<&str>;
    /// The verification token the call presented (`X-Herodesk-Verification`).
    fn session_verification(&self) -> Option<&str>;
}

impl CallReads for Entry {
    fn identify_body(&self) -> Option<IdentifyBody> {
        serde_json::from_str(&self.body).ok()
    }

    fn session_contact(&self) -> Option<&str> {
        self.headers
            .get(herodesk_mock::session::CONTACT_HEADER)
            .map(String::as_str)
    }

    fn session_verification(&self) -> Option<&str> {
        self.headers
            .get(herodesk_mock::session::VERIFICATION_HEADER)
            .map(String::as_str)
    }
}

/// The email an identify call's body names, trimmed and lower-cased.
pub fn identify_email(entry: &Entry) -> Option<String> {
    entry.identify_body()?.normalized_email()
}

/// Where host pages report their uncaught errors (journaled, spec I4).
pub use herodesk_mock::site::page_reports::{CSP_REPORTS_ROUTE, PAGE_ERRORS_ROUTE};

/// HTTP client for the mock's API origin.
#[derive(Debug, Clone)]
pub struct Backend {
    http: reqwest::Client,
    api_url: String,
}

/// How a REST call presents (or fails to present) its API key.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `Authorization: Bearer <the workspace's key>`.
    WorkspaceKey,
    /// No `Authorization` header.
    None,
    /// This exact header value.
    Header(String),
    /// `Authorization: Bearer <a key no workspace has>`.
    WrongKey,
    /// The workspace's key, sent with an `Origin` header as a browser page would.
    OriginAndKey(String),
}

/// What the REST API answered.
#[derive(Debug, Clone)]
pub struct RestAnswer {
    /// HTTP status.
    pub status: u16,
    /// Body parsed as JSON (`Value::Null` when it is not JSON).
    pub json: Value,
    /// Whether any `Access-Control-Allow-*` header was present.
    pub has_cors_headers: bool,
}

impl Backend {
    /// A client for the API origin at `api_url`.
    pub fn new(api_url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                // The widget's calls are told from the suite's own by this (crate::traffic).
                .user_agent(crate::traffic::SUITE_USER_AGENT)
                .build()
                .unwrap_or_default(),
            api_url: api_url.trim_end_matches('/').to_owned(),
        }
    }

    fn mock_error(e: impl std::fmt::Display) -> SuiteError {
        SuiteError::Mock(e.to_string())
    }

    /// Creates a fresh workspace with the fixture contacts.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer as documented.
    pub async fn create_workspace(&self) -> Result<CreatedWorkspace> {
        let r = self
            .http
            .post(format!("{}/admin/workspaces", self.api_url))
            .send()
            .await
            .map_err(Self::mock_error)?;
        if !r.status().is_success() {
            return Err(Self::mock_error(format!(
                "creating a workspace answered {}",
                r.status()
            )));
        }
        r.json().await.map_err(Self::mock_error)
    }

    /// The workspace's journal entries for `route` (all routes when `None`) after `after_seq`.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn journal(
        &self,
        wid: &str,
        route: Option<&str>,
        after_seq: u64,
    ) -> Result<Vec<Entry>> {
        let mut query = vec![("after_seq", after_seq.to_string())];
        if let Some(route) = route {
            query.push(("route", route.to_owned()));
        }
        let r = self
            .http
            .get(format!("{}/admin/workspaces/{wid}/journal", self.api_url))
            .query(&query)
            .send()
            .await
            .map_err(Self::mock_error)?;
        if !r.status().is_success() {
            return Err(Self::mock_error(format!(
                "reading the journal answered {}",
                r.status()
            )));
        }
        r.json().await.map_err(Self::mock_error)
    }

    /// The widget's own calls ([`crate::traffic::is_widget_call`]) of the workspace after
    /// `after_seq`, in order of arrival.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn widget_calls(&self, wid: &str, after_seq: u64) -> Result<Vec<Entry>> {
        let mut calls = self.journal(wid, None, after_seq).await?;
        calls.retain(crate::traffic::is_widget_call);
        Ok(calls)
    }

    /// The widget's calls of `route` within `window` of the first request after `after_seq`
    /// (the host page's, when a step took the mark just before loading it), once the window
    /// is over: waits for its end. Returns them, and when the window began (ms since epoch).
    ///
    /// # Errors
    /// [`SuiteError::Mock`]; [`SuiteError::Expectation`] when nothing came after the mark.
    pub async fn widget_calls_in_window(
        &self,
        wid: &str,
        after_seq: u64,
        route: &str,
        window: Duration,
    ) -> Result<Vec<Entry>> {
        let start = self
            .journal(wid, None, after_seq)
            .await?
            .first()
            .map(|e| e.at_ms)
            .ok_or_else(|| {
                SuiteError::Expectation("no request reached the backend after the mark".into())
            })?;
        let end = start + u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        // Not a condition: the budget is a number of calls in this much time, so the window
        // must have passed before they are counted.
        if end > now {
            tokio::time::sleep(Duration::from_millis(end - now)).await;
        }
        let mut calls = self.widget_calls(wid, after_seq).await?;
        calls.retain(|e| e.route == route && e.at_ms < end);
        Ok(calls)
    }

    /// The highest journal sequence number of the workspace so far (0 when empty): a mark
    /// to count "calls since".
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn journal_mark(&self, wid: &str) -> Result<u64> {
        Ok(self
            .journal(wid, None, 0)
            .await?
            .last()
            .map(|e| e.seq)
            .unwrap_or(0))
    }

    async fn admin_post(&self, path: &str, body: Value) -> Result<Value> {
        let r = self
            .http
            .post(format!("{}/admin/workspaces/{path}", self.api_url))
            .json(&body)
            .send()
            .await
            .map_err(Self::mock_error)?;
        let status = r.status();
        let text = r.text().await.map_err(Self::mock_error)?;
        if !status.is_success() {
            return Err(Self::mock_error(format!(
                "POST /admin/workspaces/{path} answered {status}: {text}"
            )));
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Makes the next `times` calls of `route` (every call until cleared, when `None`) misbehave (`{"status": 500}`, `{"drop": true}`,
    /// `{"delay_ms": 12000}`).
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API refuses.
    pub async fn inject_fault(
        &self,
        wid: &str,
        route: &str,
        mut fault: Value,
        times: Option<u32>,
    ) -> Result<()> {
        fault["route"] = Value::from(route);
        if let Some(times) = times {
            fault["times"] = Value::from(times);
        }
        self.admin_post(&format!("{wid}/faults"), fault)
            .await
            .map(drop)
    }

    /// Clears every fault of the workspace.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API refuses.
    pub async fn clear_faults(&self, wid: &str) -> Result<()> {
        let r = self
            .http
            .delete(format!("{}/admin/workspaces/{wid}/faults", self.api_url))
            .send()
            .await
            .map_err(Self::mock_error)?;
        if r.status().is_success() {
            Ok(())
        } else {
            Err(Self::mock_error(format!(
                "clearing faults answered {}",
                r.status()
            )))
        }
    }

    /// An agent replies in a conversation (it becomes unread for its owner).
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API refuses.
    pub async fn agent_reply(&self, wid: &str, conversation: u64, body: &str) -> Result<()> {
        self.admin_post(
            &format!("{wid}/conversations/{conversation}/agent-replies"),
            serde_json::json!({ "body": body }),
        )
        .await
        .map(drop)
    }

    /// The last verification code "emailed" to `email`.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when there is none or the admin API refuses.
    pub async fn verification_code(&self, wid: &str, email: &str) -> Result<String> {
        let r = self
            .http
            .get(format!(
                "{}/admin/workspaces/{wid}/verification-codes",
                self.api_url
            ))
            .query(&[("email", email)])
            .send()
            .await
            .map_err(Self::mock_error)?;
        let v: Value = r.json().await.map_err(Self::mock_error)?;
        v["code"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Self::mock_error(format!("no verification code for {email}: {v}")))
    }

    /// The contact uuid the widget-facing API gives `email`, asked the way any browser could
    /// (an identify call without a token), as an attacker would to forge a cookie.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the API does not answer as documented.
    pub async fn contact_uuid(&self, wid: &str, email: &str) -> Result<String> {
        let v: Value = self
            .http
            .post(format!("{}/widget/v1/identify", self.api_url))
            .query(&[("wid", wid)])
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await
            .map_err(Self::mock_error)?
            .json()
            .await
            .map_err(Self::mock_error)?;
        v["contact_uuid"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Self::mock_error(format!("identify gave no contact_uuid: {v}")))
    }

    /// The `auth_token` the REST API gives `email` (as the customer's server gets it).
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when there is none.
    pub async fn auth_token_for(
        &self,
        workspace: &CreatedWorkspace,
        email: &str,
    ) -> Result<String> {
        let answer = self
            .chat_auth_token(
                workspace,
                &Credentials::WorkspaceKey,
                &[("email", email.trim())],
            )
            .await?;
        answer.json["auth_token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Self::mock_error(format!("no auth_token for {email}: {}", answer.json)))
    }

    /// Asks the token endpoint as a browser page on `origin` would: a preflight `OPTIONS` and a
    /// `GET` with an `Origin` header. `has_cors_headers` is true if either answer had any.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the API cannot be reached.
    pub async fn chat_auth_token_from_origin(
        &self,
        workspace: &CreatedWorkspace,
        origin: &str,
    ) -> Result<RestAnswer> {
        let url = format!("{}/v1/contacts/chat-auth-token", self.api_url);
        let preflight = self
            .http
            .request(reqwest::Method::OPTIONS, &url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
            .await
            .map_err(Self::mock_error)?;
        let preflight_cors = preflight
            .headers()
            .keys()
            .any(|k| k.as_str().starts_with("access-control-"));
        let mut answer = self
            .chat_auth_token(
                workspace,
                &Credentials::OriginAndKey(origin.to_owned()),
                &[("email", "john@example.com")],
            )
            .await?;
        answer.has_cors_headers |= preflight_cors;
        Ok(answer)
    }

    /// Calls `GET /v1/contacts/chat-auth-token` with `query` as a customer's server would.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the API cannot be reached at all.
    pub async fn chat_auth_token(
        &self,
        workspace: &CreatedWorkspace,
        credentials: &Credentials,
        query: &[(&str, &str)],
    ) -> Result<RestAnswer> {
        let mut request = self
            .http
            .get(format!("{}/v1/contacts/chat-auth-token", self.api_url))
            .query(query);
        request = match credentials {
            Credentials::WorkspaceKey => request.bearer_auth(&workspace.api_key),
            Credentials::None => request,
            Credentials::Header(h) => request.header("Authorization", h),
            Credentials::WrongKey => request.bearer_auth(format!("{}-wrong", workspace.api_key)),
            Credentials::OriginAndKey(origin) => request
                .bearer_auth(&workspace.api_key)
                .header("Origin", origin),
        };
        let r = request.send().await.map_err(Self::mock_error)?;
        let status = r.status().as_u16();
        let has_cors_headers = r
            .headers()
            .keys()
            .any(|k| k.as_str().starts_with("access-control-"));
        let text = r.text().await.map_err(Self::mock_error)?;
        Ok(RestAnswer {
            status,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
            has_cors_headers,
        })
    }
}
