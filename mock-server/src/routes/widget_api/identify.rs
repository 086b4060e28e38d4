//! `POST /widget/v1/identify`: the backend, not the page, verifies the `auth_token` (B4).

use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{IdentifyResponse, WidgetQuery, WidgetWorkspace};
use crate::{
    auth_token::{is_valid_email, verify_auth_token},
    error::{ApiError, ErrorBody},
    extract::ApiJson,
    profiles::SuppliedName,
};

/// Body of `POST /widget/v1/identify`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IdentifyRequest {
    /// The email `boot` was given.
    pub email: String,
    /// `firstname` from `boot` (D4).
    #[serde(default)]
    pub firstname: Option<String>,
    /// `lastname` from `boot` (D4).
    #[serde(default)]
    pub lastname: Option<String>,
    /// The `auth_token` from `boot`, if any (B1–B4).
    #[serde(default)]
    pub auth_token: Option<String>,
}

/// Identifies the contact `boot` named; verified only with a valid `auth_token`.
#[utoipa::path(
    post,
    path = "/widget/v1/identify",
    tag = "widget",
    params(WidgetQuery),
    request_body = IdentifyRequest,
    responses(
        (status = 200, description = "The contact; `verification_token` only when verified", body = IdentifyResponse),
        (status = 400, description = "Malformed email or body, or no `wid`", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn identify(
    WidgetWorkspace(workspace): WidgetWorkspace,
    ApiJson(req): ApiJson<IdentifyRequest>,
) -> Result<Json<IdentifyResponse>, ApiError> {
    if !is_valid_email(&req.email) {
        return Err(ApiError::BadRequest(
            "`email` is not a valid email address".into(),
        ));
    }
    let verified = req
        .auth_token
        .as_deref()
        .is_some_and(|t| verify_auth_token(&workspace.identity_secret, &req.email, t));
    workspace.data().profiles.supply(
        &req.email,
        SuppliedName::new(req.firstname.as_deref(), req.lastname.as_deref()),
    );
    Ok(Json(IdentifyResponse::new(
        &workspace, &req.email, verified,
    )))
}
