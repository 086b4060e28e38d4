//! The host site's server-side token fetch (`site/token_client.rs`) against a stand-in REST
//! API: the honest tool here is an HTTP peer that answers as told.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::Query,
    http::{HeaderMap, StatusCode, header},
    routing::get,
};
use herodesk_mock::site::token_client::{
    TokenFetchError, fetch_auth_token, fetch_auth_token_within,
};
use serde_json::json;
use tokio::{net::TcpListener, task::JoinHandle};

const TOKEN_PATH: &str = "/v1/contacts/chat-auth-token";

/// What the stand-in API answers: status, content type, body and how long it waits first.
#[derive(Clone)]
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: String,
    delay: Duration,
}

impl Reply {
    fn json(status: u16, body: serde_json::Value) -> Self {
        Self::new(status, "application/json", body.to_string())
    }

    fn text(status: u16, body: &str) -> Self {
        Self::new(status, "text/plain", body.to_owned())
    }

    fn new(status: u16, content_type: &'static str, body: String) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap(),
            content_type,
            body,
            delay: Duration::ZERO,
        }
    }

    /// The same reply, sent only after `delay`: an API too slow to wait for.
    fn after(self, delay: Duration) -> Self {
        Self { delay, ..self }
    }
}

/// A stand-in REST API on a free port of 127.0.0.1, served by axum on the test's runtime. It
/// gives its reply only to the request the site must send (a GET of the token path for John's
/// address, with the key as bearer) and counts those; anything else gets a bare 404, so a
/// request the site sends wrongly fails the test's own assertions, and [`TokenApi::asked_once`]
/// proves the right one was sent, once.
struct TokenApi {
    uri: String,
    asked: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl TokenApi {
    async fn start(reply: Reply) -> Self {
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let router = Router::new().route(
            TOKEN_PATH,
            get(
                move |Query(query): Query<HashMap<String, String>>, headers: HeaderMap| {
                    let (reply, counter) = (reply.clone(), Arc::clone(&counter));
                    async move {
                        let email = query.get("email").map(String::as_str);
                        let bearer = headers.get(header::AUTHORIZATION);
                        if email != Some("john+shop@example.com")
                            || bearer.is_none_or(|v| v != "Bearer the-key")
                        {
                            return (
                                StatusCode::NOT_FOUND,
                                [(header::CONTENT_TYPE, "text/plain")],
                                String::new(),
                            );
                        }
                        counter.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(reply.delay).await;
                        (
                            reply.status,
                            [(header::CONTENT_TYPE, reply.content_type)],
                            reply.body,
                        )
                    }
                },
            ),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self { uri, asked, task }
    }

    /// Asserts that the site's request reached the API exactly once.
    #[track_caller]
    fn asked_once(&self) {
        assert_eq!(
            self.asked.load(Ordering::SeqCst),
            1,
            "requests for John's token with the key as bearer"
        );
    }
}

impl Drop for TokenApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn fetch(server: &TokenApi) -> Result<String, TokenFetchError> {
    fetch_auth_token(
        &reqwest::Client::new(),
        &server.uri,
        "the-key",
        "john+shop@example.com",
    )
    .await
}

#[tokio::test]
async fn a_200_gives_the_token_and_sends_the_key_as_bearer() {
    let server = TokenApi::start(Reply::json(
        200,
        json!({
            "contact_id": 123, "email": "john+shop@example.com", "name": "John", "auth_token": "abc123"
        }),
    ))
    .await;
    assert_eq!(fetch(&server).await.ok().as_deref(), Some("abc123"));
    server.asked_once();
}

#[tokio::test]
async fn a_401_is_refused_with_the_api_s_message() {
    let server = TokenApi::start(Reply::json(
        401,
        json!({ "error": "unauthorized", "message": "the API key is not valid" }),
    ))
    .await;
    match fetch(&server).await {
        Err(TokenFetchError::Refused {
            status: 401,
            message,
        }) => assert_eq!(message, "the API key is not valid"),
        other => panic!("{other:?}"),
    }
    server.asked_once();
}

#[tokio::test]
async fn a_500_with_a_non_json_body_is_refused_with_the_raw_body() {
    let server = TokenApi::start(Reply::text(500, "upstream exploded")).await;
    match fetch(&server).await {
        Err(TokenFetchError::Refused {
            status: 500,
            message,
        }) => assert_eq!(message, "upstream exploded"),
        other => panic!("{other:?}"),
    }
    server.asked_once();
}

#[tokio::test]
async fn a_200_without_the_documented_body_is_a_bad_body() {
    let server = TokenApi::start(Reply::json(200, json!({ "token": "x" }))).await;
    assert!(matches!(
        fetch(&server).await,
        Err(TokenFetchError::BadBody(_))
    ));
    server.asked_once();
}

#[tokio::test]
async fn a_slow_api_times_out_as_unreachable() {
    let server = TokenApi::start(
        Reply::json(200, json!({ "auth_token": "late" })).after(Duration::from_secs(3)),
    )
    .await;
    let started = Instant::now();
    let result = fetch_auth_token_within(
        &reqwest::Client::new(),
        &server.uri,
        "the-key",
        "john+shop@example.com",
        Duration::from_millis(300),
    )
    .await;
    assert!(
        matches!(result, Err(TokenFetchError::Unreachable(_))),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up at the timeout"
    );
    server.asked_once();
}

#[tokio::test]
async fn no_server_at_all_is_unreachable() {
    let result =
        fetch_auth_token(&reqwest::Client::new(), "http://127.0.0.1:9", "k", "a@b.co").await;
    assert!(
        matches!(result, Err(TokenFetchError::Unreachable(_))),
        "{result:?}"
    );
}
