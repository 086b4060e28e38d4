//! The widget session: every widget-facing call after identify carries the contact uuid and
//! the verification token the backend issued, and the backend checks the token every time
//! (spec C resolution, H3). A cookie the widget cached is a shortcut, never authority.

use std::sync::Arc;

use axum::{extract::FromRequestParts, http::request::Parts};

use crate::{
    auth_token::verify_verification_token, error::ApiError, routes::widget_api::WidgetWorkspace,
    state::AppState, workspace::Workspace,
};

/// Header naming the contact the session is for.
pub const CONTACT_HEADER: &str = "x-herodesk-contact";
/// Header carrying the verification token issued to that contact.
pub const VERIFICATION_HEADER: &str = "x-herodesk-verification";

/// A checked session: the workspace of `?wid=` and the contact whose token was presented.
#[derive(Debug, Clone)]
pub struct Session {
    /// The workspace.
    pub workspace: Arc<Workspace>,
    /// The contact the verification token was issued to.
    pub contact_uuid: String,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let WidgetWorkspace(workspace) = WidgetWorkspace::from_request_parts(parts, state).await?;
        let header = |name| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let (Some(contact_uuid), Some(token)) =
            (header(CONTACT_HEADER), header(VERIFICATION_HEADER))
        else {
            return Err(unauthorized());
        };
        if !verify_verification_token(
            &workspace.server_secret,
            &workspace.widget_id,
            contact_uuid,
            token,
        ) {
            return Err(unauthorized());
        }
        Ok(Self {
            contact_uuid: contact_uuid.to_owned(),
            workspace,
        })
    }
}

// One message for every refusal, so the answer does not tell a missing header from a forged
// token from another contact's token.
fn unauthorized() -> ApiError {
    ApiError::Unauthorized(
        "a valid X-Herodesk-Contact and X-Herodesk-Verification pair is required".into(),
    )
}
