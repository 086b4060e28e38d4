//! `GET /widget/v1/session`: checks a cached session, so a widget can confirm its cookies
//! still stand without identifying again (the cookie is a shortcut; the backend decides).

use axum::Json;

use super::{IdentifyResponse, SessionHeaders, WidgetQuery};
use crate::{error::ErrorBody, session::Session};

/// Who the session is for, with `verified: true` and the presented token.
#[utoipa::path(
    get,
    path = "/widget/v1/session",
    tag = "widget",
    params(WidgetQuery, SessionHeaders),
    responses(
        (status = 200, description = "The session stands: the identify answer", body = IdentifyResponse),
        (status = 400, description = "No `wid`", body = ErrorBody),
        (status = 401, description = "Missing, forged or foreign session", body = ErrorBody),
        (status = 404, description = "No such workspace", body = ErrorBody),
    )
)]
pub async fn check(session: Session) -> Json<IdentifyResponse> {
    let ws = &session.workspace;
    let email = ws
        .data()
        .profiles
        .email_of(&session.contact_uuid)
        .map(str::to_owned);
    let email = email.or_else(|| {
        // A uuid the backend issued before a restart of this workspace's data: the fixture
        // contacts can still be told from their uuid.
        ws.contacts
            .iter()
            .find(|c| ws.contact_uuid(&c.email) == session.contact_uuid)
            .map(|c| c.email.clone())
    });
    match email {
        Some(email) => Json(IdentifyResponse::new(ws, &email, true)),
        // The token is valid, so the backend made it, yet no email is known: answer the uuid.
        None => Json(IdentifyResponse {
            verification_token: Some(crate::auth_token::verification_token(
                &ws.server_secret,
                &ws.widget_id,
                &session.contact_uuid,
            )),
            contact_uuid: session.contact_uuid,
            email: String::new(),
            name: String::new(),
            verified: true,
        }),
    }
}
