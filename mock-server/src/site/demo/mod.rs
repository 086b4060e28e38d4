//! The demo customer site for people (`cargo run -p herodesk-mock`): pick a contact, "log in",
//! and see the widget pre-authenticated, with buttons for its methods and an agent console.
//! Like a real customer site, its server fetches the `auth_token` with the API key, which
//! never reaches the page (A5).

mod pages;

use axum::{
    Json,
    extract::State,
    http::{
        HeaderMap, StatusCode,
        header::{COOKIE, LOCATION, SET_COOKIE},
    },
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    admin_client::{AgentReplyError, post_agent_reply},
    token_client::fetch_auth_token,
};
use crate::{
    error::ApiError,
    extract::{ApiForm, ApiJson},
    request_owner::PathOwner,
    state::AppState,
};

/// The widget id of the demo workspace.
pub const DEMO_WIDGET_ID: &str = "demo";

/// The demo shop's paths, which belong to the demo workspace: the journal and the fault layer
/// file its requests under [`DEMO_WIDGET_ID`] (its URLs carry no `wid`).
pub const OWN_PATHS: &[PathOwner] = &[PathOwner {
    prefix: "/demo",
    widget_id: DEMO_WIDGET_ID,
}];

/// The cookie holding the signed-in contact's id (the demo's stand-in for a login session).
pub const USER_COOKIE: &str = "acme_demo_user";

/// `GET /`: the demo shop.
pub async fn root() -> Redirect {
    Redirect::to("/demo/")
}

/// `GET /demo/`: the contact picker, or the shop with the widget for the signed-in contact.
pub async fn shop(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    let ws = state.workspace(DEMO_WIDGET_ID)?;
    let Some(contact) = signed_in_id(&headers).and_then(|id| ws.contact_by_id(id)) else {
        return Ok(Html(pages::picker(&ws.contacts)));
    };
    let token = fetch_auth_token(&state.http, &state.api_url, &ws.api_key, &contact.email).await;
    Ok(Html(pages::shop(&pages::ShopPage {
        api_url: &state.api_url,
        contact,
        contacts: &ws.contacts,
        token: token.map_err(|e| e.to_string()),
    })))
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// The id of the contact to sign in as.
    pub contact_id: String,
}

/// `POST /demo/login`: signs in as the picked contact and goes to the shop.
pub async fn login(
    State(state): State<AppState>,
    ApiForm(form): ApiForm<LoginForm>,
) -> Result<Response, ApiError> {
    let ws = state.workspace(DEMO_WIDGET_ID)?;
    let contact = form
        .contact_id
        .trim()
        .parse()
        .ok()
        .and_then(|id| ws.contact_by_id(id))
        .ok_or_else(|| ApiError::BadRequest("pick one of the listed contacts".into()))?;
    let cookie = format!(
        "{USER_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
        contact.id
    );
    Ok(see_other("/demo/", &cookie))
}

/// `POST /demo/logout`: signs out. The widget's own cookies stay, as they would on a real
/// site; the next login with another contact makes the widget switch (C6).
pub async fn logout() -> Response {
    see_other(
        "/demo/",
        &format!("{USER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    )
}

/// Body of `POST /demo/agent-reply`.
#[derive(Debug, Deserialize)]
pub struct AgentReplyRequest {
    /// Conversation id.
    pub conversation: u64,
    /// The reply.
    pub body: String,
}

/// `POST /demo/agent-reply`: the demo's agent console; the site's server calls the admin API.
pub async fn agent_reply(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<AgentReplyRequest>,
) -> Result<Json<Value>, ApiError> {
    post_agent_reply(
        &state.http,
        &state.api_url,
        DEMO_WIDGET_ID,
        req.conversation,
        &req.body,
    )
    .await
    .map_err(|e| match e {
        AgentReplyError::Refused {
            status: 400,
            message,
        } => ApiError::BadRequest(message),
        AgentReplyError::Refused {
            status: 404,
            message,
        } => ApiError::NotFound(message),
        other => ApiError::BadGateway(other.to_string()),
    })?;
    Ok(Json(json!({ "sent": true })))
}

fn see_other(location: &str, cookie: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (LOCATION, location.to_owned()),
            (SET_COOKIE, cookie.to_owned()),
        ],
    )
        .into_response()
}

/// The contact id in the demo's login cookie.
fn signed_in_id(headers: &HeaderMap) -> Option<u64> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == USER_COOKIE)
        .and_then(|(_, value)| value.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            "a=b; acme_demo_user=123; herodesk_x=1"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(signed_in_id(&headers), Some(123));
        headers.insert(
            COOKIE,
            "acme_demo_user=abc"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(signed_in_id(&headers), None);
    }
}
