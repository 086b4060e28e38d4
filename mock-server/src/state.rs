//! The state both servers share.

use std::sync::Arc;

use crate::{journal::Journal, workspace::Workspaces};

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
    /// The host site's own HTTP client, for its server-side call to the REST API.
    pub http: reqwest::Client,
}
