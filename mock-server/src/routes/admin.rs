//! The admin API: for the suite and for people, never for the widget. Not journaled itself,
//! so reading the journal does not change it.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};

use crate::{
    error::ApiError,
    extract::ApiQuery,
    journal::{Entry, Filter},
    state::AppState,
};

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

/// Journal query parameters.
#[derive(Debug, Deserialize)]
pub struct JournalQuery {
    /// Only this route, e.g. `POST /widget/v1/identify`.
    pub route: Option<String>,
    /// Only entries at or after this time (ms since epoch).
    pub since_ms: Option<u64>,
    /// Only entries after this sequence number.
    pub after_seq: Option<u64>,
}

fn filter_for(state: &AppState, wid: String, q: JournalQuery) -> Result<Filter, ApiError> {
    if state.workspaces.get(&wid).is_none() {
        return Err(ApiError::NotFound(format!(
            "no workspace with widget id `{wid}`"
        )));
    }
    Ok(Filter {
        workspace: Some(wid),
        route: q.route,
        since_ms: q.since_ms,
        after_seq: q.after_seq,
    })
}

/// `GET /admin/workspaces/{wid}/journal`: the workspace's requests, oldest first.
pub async fn journal(
    State(state): State<AppState>,
    Path(wid): Path<String>,
    ApiQuery(q): ApiQuery<JournalQuery>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    let filter = filter_for(&state, wid, q)?;
    Ok(Json(state.journal.entries(&filter)))
}

/// `GET /admin/workspaces/{wid}/journal/counts`: number of requests per route.
pub async fn journal_counts(
    State(state): State<AppState>,
    Path(wid): Path<String>,
    ApiQuery(q): ApiQuery<JournalQuery>,
) -> Result<Json<BTreeMap<String, usize>>, ApiError> {
    let filter = filter_for(&state, wid, q)?;
    Ok(Json(state.journal.counts(&filter)))
}

/// `DELETE /admin/workspaces/{wid}/journal`: forget the workspace's requests.
pub async fn reset_journal(
    State(state): State<AppState>,
    Path(wid): Path<String>,
) -> Result<StatusCode, ApiError> {
    filter_for(
        &state,
        wid.clone(),
        JournalQuery {
            route: None,
            since_ms: None,
            after_seq: None,
        },
    )?;
    state.journal.reset(Some(&wid));
    Ok(StatusCode::NO_CONTENT)
}
