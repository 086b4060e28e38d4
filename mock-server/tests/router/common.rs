//! What every router test needs: a fresh mock state with one workspace, and a way to send a
//! request and read the answer.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
};
use herodesk_mock::{
    api_router, auth_token::auth_token, site_router, state::AppState, workspace::Workspace,
};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A mock with one workspace, reachable through both routers.
pub struct Mock {
    pub state: AppState,
    pub ws: Arc<Workspace>,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// Asserts the status and that the body is a JSON error with this `error` code and a
    /// non-empty message.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "status; body: {}", self.text);
        let json = self.json();
        assert_eq!(json["error"], code, "error code; body: {}", self.text);
        assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "a message; body: {}",
            self.text
        );
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "content type"
        );
    }
}

pub const JOHN: &str = "john@example.com";
pub const ZOE: &str = "Zoe.Muller+chat@Example.DE";

impl Mock {
    pub fn new() -> Self {
        let state = AppState::new(
            "/* widget */",
            "http://127.0.0.1:9".into(),
            "http://localhost:9".into(),
        );
        let ws = state.workspaces.create();
        Self { state, ws }
    }

    pub fn wid(&self) -> &str {
        &self.ws.widget_id
    }

    pub fn api(&self) -> Router {
        api_router(self.state.clone())
    }

    pub fn site(&self) -> Router {
        site_router(self.state.clone())
    }

    /// Sends a request to the API router.
    pub async fn call(&self, req: Request<Body>) -> Answer {
        send(self.api(), req).await
    }

    /// `GET path` on the API router.
    pub async fn get(&self, path: &str) -> Answer {
        self.call(request(Method::GET, path, &[], None)).await
    }

    /// The token endpoint with this query and the workspace's key.
    pub async fn token(&self, query: &str) -> Answer {
        let auth = format!("Bearer {}", self.ws.api_key);
        self.call(request(
            Method::GET,
            &format!("/v1/contacts/chat-auth-token{query}"),
            &[("authorization", &auth)],
            None,
        ))
        .await
    }

    /// A widget API call with `?wid=` added.
    pub async fn widget(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.call(request(
            method,
            &format!("{path}{sep}wid={}", self.wid()),
            headers,
            body,
        ))
        .await
    }

    /// Identifies `email` with a valid `auth_token`: a verified session (uuid, token).
    pub async fn verified_session(&self, email: &str) -> (String, String) {
        let token = auth_token(&self.ws.identity_secret, email);
        let answer = self
            .widget(
                Method::POST,
                "/widget/v1/identify",
                &[],
                Some(serde_json::json!({ "email": email, "auth_token": token })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let json = answer.json();
        (
            json["contact_uuid"].as_str().unwrap_or_default().to_owned(),
            json["verification_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }

    /// A widget API call with a session.
    pub async fn session_call(
        &self,
        method: Method,
        path: &str,
        session: &(String, String),
        body: Option<Value>,
    ) -> Answer {
        self.widget(
            method,
            path,
            &[
                ("x-herodesk-contact", &session.0),
                ("x-herodesk-verification", &session.1),
            ],
            body,
        )
        .await
    }
}

/// Builds a request; a JSON body gets `Content-Type: application/json`.
pub fn request(
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let body = match body {
        Some(json) => {
            builder = builder.header("content-type", "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    builder
        .body(body)
        .unwrap_or_else(|e| panic!("test request {uri}: {e}"))
}

/// Sends `req` through `router` and reads the whole answer.
pub async fn send(router: Router, req: Request<Body>) -> Answer {
    let response = router.oneshot(req).await.unwrap_or_else(|e| match e {});
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_else(|e| panic!("the body failed: {e}"));
    Answer {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}
