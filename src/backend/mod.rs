//! The backend stage: the suite's client for the mock (workspaces, faults, the journal, the REST
//! API), handing the World typed calls and the cost of a scenario per route (`traffic`).
//!
//! The suite's client for the mock backend: workspaces, faults and steering through the admin
//! API (here), the journal (`journal.rs`), the REST API as a customer's server calls it
//! (`rest.rs`), and typed reads of journaled calls (`calls.rs`).

mod calls;
mod journal;
mod rest;
pub mod traffic;

use std::time::Duration;

pub use herodesk_mock::{journal::Entry, routes::admin::CreatedWorkspace};
use serde_json::Value;

pub use self::{
    calls::{
        CONVERSATION_ROUTE, CSP_REPORTS_ROUTE, CallReads, IDENTIFY_ROUTE, IdentifyBody,
        PAGE_ERRORS_ROUTE, UNREAD_ROUTE, WidgetCall, identify_email,
    },
    rest::{Credentials, RestAnswer},
};
use crate::error::{Result, SuiteError};

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

/// HTTP client for the mock's API origin.
#[derive(Debug, Clone)]
pub struct Backend {
    http: reqwest::Client,
    api_url: String,
}

impl Backend {
    /// A client for the API origin at `api_url`.
    pub fn new(api_url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                // The widget's calls are told from the suite's own by this
                // (crate::backend::traffic).
                .user_agent(crate::backend::traffic::SUITE_USER_AGENT)
                .build()
                .unwrap_or_default(),
            api_url: api_url.trim_end_matches('/').to_owned(),
        }
    }

    fn mock_error(e: impl std::fmt::Display) -> SuiteError {
        SuiteError::Mock(e.to_string())
    }

    /// Sends an admin API request; an answer that is not a success is an error saying that
    /// `what` (e.g. "clearing faults") answered its status.
    async fn send_checked(
        &self,
        request: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<reqwest::Response> {
        let r = request.send().await.map_err(Self::mock_error)?;
        if r.status().is_success() {
            Ok(r)
        } else {
            Err(Self::mock_error(format!("{what} answered {}", r.status())))
        }
    }

    /// Creates a fresh workspace with the fixture contacts.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer as documented.
    pub async fn create_workspace(&self) -> Result<CreatedWorkspace> {
        let request = self.http.post(format!("{}/admin/workspaces", self.api_url));
        self.send_checked(request, "creating a workspace")
            .await?
            .json()
            .await
            .map_err(Self::mock_error)
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

    /// Makes the next `times` calls of `route` (every call until cleared, when `None`) misbehave
    /// (`{"status": 500}`, `{"drop": true}`, `{"delay_ms": 12000}`).
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

    /// Lets the oldest `count` answers of `route` that a `hold` fault is holding go on (all of
    /// them when `count` is `None`); returns how many it released.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API refuses.
    pub async fn release_held(&self, wid: &str, route: &str, count: Option<usize>) -> Result<u64> {
        let mut body = serde_json::json!({ "route": route });
        if let Some(count) = count {
            body["count"] = Value::from(count);
        }
        let answer = self
            .admin_post(&format!("{wid}/faults/release"), body)
            .await?;
        Ok(answer["released"].as_u64().unwrap_or(0))
    }

    /// Clears every fault of the workspace (and lets every held answer go).
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API refuses.
    pub async fn clear_faults(&self, wid: &str) -> Result<()> {
        let request = self
            .http
            .delete(format!("{}/admin/workspaces/{wid}/faults", self.api_url));
        self.send_checked(request, "clearing faults")
            .await
            .map(drop)
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
}
