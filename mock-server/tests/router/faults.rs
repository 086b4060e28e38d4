//! Fault injection per route and workspace: status, delay, dropped connection; for the next
//! K calls or until cleared; journaled.

use std::time::{Duration, Instant};

use axum::http::Method;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common::{JOHN, Mock, request};

const IDENTIFY: &str = "POST /widget/v1/identify";

async fn add_fault(mock: &Mock, wid: &str, fault: Value) -> crate::common::Answer {
    mock.call(request(
        Method::POST,
        &format!("/admin/workspaces/{wid}/faults"),
        &[],
        Some(fault),
    ))
    .await
}

async fn identify_status(mock: &Mock) -> u16 {
    mock.widget(
        Method::POST,
        "/widget/v1/identify",
        &[],
        Some(json!({ "email": JOHN })),
    )
    .await
    .status
    .as_u16()
}

#[tokio::test]
async fn a_status_fault_answers_json_for_the_next_k_calls_only() {
    let mock = Mock::new();
    let added = add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "status": 503, "times": 2 }),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.text);
    let faulted = mock
        .widget(
            Method::POST,
            "/widget/v1/identify",
            &[("origin", "http://localhost:9")],
            Some(json!({ "email": JOHN })),
        )
        .await;
    faulted.assert_error(503, "injected_fault");
    assert!(
        faulted.headers.contains_key("access-control-allow-origin"),
        "the page sees the 503, not a CORS failure"
    );
    assert_eq!(identify_status(&mock).await, 503);
    assert_eq!(identify_status(&mock).await, 200);
    let journal = mock
        .get(&format!("/admin/workspaces/{}/journal", mock.wid()))
        .await
        .json();
    let seen: Vec<(Value, Value)> = journal
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["status"].clone(), e["fault"].clone()))
        .collect();
    assert_eq!(
        seen,
        [
            (json!(503), json!("status 503")),
            (json!(503), json!("status 503")),
            (json!(200), Value::Null)
        ]
    );
}

#[tokio::test]
async fn a_fault_without_times_holds_until_cleared_and_is_listed() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": "GET /widget/v1/unread", "status": 500 }),
    )
    .await;
    let listed = mock
        .get(&format!("/admin/workspaces/{}/faults", mock.wid()))
        .await;
    assert_eq!(listed.json()[0]["route"], "GET /widget/v1/unread");
    assert_eq!(listed.json()[0]["remaining"], Value::Null);
    for _ in 0..5 {
        let answer = mock
            .widget(Method::GET, "/widget/v1/unread", &[], None)
            .await;
        assert_eq!(answer.status, 500, "before the session check");
    }
    let cleared = mock
        .call(request(
            Method::DELETE,
            &format!("/admin/workspaces/{}/faults", mock.wid()),
            &[],
            None,
        ))
        .await;
    assert_eq!(cleared.status, 204);
    assert_eq!(
        mock.widget(Method::GET, "/widget/v1/unread", &[], None)
            .await
            .status,
        401
    );
    assert_eq!(
        mock.get(&format!("/admin/workspaces/{}/faults", mock.wid()))
            .await
            .json(),
        json!([])
    );
}

#[tokio::test]
async fn faults_are_per_workspace_and_per_route() {
    let mock = Mock::new();
    let other = mock.state.workspaces.create();
    add_fault(
        &mock,
        &other.widget_id,
        json!({ "route": IDENTIFY, "status": 500 }),
    )
    .await;
    assert_eq!(
        identify_status(&mock).await,
        200,
        "another workspace's fault"
    );
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": "POST /widget/v1/verification/start", "status": 500 }),
    )
    .await;
    assert_eq!(identify_status(&mock).await, 200, "another route's fault");
}

#[tokio::test]
async fn rest_api_faults_apply_by_the_key_s_workspace() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": "GET /v1/contacts/chat-auth-token", "status": 500, "times": 1 }),
    )
    .await;
    mock.token("?id=123")
        .await
        .assert_error(500, "injected_fault");
    assert_eq!(mock.token("?id=123").await.status, 200);
}

#[tokio::test]
async fn a_delay_fault_waits_then_answers_normally() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "delay_ms": 300, "times": 1 }),
    )
    .await;
    let started = Instant::now();
    assert_eq!(identify_status(&mock).await, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    identify_status(&mock).await;
    assert!(started.elapsed() < Duration::from_millis(300));
    let journal = mock
        .get(&format!("/admin/workspaces/{}/journal", mock.wid()))
        .await
        .json();
    assert_eq!(journal[0]["fault"], "delay 300ms");
}

#[tokio::test]
async fn a_drop_fault_fails_the_body_in_the_router() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "drop": true, "times": 1 }),
    )
    .await;
    let response = mock
        .api()
        .oneshot(request(
            Method::POST,
            &format!("/widget/v1/identify?wid={}", mock.wid()),
            &[],
            Some(json!({ "email": JOHN })),
        ))
        .await
        .unwrap_or_else(|e| match e {});
    assert!(
        response.into_body().collect().await.is_err(),
        "the body fails"
    );
    let journal = mock
        .get(&format!("/admin/workspaces/{}/journal", mock.wid()))
        .await
        .json();
    assert_eq!(journal[0]["status"], 0);
    assert_eq!(journal[0]["fault"], "drop");
}

#[tokio::test]
async fn a_drop_fault_is_a_connection_error_for_a_real_client() {
    let mock = herodesk_mock::start(herodesk_mock::MockConfig::loopback(String::new()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ws = mock.state.workspaces.create();
    let http = reqwest::Client::new();
    let added = http
        .post(format!(
            "{}/admin/workspaces/{}/faults",
            mock.api_url(),
            ws.widget_id
        ))
        .json(&json!({ "route": IDENTIFY, "drop": true, "times": 1 }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(added.status(), 201);
    let url = format!("{}/widget/v1/identify?wid={}", mock.api_url(), ws.widget_id);
    let dropped = http.post(&url).json(&json!({ "email": JOHN })).send().await;
    match dropped {
        Err(e) => assert!(!e.is_status(), "{e}"),
        Ok(r) => panic!(
            "the client got an answer: {} {:?}",
            r.status(),
            r.text().await
        ),
    }
    // The fault was for one call: the next one is answered, on a new connection.
    let next = http.post(&url).json(&json!({ "email": JOHN })).send().await;
    assert_eq!(next.map(|r| r.status().as_u16()).ok(), Some(200));
}

#[tokio::test]
async fn bad_fault_specs_are_400() {
    let mock = Mock::new();
    for spec in [
        json!({ "route": "POST /widget/v1/identfy", "status": 500 }),
        json!({ "route": "/widget/v1/identify", "status": 500 }),
        json!({ "route": IDENTIFY }),
        json!({ "route": IDENTIFY, "status": 200 }),
        json!({ "route": IDENTIFY, "status": 500, "drop": true }),
        json!({ "route": IDENTIFY, "status": 500, "times": 0 }),
        json!({ "route": IDENTIFY, "delay_ms": 10_000_000 }),
        json!({ "route": IDENTIFY, "status": "500" }),
        json!({ "route": IDENTIFY, "status": 500, "when": "always" }),
        json!({ "route": "POST /admin/workspaces", "status": 500 }),
    ] {
        add_fault(&mock, mock.wid(), spec.clone())
            .await
            .assert_error(400, "bad_request");
    }
    add_fault(&mock, "nope", json!({ "route": IDENTIFY, "status": 500 }))
        .await
        .assert_error(404, "not_found");
    // The method is case-insensitive; the route template is the journal's.
    let ok = add_fault(
        &mock,
        mock.wid(),
        json!({ "route": "get /widget/v1/conversations/{id}", "status": 500 }),
    )
    .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.json()["route"], "GET /widget/v1/conversations/{id}");
}

#[tokio::test]
async fn the_script_can_be_faulted_too() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": "GET /livechat.js", "status": 503, "times": 1 }),
    )
    .await;
    mock.get(&format!("/livechat.js?wid={}", mock.wid()))
        .await
        .assert_error(503, "injected_fault");
    assert_eq!(
        mock.get(&format!("/livechat.js?wid={}", mock.wid()))
            .await
            .status,
        200
    );
}

/// A call still being answered is already in the journal, marked in flight, so a test that
/// counts calls cannot miss one that has not answered yet (spec H2 counts them that way).
#[tokio::test]
async fn a_call_in_flight_is_journaled_before_it_answers() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "delay_ms": 1500, "times": 1 }),
    )
    .await;
    let journal_path = format!("/admin/workspaces/{}/journal", mock.wid());
    let in_flight_seen = async {
        let deadline = Instant::now() + Duration::from_millis(1400);
        loop {
            let entries = mock.get(&journal_path).await.json();
            let identify = entries
                .as_array()
                .into_iter()
                .flatten()
                .find(|e| e["route"] == IDENTIFY)
                .cloned();
            if let Some(e) = identify {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "the identify call was not journaled while in flight"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let (status, entry) = tokio::join!(identify_status(&mock), in_flight_seen);
    assert_eq!(status, 200);
    assert_eq!(entry["in_flight"], true, "{entry}");
    assert_eq!(entry["status"], 0, "{entry}");
    let after = mock.get(&journal_path).await.json();
    let done = &after.as_array().unwrap()[0];
    assert_eq!(
        (done["in_flight"].clone(), done["status"].clone()),
        (json!(false), json!(200))
    );
}

/// A held answer stays in flight in the journal until the admin API releases it, then answers
/// as the handler does; releasing takes the oldest first and says how many are left.
#[tokio::test]
async fn a_hold_fault_keeps_the_call_in_flight_until_released() {
    let mock = Mock::new();
    let added = add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "hold": true, "times": 2 }),
    )
    .await;
    assert_eq!(added.status, 201);
    let journal_path = format!("/admin/workspaces/{}/journal", mock.wid());
    let release_path = format!("/admin/workspaces/{}/faults/release", mock.wid());
    let in_flight = || async {
        let entries = mock.get(&journal_path).await.json();
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["route"] == IDENTIFY && e["in_flight"] == true)
            .count()
    };
    let steer = async {
        // Both calls reach the journal and stay in flight: nothing but a release ends them.
        let deadline = Instant::now() + Duration::from_secs(5);
        while in_flight().await < 2 {
            assert!(
                Instant::now() < deadline,
                "the held calls were not journaled"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(in_flight().await, 2, "a held call answered by itself");
        let first = mock
            .call(request(
                Method::POST,
                &release_path,
                &[],
                Some(json!({ "route": "post /widget/v1/identify", "count": 1 })),
            ))
            .await;
        assert_eq!(first.status, 200);
        assert_eq!(first.json(), json!({ "released": 1, "still_held": 1 }));
        let rest = mock
            .call(request(Method::POST, &release_path, &[], Some(json!({}))))
            .await;
        assert_eq!(rest.json(), json!({ "released": 1, "still_held": 0 }));
    };
    let (a, b, ()) = tokio::join!(identify_status(&mock), identify_status(&mock), steer);
    assert_eq!((a, b), (200, 200));
    let journal = mock.get(&journal_path).await.json();
    let identify: Vec<_> = journal
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["route"] == IDENTIFY)
        .collect();
    assert_eq!(identify.len(), 2);
    assert!(
        identify
            .iter()
            .all(|e| e["in_flight"] == false && e["fault"] == "hold"),
        "{identify:?}"
    );
    // The fault was for two calls: the third answers at once.
    let started = Instant::now();
    assert_eq!(identify_status(&mock).await, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// Clearing the faults lets held answers go, with the status the hold carried.
#[tokio::test]
async fn clearing_faults_releases_held_answers_with_their_status() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "hold": true, "status": 503 }),
    )
    .await;
    let faults_path = format!("/admin/workspaces/{}/faults", mock.wid());
    let journal_path = format!("/admin/workspaces/{}/journal", mock.wid());
    let clear = async {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let journal = mock.get(&journal_path).await.json();
            if journal.as_array().is_some_and(|a| !a.is_empty()) {
                break;
            }
            assert!(Instant::now() < deadline, "the held call was not journaled");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let cleared = mock
            .call(request(Method::DELETE, &faults_path, &[], None))
            .await;
        assert_eq!(cleared.status, 204);
    };
    let (status, ()) = tokio::join!(identify_status(&mock), clear);
    assert_eq!(status, 503);
}

#[tokio::test]
async fn bad_hold_and_release_specs_are_400() {
    let mock = Mock::new();
    add_fault(
        &mock,
        mock.wid(),
        json!({ "route": IDENTIFY, "hold": true, "delay_ms": 5 }),
    )
    .await
    .assert_error(400, "bad_request");
    mock.call(request(
        Method::POST,
        &format!("/admin/workspaces/{}/faults/release", mock.wid()),
        &[],
        Some(json!({ "count": 0 })),
    ))
    .await
    .assert_error(400, "bad_request");
}
