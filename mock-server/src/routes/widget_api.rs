//! The widget-facing API that `livechat.js` calls from the browser (CORS open to host pages).
//! The contract is documented in `docs/widget-api.md`.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};

use crate::{
    auth_token::{is_valid_email, normalize_email, verification_token, verify_auth_token},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    state::AppState,
};

/// `?wid=` on every widget-facing call: which workspace the widget belongs to.
#[derive(Debug, Deserialize)]
pub struct WidgetQuery {
    /// The widget id.
    pub wid: String,
}

/// Body of `POST /widget/v1/identify`.
#[derive(Debug, Deserialize)]
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

/// Answer of `POST /widget/v1/identify`.
#[derive(Debug, Serialize, Deserialize)]
pub struct IdentifyResponse {
    /// Stable id of the contact in this workspace (`herodesk-chat-contact_uuid`).
    pub contact_uuid: String,
    /// The email, normalised.
    pub email: String,
    /// Display name the widget shows.
    pub name: String,
    /// True when the `auth_token` was valid for this email (B1); false otherwise (B2, B3).
    pub verified: bool,
    /// Issued only to a verified contact; the widget keeps it in `herodesk_contact_verified`
    /// and presents it on every later request.
    pub verification_token: Option<String>,
}

/// `POST /widget/v1/identify?wid=…`: the backend verifies the `auth_token` (B4).
pub async fn identify(
    State(state): State<AppState>,
    ApiQuery(WidgetQuery { wid }): ApiQuery<WidgetQuery>,
    ApiJson(req): ApiJson<IdentifyRequest>,
) -> Result<Json<IdentifyResponse>, ApiError> {
    let workspace = state
        .workspaces
        .get(&wid)
        .ok_or_else(|| ApiError::NotFound(format!("no workspace with widget id `{wid}`")))?;
    if !is_valid_email(&req.email) {
        return Err(ApiError::BadRequest(
            "`email` is not a valid email address".into(),
        ));
    }
    let verified = req
        .auth_token
        .as_deref()
        .is_some_and(|t| verify_auth_token(&workspace.identity_secret, &req.email, t));
    let uuid = workspace.contact_uuid(&req.email);
    let supplied_name = [req.firstname.as_deref(), req.lastname.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = match workspace.contact_by_email(&req.email) {
        _ if !supplied_name.is_empty() => supplied_name,
        Some(contact) => contact.name.clone(),
        None => String::new(),
    };
    Ok(Json(IdentifyResponse {
        verification_token: verified
            .then(|| verification_token(&workspace.server_secret, &workspace.widget_id, &uuid)),
        contact_uuid: uuid,
        email: normalize_email(&req.email),
        name,
        verified,
    }))
}
