//! The contact's conversations: list, fetch, write, mark read, and the unread count the widget
//! polls (G3). Every handler takes a [`Session`], so the verification token is checked on
//! every call, and answers another contact's conversation exactly as a missing one (F4).

use axum::{Json, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{SessionHeaders, WidgetQuery};
use crate::{
    conversations::{ConversationDetail, ConversationSummary, StoredMessage},
    error::{ApiError, ErrorBody},
    extract::{ApiJson, ApiPath},
    session::Session,
};

/// The longest message the API takes, in characters.
pub const MAX_MESSAGE_CHARS: usize = 10_000;

/// Body of `POST /widget/v1/conversations/{id}/messages`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMessage {
    /// The text; not blank, at most 10000 characters. Stored exactly as sent.
    pub body: String,
}

/// Answer of the unread count and of mark read.
#[derive(Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct UnreadCount {
    /// Number of the contact's conversations with an unread agent reply.
    pub unread_count: usize,
}

// Deliberately one body for "not yours" and "does not exist" (F4 resolution), and for an id
// that is not even a number: nothing in the answer tells them apart.
fn no_such_conversation() -> ApiError {
    ApiError::NotFound("no such conversation".into())
}

fn parse_id(raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|_| no_such_conversation())
}

/// The contact's own conversations.
#[utoipa::path(
    get,
    path = "/widget/v1/conversations",
    tag = "widget",
    params(WidgetQuery, SessionHeaders),
    responses(
        (status = 200, description = "The contact's conversations", body = [ConversationSummary]),
        (status = 400, description = "No `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn list(session: Session) -> Json<Vec<ConversationSummary>> {
    Json(
        session
            .workspace
            .data()
            .conversations
            .owned_by(&session.contact_uuid),
    )
}

/// One of the contact's conversations with its messages.
#[utoipa::path(
    get,
    path = "/widget/v1/conversations/{id}",
    tag = "widget",
    params(("id" = String, Path, description = "Conversation id"), WidgetQuery, SessionHeaders),
    responses(
        (status = 200, description = "The conversation", body = ConversationDetail),
        (status = 400, description = "No `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "Not the contact's, or no such conversation: the same body (or no such workspace)", body = ErrorBody),
    )
)]
pub async fn fetch(
    session: Session,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let id = parse_id(&id)?;
    session
        .workspace
        .data()
        .conversations
        .owned(id, &session.contact_uuid)
        .map(Json)
        .ok_or_else(no_such_conversation)
}

/// The contact writes in their own conversation.
#[utoipa::path(
    post,
    path = "/widget/v1/conversations/{id}/messages",
    tag = "widget",
    params(("id" = String, Path, description = "Conversation id"), WidgetQuery, SessionHeaders),
    request_body = NewMessage,
    responses(
        (status = 201, description = "The stored message", body = StoredMessage),
        (status = 400, description = "Blank or too long body, malformed JSON, or no `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "Not the contact's, or no such conversation: the same body (or no such workspace)", body = ErrorBody),
    )
)]
pub async fn send_message(
    session: Session,
    ApiPath(id): ApiPath<String>,
    ApiJson(message): ApiJson<NewMessage>,
) -> Result<(StatusCode, Json<StoredMessage>), ApiError> {
    let id = parse_id(&id)?;
    if message.body.trim().is_empty() {
        return Err(ApiError::BadRequest("`body` must not be blank".into()));
    }
    if message.body.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::BadRequest(format!(
            "`body` must be at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    session
        .workspace
        .data()
        .conversations
        .contact_writes(id, &session.contact_uuid, message.body)
        .map(|m| (StatusCode::CREATED, Json(m)))
        .ok_or_else(no_such_conversation)
}

/// Marks the contact's conversation read; answers the new unread count.
#[utoipa::path(
    post,
    path = "/widget/v1/conversations/{id}/read",
    tag = "widget",
    params(("id" = String, Path, description = "Conversation id"), WidgetQuery, SessionHeaders),
    responses(
        (status = 200, description = "The unread count after reading", body = UnreadCount),
        (status = 400, description = "No `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "Not the contact's, or no such conversation: the same body (or no such workspace)", body = ErrorBody),
    )
)]
pub async fn mark_read(
    session: Session,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<UnreadCount>, ApiError> {
    let id = parse_id(&id)?;
    let mut data = session.workspace.data();
    data.conversations
        .mark_read(id, &session.contact_uuid)
        .ok_or_else(no_such_conversation)?;
    Ok(Json(UnreadCount {
        unread_count: data.conversations.unread_count(&session.contact_uuid),
    }))
}

/// The number of the contact's conversations with an unread agent reply; the widget polls it.
#[utoipa::path(
    get,
    path = "/widget/v1/unread",
    tag = "widget",
    params(WidgetQuery, SessionHeaders),
    responses(
        (status = 200, description = "The unread count", body = UnreadCount),
        (status = 400, description = "No `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn unread(session: Session) -> Json<UnreadCount> {
    Json(UnreadCount {
        unread_count: session
            .workspace
            .data()
            .conversations
            .unread_count(&session.contact_uuid),
    })
}
