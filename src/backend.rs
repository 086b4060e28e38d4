//! The suite's client for the mock backend: workspaces and the journal through the admin API,
//! and the REST API as a customer's server calls it.

use std::{collections::BTreeMap, time::Duration};

pub use herodesk_mock::{journal::Entry, routes::admin::CreatedWorkspace};
use serde_json::Value;

use crate::error::{Result, SuiteError};

/// The route of the widget-facing identify call.
pub const IDENTIFY_ROUTE: &str = "POST /widget/v1/identify";

/// The route of the REST token endpoint.
pub const TOKEN_ROUTE: &str = "GET /v1/contacts/chat-auth-token";

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

    /// Calls per route for the workspace.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn counts(&self, wid: &str) -> Result<BTreeMap<String, usize>> {
        self.http
            .get(format!(
                "{}/admin/workspaces/{wid}/journal/counts",
                self.api_url
            ))
            .send()
            .await
            .map_err(Self::mock_error)?
            .json()
            .await
            .map_err(Self::mock_error)
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
