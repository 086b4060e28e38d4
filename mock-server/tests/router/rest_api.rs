//! `GET /v1/contacts/chat-auth-token`: spec A1–A4 and the bad-request resolution.

use axum::http::Method;
use herodesk_mock::auth_token::auth_token;

use crate::common::{JOHN, Mock, ZOE, request};

const PATH: &str = "/v1/contacts/chat-auth-token";

#[tokio::test]
async fn a1_email_gives_the_documented_fields() {
    let mock = Mock::new();
    let answer = mock.token("?email=john@example.com").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let json = answer.json();
    assert_eq!(json["contact_id"], 123);
    assert_eq!(json["email"], JOHN);
    assert_eq!(json["name"], "John Doe");
    assert_eq!(
        json["auth_token"],
        auth_token(&mock.ws.identity_secret, JOHN)
    );
}

#[tokio::test]
async fn a1_email_is_compared_trimmed_and_case_insensitively() {
    let mock = Mock::new();
    let answer = mock
        .token("?email=%20zoe.muller%2BCHAT@example.de%20")
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["email"], ZOE, "the email as stored");
    assert_eq!(answer.json()["name"], "Zoë Müller-Lüdenscheidt");
}

#[tokio::test]
async fn a2_id_gives_the_same_fields_as_email() {
    let mock = Mock::new();
    let by_id = mock.token("?id=123").await;
    let by_email = mock.token("?email=john@example.com").await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.json(), by_email.json());
}

#[tokio::test]
async fn a4_token_is_the_known_answer_for_the_demo_secret() {
    let state = herodesk_mock::state::AppState::new("", String::new(), String::new());
    state
        .workspaces
        .insert(herodesk_mock::workspace::Workspace::new(
            "demo".into(),
            "demo-api-key".into(),
            "demo-identity-secret".into(),
        ));
    let answer = crate::common::send(
        herodesk_mock::api_router(state),
        request(
            Method::GET,
            &format!("{PATH}?email=john@example.com"),
            &[("authorization", "Bearer demo-api-key")],
            None,
        ),
    )
    .await;
    assert_eq!(
        answer.json()["auth_token"],
        "16ec06518e8dcc5eda1be77037fa4e1258895107e05e986eb93b8c0911b8909e"
    );
}

#[tokio::test]
async fn a3_missing_malformed_or_wrong_key_is_401_json() {
    let mock = Mock::new();
    let right = format!("Bearer {}", mock.ws.api_key);
    let other = mock.state.workspaces.create();
    let foreign = format!("Bearer {}", other.api_key);
    let lower = format!("bearer {}", mock.ws.api_key);
    let cases: Vec<(&str, Option<&str>)> = vec![
        ("missing", None),
        ("empty", Some("")),
        ("no scheme", Some(&mock.ws.api_key)),
        ("basic", Some("Basic dXNlcjpwYXNz")),
        ("bearer only", Some("Bearer")),
        ("bearer and blank", Some("Bearer   ")),
        ("two words", Some("Bearer a b")),
        ("wrong", Some("Bearer hd_live_wrong")),
        ("a prefix of the right key", Some(&right[..right.len() - 1])),
    ];
    for (what, header) in cases {
        let headers: Vec<(&str, &str)> = header.map(|h| ("authorization", h)).into_iter().collect();
        let answer = mock
            .call(request(
                Method::GET,
                &format!("{PATH}?email={JOHN}"),
                &headers,
                None,
            ))
            .await;
        answer.assert_error(401, "unauthorized");
        assert!(
            !answer.text.contains(&mock.ws.api_key),
            "{what}: the key is not echoed"
        );
    }
    // Another workspace's key is a valid key, for that workspace: its own contact 123.
    let answer = mock
        .call(request(
            Method::GET,
            &format!("{PATH}?id=123"),
            &[("authorization", &foreign)],
            None,
        ))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json()["auth_token"],
        auth_token(&other.identity_secret, JOHN)
    );
    // The scheme is case-insensitive (RFC 7235).
    let answer = mock
        .call(request(
            Method::GET,
            &format!("{PATH}?id=123"),
            &[("authorization", &lower)],
            None,
        ))
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a3_a_header_that_is_not_text_is_401() {
    let mock = Mock::new();
    let req = axum::http::Request::builder()
        .uri(format!("{PATH}?id=123"))
        .header(
            "authorization",
            axum::http::HeaderValue::from_bytes(b"Bearer \xff\xfe")
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .body(axum::body::Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    mock.call(req).await.assert_error(401, "unauthorized");
}

#[tokio::test]
async fn the_key_is_checked_before_the_query() {
    let mock = Mock::new();
    let answer = mock.call(request(Method::GET, PATH, &[], None)).await;
    answer.assert_error(401, "unauthorized");
}

#[tokio::test]
async fn both_or_neither_of_email_and_id_is_400() {
    let mock = Mock::new();
    for query in ["", "?", "?email=john@example.com&id=123", "?foo=bar"] {
        mock.token(query).await.assert_error(400, "bad_request");
    }
}

#[tokio::test]
async fn a_malformed_email_is_400() {
    let mock = Mock::new();
    for email in [
        "",
        "john",
        "john@",
        "@example.com",
        "a@b",
        "a%20b@c.de",
        "a@@b.co",
        "%00@x.io",
    ] {
        let answer = mock.token(&format!("?email={email}")).await;
        answer.assert_error(400, "bad_request");
    }
}

#[tokio::test]
async fn an_unknown_contact_is_404() {
    let mock = Mock::new();
    mock.token("?email=nobody@example.com")
        .await
        .assert_error(404, "not_found");
    mock.token("?id=999").await.assert_error(404, "not_found");
}

#[tokio::test]
async fn a_non_numeric_id_is_400() {
    let mock = Mock::new();
    for id in ["abc", "-1", "1.5", "", "12a", "99999999999999999999999"] {
        mock.token(&format!("?id={id}"))
            .await
            .assert_error(400, "bad_request");
    }
}

#[tokio::test]
async fn a_repeated_parameter_is_400() {
    let mock = Mock::new();
    mock.token("?email=john@example.com&email=john@example.com")
        .await
        .assert_error(400, "bad_request");
}

#[tokio::test]
async fn other_methods_are_405_json() {
    let mock = Mock::new();
    let auth = format!("Bearer {}", mock.ws.api_key);
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let answer = mock
            .call(request(
                method,
                &format!("{PATH}?id=123"),
                &[("authorization", &auth)],
                None,
            ))
            .await;
        answer.assert_error(405, "method_not_allowed");
    }
}

#[tokio::test]
async fn unknown_paths_are_404_json() {
    let mock = Mock::new();
    for path in [
        "/",
        "/v1",
        "/v1/contacts",
        "/v2/contacts/chat-auth-token",
        "/%ff",
    ] {
        mock.get(path).await.assert_error(404, "not_found");
    }
}

#[tokio::test]
async fn an_email_that_is_not_utf8_or_badly_percent_encoded_is_400_saying_why() {
    let mock = Mock::new();
    let answer = mock.token("?email=%ff%fe%40example.com").await;
    answer.assert_error(400, "bad_request");
    let message = answer.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("`email` is not UTF-8"), "{message}");
    let answer = mock.token("?email=%zz%40example.com").await;
    answer.assert_error(400, "bad_request");
    let message = answer.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("bad percent-encoding `%zz`"), "{message}");
    // Well-formed escapes still work: `%40` is `@`.
    assert_eq!(mock.token("?email=john%40example.com").await.status, 200);
}
