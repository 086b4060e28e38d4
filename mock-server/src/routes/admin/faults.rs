//! Fault injection through the admin API: `POST` adds a fault to one route of one workspace,
//! `GET` lists them, `DELETE` clears them.

use axum::{Json, extract::State, http::StatusCode};

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
