//! Fault injection through the admin API: `POST` adds a fault to one route of one workspace,
//! `GET` lists them, `DELETE` clears them (and releases held answers), `POST …/release`
//! releases answers a `hold` fault is holding.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiPath},
    faults::{Fault, FaultSpec},
    routes::openapi::operations,
    state::AppState,
};

/// `POST /admin/workspaces/{wid}/faults`: `{route, status?, delay_ms?, drop?, times?}`.
/// Only the documented API routes (those in `/openapi.json`) can be faulted, so a typo in a
/// route is refused instead of silently never firing.
pub async fn add(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
    ApiJson(spec): ApiJson<FaultSpec>,
) -> Result<(StatusCode, Json<Fault>), ApiError> {
    let ws = state.workspace(&wid)?;
    let fault = Fault::from_spec(spec).map_err(ApiError::BadRequest)?;
    let known = operations();
    if !known.contains(&fault.route) {
        return Err(ApiError::BadRequest(format!(
            "`{}` is not a route that can be faulted; these can: {}",
            fault.route.chars().take(200).collect::<String>(),
            known.join(", ")
        )));
    }
    ws.faults.add(fault.clone());
    Ok((StatusCode::CREATED, Json(fault)))
}

/// `GET /admin/workspaces/{wid}/faults`: the faults in force, oldest first.
pub async fn list(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
) -> Result<Json<Vec<Fault>>, ApiError> {
    Ok(Json(state.workspace(&wid)?.faults.list()))
}

/// `DELETE /admin/workspaces/{wid}/faults`: clears the workspace's faults.
pub async fn clear(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.workspace(&wid)?.faults.clear();
    Ok(StatusCode::NO_CONTENT)
}

/// What `POST /admin/workspaces/{wid}/faults/release` asks for: which held answers to let go.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseSpec {
    /// `METHOD /route-template`; every route when absent.
    pub route: Option<String>,
    /// The oldest `count` held answers; all of them when absent.
    pub count: Option<usize>,
}

/// What a release did.
#[derive(Debug, Serialize)]
pub struct Released {
    /// How many held answers it released.
    pub released: usize,
    /// How many are still held (of the route asked for, or of every route).
    pub still_held: usize,
}

/// `POST /admin/workspaces/{wid}/faults/release`: `{route?, count?}` lets the oldest held
/// answers go on (as their fault says: normally, or with its status or drop).
pub async fn release(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
    ApiJson(spec): ApiJson<ReleaseSpec>,
) -> Result<Json<Released>, ApiError> {
    let ws = state.workspace(&wid)?;
    let route = spec
        .route
        .as_deref()
        .map(|r| match r.trim().split_once(' ') {
            Some((method, path)) => format!("{} {}", method.to_ascii_uppercase(), path.trim()),
            None => r.to_owned(),
        });
    if spec.count == Some(0) {
        return Err(ApiError::BadRequest(
            "`count` must be at least 1 (leave it out for all)".into(),
        ));
    }
    let released = ws.faults.release(route.as_deref(), spec.count);
    Ok(Json(Released {
        released,
        still_held: ws.faults.held(route.as_deref()),
    }))
}
