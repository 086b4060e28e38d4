//! CORS: none on the REST API for any origin or preflight (A5); open on the widget API.

use axum::http::{HeaderMap, Method};
use serde_json::json;

use crate::common::{Mock, request};

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

const ORIGINS: &[&str] = &[
    "http://localhost:9",
    "https://evil.example",
    "null",
    "http://127.0.0.1:9",
];

#[tokio::test]
async fn a5_the_token_endpoint_sends_no_cors_headers_for_any_origin() {
    let mock = Mock::new();
    let auth = format!("Bearer {}", mock.ws.api_key);
    for origin in ORIGINS {
        for query in ["?email=john@example.com", "?id=999", "", "?id=x"] {
            for key in [auth.as_str(), "Bearer wrong"] {
                let answer = mock
                    .call(request(
                        Method::GET,
                        &format!("/v1/contacts/chat-auth-token{query}"),
                        &[("origin", origin), ("authorization", key)],
                        None,
                    ))
                    .await;
                assert_eq!(
                    cors_headers(&answer.headers),
                    Vec::<String>::new(),
                    "{origin} {query} {}",
                    answer.status
                );
            }
        }
    }
}

#[tokio::test]
async fn a5_a_preflight_to_the_token_endpoint_gets_no_cors_headers() {
    let mock = Mock::new();
    for origin in ORIGINS {
        let answer = mock
            .call(request(
                Method::OPTIONS,
                "/v1/contacts/chat-auth-token?email=john@example.com",
                &[
                    ("origin", origin),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "authorization"),
                ],
                None,
            ))
            .await;
        assert_eq!(
            cors_headers(&answer.headers),
            Vec::<String>::new(),
            "{origin}"
        );
        assert!(!answer.status.is_success(), "{}", answer.status);
    }
}

const WIDGET_ROUTES: &[(&str, &str)] = &[
    ("POST", "/widget/v1/identify"),
    ("POST", "/widget/v1/verification/start"),
    ("POST", "/widget/v1/verification/confirm"),
    ("GET", "/widget/v1/session"),
    ("GET", "/widget/v1/conversations"),
    ("GET", "/widget/v1/conversations/231"),
    ("POST", "/widget/v1/conversations/231/messages"),
    ("POST", "/widget/v1/conversations/231/read"),
    ("GET", "/widget/v1/unread"),
];

#[tokio::test]
async fn every_widget_route_answers_a_preflight_with_cors() {
    let mock = Mock::new();
    for (method, path) in WIDGET_ROUTES {
        let answer = mock
            .call(request(
                Method::OPTIONS,
                &format!("{path}?wid={}", mock.wid()),
                &[
                    ("origin", "http://localhost:9"),
                    ("access-control-request-method", method),
                    (
                        "access-control-request-headers",
                        "content-type,x-herodesk-contact,x-herodesk-verification",
                    ),
                ],
                None,
            ))
            .await;
        assert!(answer.status.is_success(), "{path}: {}", answer.status);
        let h = &answer.headers;
        assert_eq!(
            h.get("access-control-allow-origin").map(|v| v.as_bytes()),
            Some(&b"*"[..]),
            "{path}"
        );
        assert!(h.contains_key("access-control-allow-methods"), "{path}");
        assert!(h.contains_key("access-control-allow-headers"), "{path}");
    }
}

#[tokio::test]
async fn widget_answers_carry_cors_including_errors() {
    let mock = Mock::new();
    for (method, path) in WIDGET_ROUTES {
        let method: Method = method.parse().unwrap_or(Method::GET);
        let body = (method == Method::POST).then(|| json!({ "email": "john@example.com" }));
        let answer = mock
            .widget(method, path, &[("origin", "http://localhost:9")], body)
            .await;
        assert_eq!(
            answer
                .headers
                .get("access-control-allow-origin")
                .map(|v| v.as_bytes()),
            Some(&b"*"[..]),
            "{path} answered {}",
            answer.status
        );
    }
}
