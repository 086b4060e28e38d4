//! The REST API as a customer's server (or a browser page, for A5) calls it: the token
//! endpoint with the workspace's key, without it, or with a wrong one.

use serde_json::Value;

use super::{Backend, CreatedWorkspace};
use crate::error::Result;

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
