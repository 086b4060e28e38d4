//! The widget-facing API (docs/widget-api.md): identify, verification, session, conversations,
//! messages, unread count.

use axum::http::Method;
use herodesk_mock::auth_token::auth_token;
use serde_json::json;

use crate::common::{JOHN, Mock, ZOE};

async fn identify(mock: &Mock, body: serde_json::Value) -> crate::common::Answer {
    mock.widget(Method::POST, "/widget/v1/identify", &[], Some(body))
        .await
}

#[tokio::test]
async fn b1_a_valid_token_identifies_a_verified_contact_with_a_verification_token() {
    let mock = Mock::new();
    let token = auth_token(&mock.ws.identity_secret, JOHN);
    let answer = identify(
        &mock,
        json!({ "email": " John@Example.com ", "auth_token": token }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let json = answer.json();
    assert_eq!(json["verified"], true);
    assert_eq!(json["email"], JOHN);
    assert_eq!(json["name"], "John Doe");
    assert_eq!(json["contact_uuid"], mock.ws.contact_uuid(JOHN));
    assert_eq!(json["verification_token"].as_str().map(str::len), Some(64));
}

#[tokio::test]
async fn b2_no_token_is_unverified_without_a_verification_token() {
    let mock = Mock::new();
    let answer = identify(&mock, json!({ "email": JOHN })).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["verified"], false);
    assert_eq!(answer.json()["verification_token"], serde_json::Value::Null);
}

#[tokio::test]
async fn b3_a_forged_tampered_or_foreign_token_is_unverified() {
    let mock = Mock::new();
    let other = Mock::new();
    let good = auth_token(&mock.ws.identity_secret, JOHN);
    let mut tampered = good.clone();
    tampered.replace_range(..1, if good.starts_with('0') { "1" } else { "0" });
    for token in [
        "0".repeat(64),
        tampered,
        auth_token(&mock.ws.identity_secret, ZOE),
        auth_token(&other.ws.identity_secret, JOHN),
        String::new(),
        "not hex".into(),
    ] {
        let answer = identify(&mock, json!({ "email": JOHN, "auth_token": token })).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json()["verified"], false, "{token}");
        assert_eq!(answer.json()["verification_token"], serde_json::Value::Null);
    }
}

#[tokio::test]
async fn d4_supplied_names_win_and_are_kept_exactly() {
    let mock = Mock::new();
    let answer = identify(
        &mock,
        json!({ "email": JOHN, "firstname": "<b>Jo</b> & \"J\"", "lastname": "Dœ" }),
    )
    .await;
    assert_eq!(answer.json()["name"], "<b>Jo</b> & \"J\" Dœ");
    // A later identify without names keeps them.
    let answer = identify(&mock, json!({ "email": JOHN })).await;
    assert_eq!(answer.json()["name"], "<b>Jo</b> & \"J\" Dœ");
}

#[tokio::test]
async fn an_unknown_email_can_identify_with_an_empty_name() {
    let mock = Mock::new();
    let answer = identify(&mock, json!({ "email": "new@example.org" })).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["name"], "");
}

#[tokio::test]
async fn identify_refuses_bad_requests_with_json() {
    let mock = Mock::new();
    identify(&mock, json!({ "email": "nope" }))
        .await
        .assert_error(400, "bad_request");
    identify(&mock, json!({ "mail": JOHN }))
        .await
        .assert_error(400, "bad_request");
    identify(&mock, json!({ "email": 5 }))
        .await
        .assert_error(400, "bad_request");
    identify(&mock, json!([1]))
        .await
        .assert_error(400, "bad_request");
    let no_wid = mock
        .call(crate::common::request(
            Method::POST,
            "/widget/v1/identify",
            &[],
            Some(json!({ "email": JOHN })),
        ))
        .await;
    no_wid.assert_error(400, "bad_request");
    let unknown = mock
        .call(crate::common::request(
            Method::POST,
            "/widget/v1/identify?wid=nope",
            &[],
            Some(json!({ "email": JOHN })),
        ))
        .await;
    unknown.assert_error(404, "not_found");
    let not_json = mock
        .call(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri(format!("/widget/v1/identify?wid={}", mock.wid()))
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("email=john@example.com"))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
    not_json.assert_error(400, "bad_request");
}

#[tokio::test]
async fn verification_start_and_confirm_make_a_verified_session() {
    let mock = Mock::new();
    let start = mock
        .widget(
            Method::POST,
            "/widget/v1/verification/start",
            &[],
            Some(json!({ "email": ZOE })),
        )
        .await;
    assert_eq!(start.status, 200, "{}", start.text);
    assert_eq!(start.json(), json!({ "sent": true }));
    let code = mock
        .get(&format!(
            "/admin/workspaces/{}/verification-codes?email=zoe.muller%2Bchat@example.de",
            mock.wid()
        ))
        .await
        .json()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(code.len(), 6, "a 6-digit code");
    let wrong = if code == "000000" { "000001" } else { "000000" };
    mock.widget(
        Method::POST,
        "/widget/v1/verification/confirm",
        &[],
        Some(json!({ "email": ZOE, "code": wrong })),
    )
    .await
    .assert_error(403, "forbidden");
    let confirmed = mock
        .widget(
            Method::POST,
            "/widget/v1/verification/confirm",
            &[],
            Some(json!({ "email": ZOE, "code": code })),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let json = confirmed.json();
    assert_eq!(json["verified"], true);
    assert_eq!(json["contact_uuid"], mock.ws.contact_uuid(ZOE));
    let session = (
        json["contact_uuid"].as_str().unwrap_or_default().to_owned(),
        json["verification_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );
    let list = mock
        .session_call(Method::GET, "/widget/v1/conversations", &session, None)
        .await;
    assert_eq!(
        list.status, 200,
        "the confirmed token is a session: {}",
        list.text
    );
    // The code is used up.
    mock.widget(
        Method::POST,
        "/widget/v1/verification/confirm",
        &[],
        Some(json!({ "email": ZOE, "code": code })),
    )
    .await
    .assert_error(403, "forbidden");
}

#[tokio::test]
async fn verification_refuses_bad_requests() {
    let mock = Mock::new();
    for (path, body) in [
        ("/widget/v1/verification/start", json!({ "email": "x" })),
        ("/widget/v1/verification/start", json!({})),
        (
            "/widget/v1/verification/confirm",
            json!({ "email": "x", "code": "123456" }),
        ),
        (
            "/widget/v1/verification/confirm",
            json!({ "email": JOHN, "code": 123456 }),
        ),
    ] {
        mock.widget(Method::POST, path, &[], Some(body))
            .await
            .assert_error(400, "bad_request");
    }
    // Confirming with no code ever sent is a wrong code.
    mock.widget(
        Method::POST,
        "/widget/v1/verification/confirm",
        &[],
        Some(json!({ "email": JOHN, "code": "123456" })),
    )
    .await
    .assert_error(403, "forbidden");
}

#[tokio::test]
async fn every_session_route_refuses_a_missing_forged_or_foreign_session() {
    let mock = Mock::new();
    let other = Mock::new();
    let john = mock.verified_session(JOHN).await;
    let zoe = mock.verified_session(ZOE).await;
    let johns_elsewhere = other.verified_session(JOHN).await;
    let bad_sessions = [
        ("forged token", (john.0.clone(), "0".repeat(64))),
        (
            "zoe's token with john's uuid",
            (john.0.clone(), zoe.1.clone()),
        ),
        (
            "john's token with zoe's uuid",
            (zoe.0.clone(), john.1.clone()),
        ),
        ("another workspace's session", johns_elsewhere.clone()),
        ("empty", (String::new(), String::new())),
        ("not hex", (john.0.clone(), "zz".into())),
    ];
    let routes = [
        (Method::GET, "/widget/v1/session"),
        (Method::GET, "/widget/v1/conversations"),
        (Method::GET, "/widget/v1/conversations/231"),
        (Method::POST, "/widget/v1/conversations/231/messages"),
        (Method::POST, "/widget/v1/conversations/231/read"),
        (Method::GET, "/widget/v1/unread"),
    ];
    for (method, path) in &routes {
        let body = (*method == Method::POST).then(|| json!({ "body": "hi" }));
        let missing = mock.widget(method.clone(), path, &[], body.clone()).await;
        missing.assert_error(401, "unauthorized");
        let only_uuid = mock
            .widget(
                method.clone(),
                path,
                &[("x-herodesk-contact", &john.0)],
                body.clone(),
            )
            .await;
        only_uuid.assert_error(401, "unauthorized");
        for (what, session) in &bad_sessions {
            let answer = mock
                .session_call(method.clone(), path, session, body.clone())
                .await;
            assert_eq!(answer.status, 401, "{what} on {path}: {}", answer.text);
            answer.assert_error(401, "unauthorized");
        }
        let good = mock
            .session_call(method.clone(), path, &john, body.clone())
            .await;
        assert!(
            good.status.is_success(),
            "john's own session on {path}: {}",
            good.text
        );
    }
}

#[tokio::test]
async fn session_check_answers_the_identity() {
    let mock = Mock::new();
    let john = mock.verified_session(JOHN).await;
    let answer = mock
        .session_call(Method::GET, "/widget/v1/session", &john, None)
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["email"], JOHN);
    assert_eq!(answer.json()["verified"], true);
    assert_eq!(answer.json()["verification_token"], john.1);
}

#[tokio::test]
async fn f3_the_contact_lists_and_fetches_their_own_conversations() {
    let mock = Mock::new();
    let john = mock.verified_session(JOHN).await;
    let list = mock
        .session_call(Method::GET, "/widget/v1/conversations", &john, None)
        .await;
    let ids: Vec<u64> = list
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_u64())
        .collect();
    assert_eq!(ids, vec![231, 232]);
    assert_eq!(list.json()[0]["subject"], "Order #12345 has not arrived");
    assert_eq!(list.json()[0]["unread"], false);
    let one = mock
        .session_call(Method::GET, "/widget/v1/conversations/231", &john, None)
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["id"], 231);
    assert_eq!(one.json()["messages"][1]["from"], "agent");
    let wang = mock.verified_session("wang.xiuying@example.cn").await;
    let none = mock
        .session_call(Method::GET, "/widget/v1/conversations", &wang, None)
        .await;
    assert_eq!(none.json(), json!([]));
}

#[tokio::test]
async fn f4_another_contacts_or_a_missing_conversation_is_the_same_404() {
    let mock = Mock::new();
    let john = mock.verified_session(JOHN).await;
    let mut bodies = Vec::new();
    for id in [
        "233",
        "235",
        "999",
        "0",
        "abc",
        "231x",
        "18446744073709551616",
    ] {
        for (method, path) in [
            (Method::GET, format!("/widget/v1/conversations/{id}")),
            (
                Method::POST,
                format!("/widget/v1/conversations/{id}/messages"),
            ),
            (Method::POST, format!("/widget/v1/conversations/{id}/read")),
        ] {
            let body = (method == Method::POST).then(|| json!({ "body": "hi" }));
            let answer = mock.session_call(method, &path, &john, body).await;
            answer.assert_error(404, "not_found");
            bodies.push(answer.text);
        }
    }
    bodies.dedup();
    assert_eq!(bodies.len(), 1, "one body for all: {bodies:?}");
    // Zoë's conversation is untouched.
    let zoe = mock.verified_session(ZOE).await;
    let hers = mock
        .session_call(Method::GET, "/widget/v1/conversations/233", &zoe, None)
        .await;
    assert_eq!(hers.json()["messages"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn conversation_ids_repeat_across_workspaces_with_their_own_data() {
    let a = Mock::new();
    let b = Mock::new();
    let john_a = a.verified_session(JOHN).await;
    let john_b = b.verified_session(JOHN).await;
    let sent = a
        .session_call(
            Method::POST,
            "/widget/v1/conversations/231/messages",
            &john_a,
            Some(json!({ "body": "only in a" })),
        )
        .await;
    assert_eq!(sent.status, 201);
    let in_b = b
        .session_call(Method::GET, "/widget/v1/conversations/231", &john_b, None)
        .await;
    assert_eq!(in_b.status, 200);
    assert!(!in_b.text.contains("only in a"));
}

#[tokio::test]
async fn sending_a_message_stores_it_exactly() {
    let mock = Mock::new();
    let john = mock.verified_session(JOHN).await;
    let text = "<img src=x onerror=alert(1)> & \"quotes\" 'single' ünïcödé";
    let sent = mock
        .session_call(
            Method::POST,
            "/widget/v1/conversations/232/messages",
            &john,
            Some(json!({ "body": text })),
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    assert_eq!(sent.json()["from"], "contact");
    assert_eq!(sent.json()["body"], text);
    assert!(sent.json()["id"].is_u64());
    let fetched = mock
        .session_call(Method::GET, "/widget/v1/conversations/232", &john, None)
        .await;
    let last = fetched.json()["messages"]
        .as_array()
        .and_then(|m| m.last().cloned())
        .unwrap_or_default();
    assert_eq!(last["body"], text);
    for bad in [
        json!({ "body": "  " }),
        json!({ "body": "x".repeat(10_001) }),
        json!({ "text": "x" }),
        json!({ "body": null }),
    ] {
        mock.session_call(
            Method::POST,
            "/widget/v1/conversations/232/messages",
            &john,
            Some(bad),
        )
        .await
        .assert_error(400, "bad_request");
    }
}

#[tokio::test]
async fn g3_an_agent_reply_raises_the_unread_count_and_reading_lowers_it() {
    let mock = Mock::new();
    let john = mock.verified_session(JOHN).await;
    assert_eq!(unread(&mock, &john).await, 0);
    for id in [231, 232] {
        let reply = mock
            .call(crate::common::request(
                Method::POST,
                &format!(
                    "/admin/workspaces/{}/conversations/{id}/agent-replies",
                    mock.wid()
                ),
                &[],
                Some(json!({ "body": "We are on it" })),
            ))
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_eq!(reply.json()["from"], "agent");
    }
    assert_eq!(unread(&mock, &john).await, 2);
    let list = mock
        .session_call(Method::GET, "/widget/v1/conversations", &john, None)
        .await;
    assert_eq!(list.json()[0]["unread"], true);
    let read = mock
        .session_call(
            Method::POST,
            "/widget/v1/conversations/231/read",
            &john,
            None,
        )
        .await;
    assert_eq!(read.json(), json!({ "unread_count": 1 }));
    assert_eq!(unread(&mock, &john).await, 1);
    // Another contact's count is untouched.
    let zoe = mock.verified_session(ZOE).await;
    assert_eq!(unread(&mock, &zoe).await, 0);
}

async fn unread(mock: &Mock, session: &(String, String)) -> serde_json::Value {
    mock.session_call(Method::GET, "/widget/v1/unread", session, None)
        .await
        .json()["unread_count"]
        .clone()
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_400() {
    let mock = Mock::new();
    let huge =
        json!({ "email": JOHN, "firstname": "x".repeat(herodesk_mock::journal::MAX_REQUEST_BODY) });
    identify(&mock, huge).await.assert_error(400, "bad_request");
}
