//! `POST /admin/workspaces`: each scenario makes its own workspace, so scenarios that run at
//! the same time never see each other's contacts, conversations, journal or faults.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};

use crate::state::AppState;

/// A created workspace, with everything a test needs to use it.
#[derive(Debug, Serialize, Deserialize)]
pub struct CreatedWorkspace {
    /// Widget id.
    pub widget_id: String,
    /// REST API key.
    pub api_key: String,
    /// Identity secret (`auth_token`s).
    pub identity_secret: String,
    /// Base URL of this workspace's pages on the host site.
    pub site_url: String,
    /// Base URL of the Herodesk API.
    pub api_url: String,
}

/// `POST /admin/workspaces`: a fresh workspace with the fixture contacts.
pub async fn create_workspace(
    State(state): State<AppState>,
) -> (StatusCode, Json<CreatedWorkspace>) {
    let ws = state.workspaces.create();
    (
        StatusCode::CREATED,
        Json(CreatedWorkspace {
            site_url: format!("{}/w/{}/", state.site_url, ws.widget_id),
            api_url: state.api_url.clone(),
            widget_id: ws.widget_id.clone(),
            api_key: ws.api_key.clone(),
            identity_secret: ws.identity_secret.clone(),
        }),
    )
}
