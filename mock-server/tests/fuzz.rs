//! Bad input, fuzzed: generated requests (methods, paths, query strings, headers, JSON and
//! non-JSON bodies) thrown at the REST API, the widget API and the script through the router.
//! Every answer must be below 500, every 4xx a JSON `{error, message}`, every body complete
//! (no dropped connection), and for a documented route the status one that `/openapi.json`
//! lists for it. A panic fails the case too. `FUZZ_CASES` sets how many requests (default
//! 4000); the count tried is printed (`cargo test -p herodesk-mock --test fuzz -- --nocapture`).

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use axum::{
    body::Body,
    http::{HeaderValue, Method, Request},
};
use herodesk_mock::{
    api_router, auth_token::auth_token, journal::Filter, routes::openapi::document,
    state::AppState, workspace::Workspace,
};
use http_body_util::BodyExt;
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use serde_json::{Value, json};
use tower::ServiceExt;

/// What the generator knows of the mock: real ids and credentials, so that generated requests
/// get past the first checks and reach the deeper code paths.
#[derive(Debug, Clone)]
struct Known {
    wid: String,
    api_key: String,
    uuid: String,
    token: String,
    other_uuid: String,
}

#[derive(Debug, Clone)]
struct FuzzRequest {
    method: Method,
    path: String,
    query: Option<String>,
    headers: Vec<(String, Vec<u8>)>,
    body: Option<Vec<u8>>,
}

/// Text worth trying: real words of the API, numbers, empties, and anything at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("john@example.com".to_owned()),
        Just("JOHN@Example.com ".to_owned()),
        Just("Zoe.Muller+chat@Example.DE".to_owned()),
        Just("231".to_owned()),
        Just("-1".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("0".repeat(64)),
        "[0-9]{1,8}",
        "[a-z@.+]{0,20}",
        any::<String>(),
        "\\PC{0,40}",
    ]
}

/// Percent-encodes every byte outside the unreserved set, so any text fits in a URI.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON object with the API's own field names, each of a random type.
fn api_object() -> impl Strategy<Value = Value> {
    const FIELDS: &[&str] = &[
        "email",
        "firstname",
        "lastname",
        "auth_token",
        "code",
        "body",
        "route",
        "status",
        "delay_ms",
        "drop",
        "times",
    ];
    prop::collection::btree_map(prop::sample::select(FIELDS), json_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

fn body() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        Just(None),
        api_object().prop_map(|v| Some(v.to_string().into_bytes())),
        json_value().prop_map(|v| Some(v.to_string().into_bytes())),
        Just(Some(
            json!({ "email": "john@example.com" })
                .to_string()
                .into_bytes()
        )),
        prop::collection::vec(any::<u8>(), 0..200).prop_map(Some),
        "\\{[\"a-z:, 0-9\\[\\]{}]{0,40}".prop_map(|s| Some(s.into_bytes())),
    ]
}

fn path(known: &Known) -> impl Strategy<Value = String> {
    let wid = known.wid.clone();
    prop_oneof![
        4 => prop::sample::select(vec![
            "/v1/contacts/chat-auth-token",
            "/livechat.js",
            "/openapi.json",
            "/widget/v1/identify",
            "/widget/v1/verification/start",
            "/widget/v1/verification/confirm",
            "/widget/v1/session",
            "/widget/v1/conversations",
            "/widget/v1/unread",
        ])
        .prop_map(str::to_owned),
        3 => (
            text(),
            prop::sample::select(vec!["", "/messages", "/read", "/x", "/messages/1"])
        )
            .prop_map(|(id, tail)| format!("/widget/v1/conversations/{}{tail}", encode(&id))),
        1 => prop::collection::vec(text(), 0..5)
            .prop_map(|segments| format!("/{}", segments.iter().map(|s| encode(s)).collect::<Vec<_>>().join("/"))),
        1 => text().prop_map(move |s| format!("/widget/v1/{}?wid={wid}", encode(&s)))
            .prop_map(|p| p.split('?').next().unwrap_or("/").to_owned()),
    ]
}

fn query(known: &Known) -> impl Strategy<Value = Option<String>> {
    let wid = known.wid.clone();
    let key = prop_oneof![
        prop::sample::select(vec![
            "wid",
            "email",
            "id",
            "route",
            "since_ms",
            "after_seq",
            "wid"
        ])
        .prop_map(str::to_owned),
        text(),
    ];
    let value = prop_oneof![Just(wid), Just("nope".to_owned()), text()];
    prop_oneof![
        1 => Just(None),
        4 => prop::collection::vec((key, value), 0..4).prop_map(|pairs| {
            Some(
                pairs
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )
        }),
        1 => "[a-zA-Z0-9=&%;+/?:@!$'()*,._~-]{0,40}".prop_map(Some),
    ]
}

fn headers(known: &Known) -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let bearer = format!("Bearer {}", known.api_key);
    let authorization = prop_oneof![
        Just(None),
        Just(Some(bearer.into_bytes())),
        text().prop_map(|t| Some(format!("Bearer {t}").into_bytes())),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ];
    let session = prop_oneof![
        Just(None),
        Just(Some((known.uuid.clone(), known.token.clone()))),
        Just(Some((known.other_uuid.clone(), known.token.clone()))),
        (text(), text()).prop_map(Some),
    ];
    let content_type = prop_oneof![
        Just(Some("application/json")),
        Just(Some("application/json; charset=utf-8")),
        Just(Some("text/plain")),
        Just(Some("application/x-www-form-urlencoded")),
        Just(None),
    ];
    let origin = prop_oneof![
        Just(None),
        Just(Some("http://localhost:9")),
        Just(Some("null"))
    ];
    (authorization, session, content_type, origin).prop_map(|(auth, session, ct, origin)| {
        let mut h = Vec::new();
        if let Some(a) = auth {
            h.push(("authorization".to_owned(), a));
        }
        if let Some((uuid, token)) = session {
            h.push(("x-herodesk-contact".to_owned(), uuid.into_bytes()));
            h.push(("x-herodesk-verification".to_owned(), token.into_bytes()));
        }
        if let Some(ct) = ct {
            h.push(("content-type".to_owned(), ct.as_bytes().to_vec()));
        }
        if let Some(o) = origin {
            h.push(("origin".to_owned(), o.as_bytes().to_vec()));
        }
        h
    })
}

/// Documented operations with `{id}` filled in: most requests aim at a real route with the
/// right method, so they get past routing and into the handlers.
fn operation() -> impl Strategy<Value = (Method, String)> {
    let ops: Vec<(Method, String)> = herodesk_mock::routes::openapi::operations()
        .into_iter()
        .filter_map(|op| {
            let (m, p) = op.split_once(' ')?;
            Some((Method::from_bytes(m.as_bytes()).ok()?, p.to_owned()))
        })
        .collect();
    (prop::sample::select(ops), text()).prop_map(|((method, template), id)| {
        let id = if id.is_empty() {
            "231".to_owned()
        } else {
            encode(&id)
        };
        (method, template.replace("{id}", &id))
    })
}

fn request(known: &Known) -> impl Strategy<Value = FuzzRequest> {
    let method = prop_oneof![
        4 => Just(Method::GET),
        4 => Just(Method::POST),
        1 => Just(Method::PUT),
        1 => Just(Method::DELETE),
        1 => Just(Method::PATCH),
        1 => Just(Method::HEAD),
        1 => Just(Method::OPTIONS),
        1 => "[A-Z]{1,8}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap_or(Method::GET)),
    ];
    let target = prop_oneof![
        3 => operation(),
        2 => (method, path(known)),
    ];
    let wid = known.wid.clone();
    let query = (any::<bool>(), query(known)).prop_map(move |(with_wid, q)| match (with_wid, q) {
        (true, Some(q)) => Some(format!("wid={wid}&{q}")),
        (true, None) => Some(format!("wid={wid}")),
        (false, q) => q,
    });
    (target, query, headers(known), body()).prop_map(|((method, path), query, headers, body)| {
        FuzzRequest {
            method,
            path,
            query,
            headers,
            body,
        }
    })
}

/// The statuses `/openapi.json` documents for `route` (`METHOD /template`), if it is documented.
fn documented_statuses(route: &str) -> Option<Vec<u16>> {
    let (method, template) = route.split_once(' ')?;
    let item = document().paths.paths.get(template)?;
    let op = match method {
        "GET" | "HEAD" => item.get.as_ref(),
        "POST" => item.post.as_ref(),
        _ => None,
    }?;
    Some(
        op.responses
            .responses
            .keys()
            .filter_map(|k| k.parse().ok())
            .collect(),
    )
}

fn setup() -> (AppState, Known) {
    let state = AppState::new(
        "/* widget */",
        "http://127.0.0.1:9".into(),
        "http://localhost:9".into(),
    );
    let ws = state.workspaces.insert(Workspace::new(
        "fuzz".into(),
        "fuzz-key".into(),
        "fuzz-secret".into(),
    ));
    let uuid = ws.contact_uuid("john@example.com");
    let token =
        herodesk_mock::auth_token::verification_token(&ws.server_secret, &ws.widget_id, &uuid);
    // The identity secret is known here only to make a valid `auth_token` for some bodies.
    let _ = auth_token(&ws.identity_secret, "john@example.com");
    let known = Known {
        wid: ws.widget_id.clone(),
        api_key: ws.api_key.clone(),
        other_uuid: ws.contact_uuid("Zoe.Muller+chat@Example.DE"),
        uuid,
        token,
    };
    (state, known)
}

#[test]
fn generated_bad_requests_never_get_a_5xx_a_non_json_error_or_a_dropped_connection() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let (state, known) = setup();
    let tried = Arc::new(AtomicU64::new(0));
    let by_status = Arc::new(std::sync::Mutex::new(
        std::collections::BTreeMap::<u16, u64>::new(),
    ));
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&request(&known), |req| {
        tried.fetch_add(1, Ordering::Relaxed);
        let uri = match &req.query {
            Some(q) => format!("{}?{q}", req.path),
            None => req.path.clone(),
        };
        let mut builder = Request::builder().method(req.method.clone()).uri(&uri);
        for (name, value) in &req.headers {
            if let Ok(value) = HeaderValue::from_bytes(value) {
                builder = builder.header(name, value);
            }
        }
        let Ok(http_req) =
            builder.body(req.body.clone().map(Body::from).unwrap_or_else(Body::empty))
        else {
            // Not a request a client could send (an invalid URI): nothing to test.
            return Ok(());
        };
        // One entry at a time, so reading the route this request matched stays cheap.
        state.journal.reset(None);
        let router = api_router(state.clone());
        let (status, content_type, body) = rt.block_on(async {
            let response = router
                .oneshot(http_req)
                .await
                .unwrap_or_else(|e| match e {});
            let status = response.status().as_u16();
            let ct = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response.into_body().collect().await.map(|b| b.to_bytes());
            (status, ct, body)
        });
        *by_status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(status)
            .or_default() += 1;
        let body = body.map_err(|e| {
            TestCaseError::fail(format!(
                "{uri}: the body failed (a dropped connection): {e}"
            ))
        })?;
        prop_assert!(
            status < 500,
            "{} {uri} answered {status}: {}",
            req.method,
            String::from_utf8_lossy(&body)
        );
        if (400..500).contains(&status) && req.method != Method::HEAD {
            prop_assert_eq!(
                content_type.as_deref(),
                Some("application/json"),
                "{} {}",
                req.method,
                uri
            );
            let json: Value = serde_json::from_slice(&body).map_err(|e| {
                TestCaseError::fail(format!("{uri}: {status} body is not JSON: {e}"))
            })?;
            prop_assert!(
                json["error"].is_string() && json["message"].is_string(),
                "{uri}: {json}"
            );
        }
        let last = state.journal.entries(&Filter::default()).pop();
        if let Some(route) = last.map(|e| e.route)
            && req.method != Method::OPTIONS
            && let Some(statuses) = documented_statuses(&route)
        {
            prop_assert!(
                statuses.contains(&status),
                "{route} answered {status}, documented: {statuses:?}"
            );
        }
        Ok(())
    });
    let tried = tried.load(Ordering::Relaxed);
    let by_status = by_status.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let five_xx: u64 = by_status
        .iter()
        .filter(|(s, _)| **s >= 500)
        .map(|(_, n)| n)
        .sum();
    println!("fuzz: {tried} requests tried, {five_xx} answered 5xx; by status: {by_status:?}");
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(tried >= u64::from(cases), "{tried} < {cases}");
}
