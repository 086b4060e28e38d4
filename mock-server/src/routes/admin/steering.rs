//! Steering a workspace as its support team and its mail server would: look a contact up,
//! post an agent reply, read the verification code that was "emailed".

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};

use crate::{
    auth_token::normalize_email,
    conversations::StoredMessage,
    error::ApiError,
    extract::{ApiJson, ApiPath, ApiQuery},
    profiles::SuppliedName,
    state::AppState,
};

/// `?email=` of the contact and verification-code lookups.
#[derive(Debug, Deserialize)]
pub struct EmailQuery {
    /// The contact's email; compared trimmed and case-insensitively.
    pub email: Option<String>,
}

/// A contact as the backend knows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ContactRecord {
    /// Numeric id, for contacts the customer stored; `None` for one only seen through identify.
    pub contact_id: Option<u64>,
    /// The email, as stored (or normalised, for a contact only seen through identify).
    pub email: String,
    /// The uuid the widget-facing API gives this contact.
    pub contact_uuid: String,
    /// The name the widget shows (supplied names first).
    pub name: String,
    /// The name the customer stored, if any.
    pub stored_name: Option<String>,
    /// Names supplied through identify (D4), if any.
    pub supplied: Option<SuppliedName>,
    /// The contact's conversation ids.
    pub conversations: Vec<u64>,
}

/// One contact (`?email=`) or every stored contact (no `email`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContactsAnswer {
    /// The contact with the email asked for.
    One(ContactRecord),
    /// Every contact the customer stored.
    All(Vec<ContactRecord>),
}

/// `GET /admin/workspaces/{wid}/contacts[?email=]`: one contact, or every stored contact.
pub async fn contacts(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
    ApiQuery(q): ApiQuery<EmailQuery>,
) -> Result<Json<ContactsAnswer>, ApiError> {
    let ws = state.workspace(&wid)?;
    let record = |email: &str| {
        let stored = ws.contact_by_email(email);
        let data = ws.data();
        let supplied = data.profiles.get(email).cloned();
        let seen = data.profiles.email_of(&ws.contact_uuid(email)).is_some();
        (stored.is_some() || supplied.is_some() || seen).then(|| ContactRecord {
            contact_id: stored.map(|c| c.id),
            email: stored.map_or_else(|| normalize_email(email), |c| c.email.clone()),
            contact_uuid: ws.contact_uuid(email),
            name: supplied
                .as_ref()
                .and_then(SuppliedName::full_name)
                .or_else(|| stored.map(|c| c.name.clone()))
                .unwrap_or_default(),
            stored_name: stored.map(|c| c.name.clone()),
            supplied,
            conversations: data.conversations.ids_of_email(email),
        })
    };
    match q.email {
        Some(email) => record(&email)
            .map(|r| Json(ContactsAnswer::One(r)))
            .ok_or_else(|| ApiError::NotFound("no contact with that email".into())),
        None => Ok(Json(ContactsAnswer::All(
            ws.contacts
                .iter()
                .filter_map(|c| record(&c.email))
                .collect(),
        ))),
    }
}

/// Body of an agent reply.
#[derive(Debug, Deserialize)]
pub struct AgentReply {
    /// The reply, stored exactly as given.
    pub body: String,
}

/// `POST /admin/workspaces/{wid}/conversations/{id}/agent-replies`: an agent replies; the
/// conversation becomes unread for its owner (G3).
pub async fn agent_reply(
    State(state): State<AppState>,
    ApiPath((wid, id)): ApiPath<(String, String)>,
    ApiJson(reply): ApiJson<AgentReply>,
) -> Result<(StatusCode, Json<StoredMessage>), ApiError> {
    let ws = state.workspace(&wid)?;
    let not_found = || ApiError::NotFound(format!("no conversation `{id}` in this workspace"));
    let id_number: u64 = id.parse().map_err(|_| not_found())?;
    if reply.body.trim().is_empty() {
        return Err(ApiError::BadRequest("`body` must not be blank".into()));
    }
    let message = ws
        .data()
        .conversations
        .agent_replies(id_number, reply.body)
        .ok_or_else(not_found)?;
    Ok((StatusCode::CREATED, Json(message)))
}

/// The last code sent to an address.
#[derive(Debug, Serialize, Deserialize)]
pub struct CodeAnswer {
    /// Six digits.
    pub code: String,
}

/// `GET /admin/workspaces/{wid}/verification-codes?email=`: the last code "emailed" there.
pub async fn verification_code(
    State(state): State<AppState>,
    ApiPath(wid): ApiPath<String>,
    ApiQuery(q): ApiQuery<EmailQuery>,
) -> Result<Json<CodeAnswer>, ApiError> {
    let ws = state.workspace(&wid)?;
    let email = q
        .email
        .ok_or_else(|| ApiError::BadRequest("`email` is required".into()))?;
    ws.data()
        .codes
        .last_sent(&email)
        .map(|code| {
            Json(CodeAnswer {
                code: code.to_owned(),
            })
        })
        .ok_or_else(|| ApiError::NotFound("no code was sent to that address".into()))
}
