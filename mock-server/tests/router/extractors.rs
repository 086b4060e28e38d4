//! The extractors' rejections, answer by answer: a body, query, path or form the mock cannot
//! read, and a `wid` no workspace has, each get the JSON error every other error gets. Status
//! and message are pinned to the letter, so swapping an extractor cannot change an answer.

use axum::{
    body::Body,
    http::{Method, Request},
};
use serde_json::json;

use crate::common::{Answer, JOHN, Mock, send};

/// A raw request: `body` sent as is, with this content type if any.
fn raw(method: Method, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder
        .body(Body::from(body.to_owned()))
        .unwrap_or_else(|e| panic!("test request {uri}: {e}"))
}

/// Asserts the whole answer: status, content type and the exact JSON error body.
#[track_caller]
fn assert_answer(answer: &Answer, status: u16, error: &str, message: &str) {
    assert_eq!(
        answer.status.as_u16(),
        status,
        "status; body: {}",
        answer.text
    );
    assert_eq!(
        answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "content type; body: {}",
        answer.text
    );
    assert_eq!(
        answer.json(),
        json!({ "error": error, "message": message }),
        "body"
    );
}

/// The 404 every widget route answers for `?wid=nope`.
#[track_caller]
fn assert_no_workspace_nope(answer: &Answer) {
    assert_answer(
        answer,
        404,
        "not_found",
        "no workspace with widget id `nope`",
    );
}

const JSON: Option<&str> = Some("application/json");

/// The widget routes that take a JSON body.
const BODY_ROUTES: [&str; 3] = [
    "/widget/v1/identify",
    "/widget/v1/verification/start",
    "/widget/v1/verification/confirm",
];

#[tokio::test]
async fn a_body_that_is_not_json_is_a_json_400_saying_why() {
    let mock = Mock::new();
    let identify = format!("/widget/v1/identify?wid={}", mock.wid());
    let cut_short = mock.call(raw(Method::POST, &identify, JSON, "{")).await;
    assert_answer(
        &cut_short,
        400,
        "bad_request",
        "invalid JSON body: Failed to parse the request body as JSON: EOF while parsing an object at line 1 column 1",
    );
    let plain_text = mock
        .call(raw(
            Method::POST,
            &identify,
            Some("text/plain"),
            r#"{"email":"john@example.com"}"#,
        ))
        .await;
    assert_answer(
        &plain_text,
        400,
        "bad_request",
        "invalid JSON body: Expected request with `Content-Type: application/json`",
    );
    let wrong_shape = mock
        .call(raw(Method::POST, &identify, JSON, r#"{"mail":"x"}"#))
        .await;
    assert_answer(
        &wrong_shape,
        400,
        "bad_request",
        "invalid JSON body: Failed to deserialize the JSON body into the target type: missing field `email` at line 1 column 12",
    );
    // The same extractor on the admin API and on the host site.
    let fault = mock
        .call(raw(
            Method::POST,
            &format!("/admin/workspaces/{}/faults", mock.wid()),
            JSON,
            "[",
        ))
        .await;
    assert_answer(
        &fault,
        400,
        "bad_request",
        "invalid JSON body: Failed to parse the request body as JSON: EOF while parsing a list at line 1 column 1",
    );
    let agent_reply = send(
        mock.site(),
        raw(Method::POST, "/demo/agent-reply", JSON, "nope"),
    )
    .await;
    assert_answer(
        &agent_reply,
        400,
        "bad_request",
        "invalid JSON body: Failed to parse the request body as JSON: expected ident at line 1 column 2",
    );
}

#[tokio::test]
async fn an_unknown_wid_is_a_json_404_on_every_widget_route() {
    let mock = Mock::new();
    let session = mock.verified_session(JOHN).await;
    let with_body = [
        ("/widget/v1/identify", json!({ "email": JOHN })),
        ("/widget/v1/verification/start", json!({ "email": JOHN })),
        (
            "/widget/v1/verification/confirm",
            json!({ "email": JOHN, "code": "123456" }),
        ),
    ];
    for (path, body) in with_body {
        let answer = mock
            .call(raw(
                Method::POST,
                &format!("{path}?wid=nope"),
                JSON,
                &body.to_string(),
            ))
            .await;
        assert_no_workspace_nope(&answer);
    }
    for path in [
        "/widget/v1/session",
        "/widget/v1/conversations",
        "/widget/v1/unread",
    ] {
        let mut req = raw(Method::GET, &format!("{path}?wid=nope"), None, "");
        for (name, value) in [
            ("x-herodesk-contact", &session.0),
            ("x-herodesk-verification", &session.1),
        ] {
            req.headers_mut()
                .insert(name, value.parse().unwrap_or_else(|e| panic!("{e}")));
        }
        let answer = mock.call(req).await;
        assert_no_workspace_nope(&answer);
    }
}

#[tokio::test]
async fn a_missing_wid_is_a_json_400_before_the_body_is_read() {
    let mock = Mock::new();
    for path in BODY_ROUTES {
        // The body is broken too: the query is read first, so the answer names the `wid`.
        let answer = mock.call(raw(Method::POST, path, JSON, "{")).await;
        assert_answer(
            &answer,
            400,
            "bad_request",
            "invalid query: Failed to deserialize query string: missing field `wid`",
        );
    }
    let session = mock
        .call(raw(Method::GET, "/widget/v1/session", None, ""))
        .await;
    assert_answer(
        &session,
        400,
        "bad_request",
        "invalid query: Failed to deserialize query string: missing field `wid`",
    );
}

#[tokio::test]
async fn a_known_wid_with_a_broken_body_names_the_body() {
    let mock = Mock::new();
    let answer = mock
        .call(raw(
            Method::POST,
            &format!("/widget/v1/verification/confirm?wid={}", mock.wid()),
            JSON,
            r#"{"email":"john@example.com","code":123456}"#,
        ))
        .await;
    assert_answer(
        &answer,
        400,
        "bad_request",
        "invalid JSON body: Failed to deserialize the JSON body into the target type: code: invalid type: integer `123456`, expected a string at line 1 column 41",
    );
}

#[tokio::test]
async fn a_path_segment_that_is_not_utf8_is_a_json_400() {
    let mock = Mock::new();
    let answer = mock.get("/admin/workspaces/%ff/journal").await;
    assert_answer(
        &answer,
        400,
        "bad_request",
        "invalid path: Invalid URL: Invalid UTF-8 in `wid`",
    );
}

#[tokio::test]
async fn a_form_that_is_not_a_form_is_a_json_400() {
    let mock = Mock::new();
    let answer = send(
        mock.site(),
        raw(Method::POST, "/demo/login", JSON, r#"{"contact_id":"123"}"#),
    )
    .await;
    assert_answer(
        &answer,
        400,
        "bad_request",
        "invalid form: Form requests must have `Content-Type: application/x-www-form-urlencoded`",
    );
}

#[tokio::test]
async fn an_unknown_wid_is_answered_before_the_body_is_read() {
    // The workspace comes from the query, which `WidgetWorkspace` reads before the body, as
    // the session routes always did: a request wrong in both is told about the `wid`.
    let mock = Mock::new();
    for path in BODY_ROUTES {
        let answer = mock
            .call(raw(Method::POST, &format!("{path}?wid=nope"), JSON, "{"))
            .await;
        assert_no_workspace_nope(&answer);
    }
}
