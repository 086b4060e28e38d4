//! The widget-facing API that `livechat.js` calls from the browser (CORS open to host pages).
//! The contract is documented in `docs/widget-api.md`; one module per part of it.

pub mod conversations;
pub mod identify;
pub mod session;
pub mod verification;

use std::sync::Arc;

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    auth_token::{normalize_email, verification_token},
    error::ApiError,
    extract::ApiQuery,
    state::AppState,
    workspace::Workspace,
};

/// `?wid=` on every widget-facing call: which workspace the widget belongs to.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WidgetQuery {
    /// The widget id.
    pub wid: String,
}

/// The workspace `?wid=` names, looked up once for every widget-facing handler: a missing or
/// malformed `wid` is a 400, a `wid` no workspace has a 404. Read from the query alone, so it
/// answers before the body is read.
#[derive(Debug, Clone)]
pub struct WidgetWorkspace(pub Arc<Workspace>);

impl FromRequestParts<AppState> for WidgetWorkspace {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiQuery(WidgetQuery { wid }) =
            ApiQuery::<WidgetQuery>::from_request_parts(parts, state).await?;
        state.workspace(&wid).map(Self)
    }
}

/// The session headers every call after identify carries (documentation only; the
/// [`crate::session::Session`] extractor reads them).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct SessionHeaders {
    /// The `contact_uuid` identify answered.
    #[serde(rename = "X-Herodesk-Contact")]
    #[param(rename = "X-Herodesk-Contact")]
    pub contact: String,
    /// The `verification_token` identify (or verification confirm) answered.
    #[serde(rename = "X-Herodesk-Verification")]
    #[param(rename = "X-Herodesk-Verification")]
    pub verification: String,
}

/// Who the contact is, as identify and verification confirm answer it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct IdentifyResponse {
    /// Stable id of the contact in this workspace (`herodesk-chat-contact_uuid`).
    pub contact_uuid: String,
    /// The email, normalised (trimmed, lower-cased).
    pub email: String,
    /// Display name the widget shows: the names supplied through identify, else the stored
    /// name, else empty. Exactly as stored: it may contain `<`, `&` and quotes.
    pub name: String,
    /// True when the contact proved the email: a valid `auth_token` (B1) or a confirmed
    /// verification code; false otherwise (B2, B3).
    pub verified: bool,
    /// Issued only to a verified contact; the widget keeps it in `herodesk_contact_verified`
    /// and presents it on every later request.
    pub verification_token: Option<String>,
}

impl IdentifyResponse {
    /// The answer for `email` in `workspace`; remembers the uuid for session checks.
    pub fn new(workspace: &Workspace, email: &str, verified: bool) -> Self {
        let contact_uuid = workspace.contact_uuid(email);
        workspace.data().profiles.remember(&contact_uuid, email);
        Self {
            verification_token: verified.then(|| {
                verification_token(
                    &workspace.server_secret,
                    &workspace.widget_id,
                    &contact_uuid,
                )
            }),
            contact_uuid,
            email: normalize_email(email),
            name: workspace.display_name(email),
            verified,
        }
    }
}
