//! The state both servers share.

use std::sync::Arc;

use crate::{
    error::ApiError,
    journal::Journal,
    workspace::{Workspace, Workspaces},
};

/// Shared by every handler of the API server and the host site.
#[derive(Debug, Clone)]
pub struct AppState {
    /// All workspaces.
    pub workspaces: Workspaces,
    /// Every request either server received.
    pub journal: Journal,
    /// The widget build served as `/livechat.js`.
    pub widget_script: Arc<str>,
    /// Public base URL of the Herodesk API (and script) origin, e.g. `http://127.0.0.1:4100`.
    pub api_url: String,
    /// Public base URL of the customer's host site origin, e.g. `http://localhost:4101`.
    pub site_url: String,
    /// The host site's own HTTP client, for its server-side calls to the Herodesk API.
    pub http: reqwest::Client,
    /// Deliberate defects (see [`crate::defects`]); empty in every normal run.
    pub defects: Arc<crate::defects::Defects>,
}

impl AppState {
    /// Fresh state with no workspaces and an empty journal.
    pub fn new(widget_script: &str, api_url: String, site_url: String) -> Self {
        Self {
            workspaces: Workspaces::default(),
            journal: Journal::default(),
            widget_script: Arc::from(widget_script),
            api_url,
            site_url,
            http: reqwest::Client::builder()
                .user_agent("acme-shop-server/1.0 (host site)")
                .build()
                .unwrap_or_default(),
            defects: Arc::default(),
        }
    }

    /// The workspace with widget id `wid`.
    ///
    /// # Errors
    /// [`ApiError::NotFound`] when there is none.
    pub fn workspace(&self, wid: &str) -> Result<Arc<Workspace>, ApiError> {
        self.workspaces.get(wid).ok_or_else(|| {
            ApiError::NotFound(format!(
                "no workspace with widget id `{}`",
                wid.chars().take(100).collect::<String>()
            ))
        })
    }
}
