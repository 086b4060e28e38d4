//! The journal through the admin API: what the workspace's requests were, how many per route,
//! and forgetting them.

use std::collections::BTreeMap;

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;

use crate::{
    error::ApiError,
    extract::{ApiPath, ApiQuery},
    journal::{Entry, Filter},
    state::AppState,
};

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
    state.workspace(&wid)?;
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
    ApiPath(wid): ApiPath<String>,
    ApiQuery(q): ApiQuery<JournalQuery>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    let filter = filter_for(&state, wid, q)?;
    Ok(Json(state.journal.entries(&filter)))
}

/// `GET /admin/workspaces/{wid}/journal/counts`: number of requests per route.
pub async fn journal_counts(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
    ApiQuery(q): ApiQuery<JournalQuery>,
) -> Result<Json<BTreeMap<String, usize>>, ApiError> {
    let filter = filter_for(&state, wid, q)?;
    Ok(Json(state.journal.counts(&filter)))
}

/// `DELETE /admin/workspaces/{wid}/journal`: forget the workspace's requests.
pub async fn reset_journal(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
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
