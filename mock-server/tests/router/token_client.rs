//! The host site's server-side token fetch (`site/token_client.rs`) against a stand-in REST
//! API: the honest tool here is an HTTP peer that answers as told.

use std::time::{Duration, Instant};

use herodesk_mock::site::token_client::{
    TokenFetchError, fetch_auth_token, fetch_auth_token_within,
};
use serde_json::json;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{header, method, path, query_param},
};

const TOKEN_PATH: &str = "/v1/contacts/chat-auth-token";

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(TOKEN_PATH))
        .and(query_param("email", "john+shop@example.com"))
        .and(header("authorization", "Bearer the-key"))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn fetch(server: &MockServer) -> Result<String, TokenFetchError> {
    fetch_auth_token(
        &reqwest::Client::new(),
        &server.uri(),
        "the-key",
        "john+shop@example.com",
    )
    .await
}

#[tokio::test]
async fn a_200_gives_the_token_and_sends_the_key_as_bearer() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "contact_id": 123, "email": "john+shop@example.com", "name": "John", "auth_token": "abc123"
    })))
    .await;
    assert_eq!(fetch(&server).await.ok().as_deref(), Some("abc123"));
}

#[tokio::test]
async fn a_401_is_refused_with_the_api_s_message() {
    let server =
        server_answering(ResponseTemplate::new(401).set_body_json(
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
}

#[tokio::test]
async fn a_500_with_a_non_json_body_is_refused_with_the_raw_body() {
    let server =
        server_answering(ResponseTemplate::new(500).set_body_string("upstream exploded")).await;
    match fetch(&server).await {
        Err(TokenFetchError::Refused {
            status: 500,
            message,
        }) => assert_eq!(message, "upstream exploded"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_200_without_the_documented_body_is_a_bad_body() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({ "token": "x" }))).await;
    assert!(matches!(
        fetch(&server).await,
        Err(TokenFetchError::BadBody(_))
    ));
}

#[tokio::test]
async fn a_slow_api_times_out_as_unreachable() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(json!({ "auth_token": "late" }))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let started = Instant::now();
    let result = fetch_auth_token_within(
        &reqwest::Client::new(),
        &server.uri(),
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
