//! The admin API's steering: workspaces, contact lookup, agent replies, verification codes.

use axum::http::Method;
use serde_json::json;

use crate::common::{JOHN, Mock, ZOE, request};

#[tokio::test]
async fn creating_a_workspace_gives_its_credentials_and_urls() {
    let mock = Mock::new();
    let answer = mock
        .call(request(Method::POST, "/admin/workspaces", &[], None))
        .await;
    assert_eq!(answer.status, 201);
    let created: herodesk_mock::routes::admin::CreatedWorkspace =
        serde_json::from_str(&answer.text).unwrap_or_else(|e| panic!("{e}: {}", answer.text));
    assert_ne!(created.widget_id, mock.wid());
    assert_eq!(created.api_url, "http://127.0.0.1:9");
    assert_eq!(
        created.site_url,
        format!("http://localhost:9/w/{}/", created.widget_id)
    );
    assert!(mock.state.workspaces.get(&created.widget_id).is_some());
}

#[tokio::test]
async fn contacts_lookup_tells_stored_and_supplied_names() {
    let mock = Mock::new();
    let path = format!("/admin/workspaces/{}/contacts", mock.wid());
    let all = mock.get(&path).await;
    assert_eq!(all.status, 200);
    let emails: Vec<String> = all
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["email"].as_str().map(str::to_owned))
        .collect();
    let fixture = herodesk_mock::contacts::fixture_contacts().len();
    assert_eq!(emails.len(), fixture, "{}", all.text);

    let john = mock.get(&format!("{path}?email=JOHN@example.com")).await;
    assert_eq!(john.status, 200);
    assert_eq!(john.json()["contact_id"], 123);
    assert_eq!(john.json()["name"], "John Doe");
    assert_eq!(john.json()["conversations"], json!([231, 232]));
    assert_eq!(john.json()["contact_uuid"], mock.ws.contact_uuid(JOHN));
    assert_eq!(john.json()["supplied"], serde_json::Value::Null);

    mock.widget(
        Method::POST,
        "/widget/v1/identify",
        &[],
        Some(json!({ "email": JOHN, "firstname": "Johnny", "lastname": "<D>" })),
    )
    .await;
    let john = mock.get(&format!("{path}?email={JOHN}")).await.json();
    assert_eq!(john["name"], "Johnny <D>");
    assert_eq!(john["stored_name"], "John Doe");
    assert_eq!(
        john["supplied"],
        json!({ "firstname": "Johnny", "lastname": "<D>" })
    );

    // A contact only seen through identify.
    mock.widget(
        Method::POST,
        "/widget/v1/identify",
        &[],
        Some(json!({ "email": "New@Example.org" })),
    )
    .await;
    let new = mock.get(&format!("{path}?email=new@example.org")).await;
    assert_eq!(new.status, 200, "{}", new.text);
    assert_eq!(new.json()["contact_id"], serde_json::Value::Null);
    assert_eq!(new.json()["email"], "new@example.org");

    mock.get(&format!("{path}?email=nobody@example.org"))
        .await
        .assert_error(404, "not_found");
    mock.get("/admin/workspaces/nope/contacts")
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn agent_replies_refuse_unknown_conversations_and_blank_bodies() {
    let mock = Mock::new();
    let post = |path: String, body| request(Method::POST, &path, &[], Some(body));
    let base = format!("/admin/workspaces/{}/conversations", mock.wid());
    for id in ["999", "x"] {
        mock.call(post(
            format!("{base}/{id}/agent-replies"),
            json!({ "body": "hi" }),
        ))
        .await
        .assert_error(404, "not_found");
    }
    mock.call(post(
        format!("{base}/231/agent-replies"),
        json!({ "body": " " }),
    ))
    .await
    .assert_error(400, "bad_request");
    mock.call(post(format!("{base}/231/agent-replies"), json!({})))
        .await
        .assert_error(400, "bad_request");
    mock.call(post(
        "/admin/workspaces/nope/conversations/231/agent-replies".into(),
        json!({ "body": "hi" }),
    ))
    .await
    .assert_error(404, "not_found");
}

#[tokio::test]
async fn verification_codes_are_per_address_and_workspace() {
    let mock = Mock::new();
    let other = mock.state.workspaces.create();
    let path = format!("/admin/workspaces/{}/verification-codes", mock.wid());
    mock.get(&format!("{path}?email={JOHN}"))
        .await
        .assert_error(404, "not_found");
    mock.get(&path).await.assert_error(400, "bad_request");
    mock.widget(
        Method::POST,
        "/widget/v1/verification/start",
        &[],
        Some(json!({ "email": JOHN })),
    )
    .await;
    let code = mock.get(&format!("{path}?email={JOHN}")).await;
    assert_eq!(code.status, 200);
    mock.get(&format!("{path}?email=zoe.muller%2Bchat@example.de"))
        .await
        .assert_error(404, "not_found");
    mock.get(&format!(
        "/admin/workspaces/{}/verification-codes?email={JOHN}",
        other.widget_id
    ))
    .await
    .assert_error(404, "not_found");
    // A second start replaces the code.
    mock.widget(
        Method::POST,
        "/widget/v1/verification/start",
        &[],
        Some(json!({ "email": ZOE })),
    )
    .await;
    mock.widget(
        Method::POST,
        "/widget/v1/verification/start",
        &[],
        Some(json!({ "email": ZOE })),
    )
    .await;
    let last = mock
        .get(&format!("{path}?email=Zoe.Muller%2Bchat@Example.DE"))
        .await
        .json()["code"]
        .clone();
    let confirmed = mock
        .widget(
            Method::POST,
            "/widget/v1/verification/confirm",
            &[],
            Some(json!({ "email": ZOE, "code": last })),
        )
        .await;
    assert_eq!(
        confirmed.status, 200,
        "the last code confirms: {}",
        confirmed.text
    );
}

#[tokio::test]
async fn admin_errors_are_json() {
    let mock = Mock::new();
    mock.call(request(Method::GET, "/admin/workspaces", &[], None))
        .await
        .assert_error(405, "method_not_allowed");
    mock.get("/admin/nothing")
        .await
        .assert_error(404, "not_found");
}
