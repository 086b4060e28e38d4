//! The standard email verification flow for a contact that is not verified (B2, B3):
//! start sends a 6-digit code, confirm trades it for a verified identity.

use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{IdentifyResponse, WidgetQuery, WidgetWorkspace};
use crate::{
    auth_token::is_valid_email,
    error::{ApiError, ErrorBody},
    extract::ApiJson,
};

/// Body of `POST /widget/v1/verification/start`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// The address to send the code to.
    pub email: String,
}

/// Answer of `POST /widget/v1/verification/start`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StartResponse {
    /// Always true: the code was "emailed" (read it through the admin API).
    pub sent: bool,
}

/// Body of `POST /widget/v1/verification/confirm`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConfirmRequest {
    /// The address the code was sent to.
    pub email: String,
    /// The 6 digits, as text.
    pub code: String,
}

fn check_email(email: &str) -> Result<(), ApiError> {
    if is_valid_email(email) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(
            "`email` is not a valid email address".into(),
        ))
    }
}

/// "Emails" a fresh 6-digit code to the address, replacing any earlier one.
#[utoipa::path(
    post,
    path = "/widget/v1/verification/start",
    tag = "widget",
    params(WidgetQuery),
    request_body = StartRequest,
    responses(
        (status = 200, description = "The code was sent", body = StartResponse),
        (status = 400, description = "Malformed email or body", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn start(
    WidgetWorkspace(workspace): WidgetWorkspace,
    ApiJson(req): ApiJson<StartRequest>,
) -> Result<Json<StartResponse>, ApiError> {
    check_email(&req.email)?;
    workspace
        .data()
        .codes
        .issue(&workspace.server_secret, &req.email);
    Ok(Json(StartResponse { sent: true }))
}

/// Trades the right code for a verified identity; a wrong code is refused (and five wrong
/// codes void it).
#[utoipa::path(
    post,
    path = "/widget/v1/verification/confirm",
    tag = "widget",
    params(WidgetQuery),
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Verified: the identify answer with `verified: true`", body = IdentifyResponse),
        (status = 400, description = "Malformed email or body", body = ErrorBody),
        (status = 403, description = "Wrong, used or voided code", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn confirm(
    WidgetWorkspace(workspace): WidgetWorkspace,
    ApiJson(req): ApiJson<ConfirmRequest>,
) -> Result<Json<IdentifyResponse>, ApiError> {
    check_email(&req.email)?;
    if !workspace.data().codes.confirm(&req.email, &req.code) {
        return Err(ApiError::Forbidden(
            "that code is not right; ask for a new one if it expired".into(),
        ));
    }
    Ok(Json(IdentifyResponse::new(&workspace, &req.email, true)))
}
