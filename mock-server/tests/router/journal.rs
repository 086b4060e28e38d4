//! The journal: every non-admin request, with route, workspace, kept headers, body, status;
//! filters, counts per route, per-workspace isolation and reset.

use axum::http::Method;
use serde_json::{Value, json};

use crate::common::{JOHN, Mock, request};

async fn journal(mock: &Mock, wid: &str, query: &str) -> Vec<Value> {
    let answer = mock
        .get(&format!("/admin/workspaces/{wid}/journal{query}"))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json().as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn requests_are_journaled_with_route_workspace_headers_body_and_status() {
    let mock = Mock::new();
    mock.token("?email=john@example.com").await;
    mock.widget(
        Method::POST,
        "/widget/v1/identify",
        &[
            ("origin", "http://localhost:9"),
            ("cookie", "a=b"),
            ("x-ignored", "1"),
        ],
        Some(json!({ "email": JOHN })),
    )
    .await;
    mock.get(&format!("/livechat.js?wid={}", mock.wid())).await;
    mock.get(&format!("/widget/v1/conversations/231?wid={}", mock.wid()))
        .await;

    let entries = journal(&mock, mock.wid(), "").await;
    let routes: Vec<&str> = entries.iter().filter_map(|e| e["route"].as_str()).collect();
    assert_eq!(
        routes,
        [
            "GET /v1/contacts/chat-auth-token",
            "POST /widget/v1/identify",
            "GET /livechat.js",
            "GET /widget/v1/conversations/{id}",
        ]
    );
    let token = &entries[0];
    assert_eq!(token["server"], "api");
    assert_eq!(token["query"], "email=john@example.com");
    assert_eq!(token["status"], 200);
    assert_eq!(token["workspace"], mock.wid(), "told by the API key");
    let identify = &entries[1];
    assert_eq!(identify["method"], "POST");
    assert_eq!(identify["path"], "/widget/v1/identify");
    assert_eq!(identify["headers"]["origin"], "http://localhost:9");
    assert_eq!(identify["headers"]["cookie"], "a=b");
    assert_eq!(identify["headers"]["x-ignored"], Value::Null);
    assert_eq!(
        serde_json::from_str::<Value>(identify["body"].as_str().unwrap_or("")).ok(),
        Some(json!({ "email": JOHN }))
    );
    assert_eq!(entries[3]["path"], "/widget/v1/conversations/231");
    assert_eq!(entries[3]["status"], 401);
    let seqs: Vec<u64> = entries.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    // The root crate reads entries with this type.
    let typed: Result<Vec<herodesk_mock::journal::Entry>, _> =
        serde_json::from_value(Value::Array(entries));
    assert!(typed.is_ok(), "{typed:?}");
}

#[tokio::test]
async fn counts_filters_and_isolation() {
    let a = Mock::new();
    let b_ws = a.state.workspaces.create();
    for _ in 0..3 {
        a.widget(
            Method::POST,
            "/widget/v1/identify",
            &[],
            Some(json!({ "email": JOHN })),
        )
        .await;
    }
    a.call(request(
        Method::POST,
        &format!("/widget/v1/identify?wid={}", b_ws.widget_id),
        &[],
        Some(json!({ "email": JOHN })),
    ))
    .await;
    let counts = a
        .get(&format!("/admin/workspaces/{}/journal/counts", a.wid()))
        .await
        .json();
    assert_eq!(counts, json!({ "POST /widget/v1/identify": 3 }));
    let counts_b = a
        .get(&format!(
            "/admin/workspaces/{}/journal/counts",
            b_ws.widget_id
        ))
        .await
        .json();
    assert_eq!(counts_b, json!({ "POST /widget/v1/identify": 1 }));

    let all = journal(&a, a.wid(), "").await;
    let mark = all[1]["seq"].as_u64().unwrap_or_default();
    assert_eq!(
        journal(&a, a.wid(), &format!("?after_seq={mark}"))
            .await
            .len(),
        1
    );
    assert_eq!(
        journal(&a, a.wid(), "?route=POST%20/widget/v1/identify")
            .await
            .len(),
        3
    );
    assert_eq!(
        journal(&a, a.wid(), "?route=GET%20/livechat.js")
            .await
            .len(),
        0
    );
    assert_eq!(
        journal(&a, a.wid(), "?since_ms=99999999999999").await.len(),
        0
    );
    assert_eq!(journal(&a, a.wid(), "?since_ms=0").await.len(), 3);
    a.get(&format!(
        "/admin/workspaces/{}/journal?since_ms=soon",
        a.wid()
    ))
    .await
    .assert_error(400, "bad_request");
}

#[tokio::test]
async fn reset_forgets_one_workspace_and_sequence_numbers_keep_rising() {
    let a = Mock::new();
    let b_ws = a.state.workspaces.create();
    a.get(&format!("/livechat.js?wid={}", a.wid())).await;
    a.get(&format!("/livechat.js?wid={}", b_ws.widget_id)).await;
    let before = journal(&a, a.wid(), "").await;
    let reset = a
        .call(request(
            Method::DELETE,
            &format!("/admin/workspaces/{}/journal", a.wid()),
            &[],
            None,
        ))
        .await;
    assert_eq!(reset.status, 204);
    assert!(journal(&a, a.wid(), "").await.is_empty());
    assert_eq!(
        journal(&a, &b_ws.widget_id, "").await.len(),
        1,
        "the other workspace keeps its entries"
    );
    a.get(&format!("/livechat.js?wid={}", a.wid())).await;
    let after = journal(&a, a.wid(), "").await;
    assert!(
        after[0]["seq"].as_u64() > before[0]["seq"].as_u64(),
        "a mark taken before a reset stays valid"
    );
}

#[tokio::test]
async fn the_admin_api_is_not_journaled_and_unknown_workspaces_are_404() {
    let mock = Mock::new();
    for _ in 0..3 {
        journal(&mock, mock.wid(), "").await;
    }
    assert!(journal(&mock, mock.wid(), "").await.is_empty());
    for path in [
        "/admin/workspaces/nope/journal",
        "/admin/workspaces/nope/journal/counts",
    ] {
        mock.get(path).await.assert_error(404, "not_found");
    }
    mock.call(request(
        Method::DELETE,
        "/admin/workspaces/nope/journal",
        &[],
        None,
    ))
    .await
    .assert_error(404, "not_found");
}

#[tokio::test]
async fn host_site_requests_are_journaled_as_site() {
    let mock = Mock::new();
    crate::common::send(
        mock.site(),
        request(
            Method::GET,
            &format!("/w/{}/?token=none&email={JOHN}", mock.wid()),
            &[],
            None,
        ),
    )
    .await;
    let entries = journal(&mock, mock.wid(), "").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["server"], "site");
    assert_eq!(entries[0]["route"], "GET /w/{wid}/");
}
