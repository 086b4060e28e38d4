//! The REST API a customer's server calls: `GET /v1/contacts/chat-auth-token` (spec A1–A5).
//! No CORS headers are sent here, so a browser page cannot call it cross-origin (A5).

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    auth_token::{auth_token, is_valid_email},
    defects::Defect,
    error::{ApiError, ErrorBody},
    extract::{ApiQuery, BearerKey},
    state::AppState,
};

/// Query of the token endpoint: exactly one of `email` and `id`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Look the contact up by email (A1).
    #[param(example = "john@example.com")]
    pub email: Option<String>,
    /// Look the contact up by numeric id (A2); kept as text so a non-number is a clear 400.
    #[param(value_type = Option<u64>, example = 123)]
    pub id: Option<String>,
}

/// The documented response (A1).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
pub struct ChatAuthToken {
    /// Numeric contact id.
    pub contact_id: u64,
    /// The contact's email as stored.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Lowercase hex HMAC-SHA256 (A4).
    pub auth_token: String,
}

/// `GET /v1/contacts/chat-auth-token?email=…|id=…` with `Authorization: Bearer <key>`.
#[utoipa::path(
    get,
    path = "/v1/contacts/chat-auth-token",
    tag = "rest",
    params(TokenQuery),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The contact and its `auth_token`", body = ChatAuthToken),
        (status = 400, description = "Both or neither of `email` and `id`, a malformed email, or a non-numeric id", body = ErrorBody),
        (status = 401, description = "Missing, malformed or wrong API key", body = ErrorBody),
        (status = 404, description = "No such contact", body = ErrorBody),
    )
)]
pub async fn chat_auth_token(
    State(state): State<AppState>,
    BearerKey(key): BearerKey,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> Result<Json<ChatAuthToken>, ApiError> {
    let workspace = state.workspaces.by_api_key(&key).ok_or_else(|| {
        if state.defects.contains(&Defect::A3WrongKeyForbidden) {
            ApiError::Forbidden("the API key is not valid".into())
        } else {
            ApiError::Unauthorized("the API key is not valid".into())
        }
    })?;
    let contact = match (query.email.as_deref(), query.id.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(ApiError::BadRequest(
                "give either `email` or `id`, not both".into(),
            ));
        }
        (None, None) => {
            return Err(ApiError::BadRequest(
                "one of `email` or `id` is required".into(),
            ));
        }
        (Some(email), None) => {
            if !is_valid_email(email) {
                return Err(ApiError::BadRequest(format!(
                    "`{}` is not a valid email address",
                    email.chars().take(100).collect::<String>()
                )));
            }
            workspace
                .contact_by_email(email)
                .ok_or_else(|| ApiError::NotFound("no contact with that email".into()))?
        }
        (None, Some(_)) if state.defects.contains(&Defect::A2IdUnsupported) => {
            return Err(ApiError::BadRequest(
                "look-up by id is not supported".into(),
            ));
        }
        (None, Some(id)) => {
            let id: u64 = id
                .trim()
                .parse()
                .map_err(|_| ApiError::BadRequest("`id` must be a positive whole number".into()))?;
            workspace
                .contact_by_id(id)
                .ok_or_else(|| ApiError::NotFound(format!("no contact with id {id}")))?
        }
    };
    let mut answer = ChatAuthToken {
        contact_id: contact.id,
        email: contact.email.clone(),
        name: contact.name.clone(),
        auth_token: auth_token(&workspace.identity_secret, &contact.email),
    };
    if state.defects.contains(&Defect::A1WrongName) {
        answer.name = answer.email.clone();
    }
    if state.defects.contains(&Defect::A4UppercaseToken) {
        answer.auth_token = answer.auth_token.to_uppercase();
    }
    Ok(Json(answer))
}
