//! `GET /openapi.json`: an OpenAPI 3 document generated from the routes.

use serde_json::Value;

use crate::common::Mock;

#[tokio::test]
async fn the_document_parses_and_lists_the_rest_and_widget_apis() {
    let mock = Mock::new();
    let answer = mock.get("/openapi.json").await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let doc: Value = serde_json::from_str(&answer.text).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let token = &doc["paths"]["/v1/contacts/chat-auth-token"]["get"];
    assert!(token.is_object(), "{}", answer.text);
    let params: Vec<&str> = token["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(params, ["email", "id"]);
    for status in ["200", "400", "401", "404"] {
        assert!(token["responses"][status].is_object(), "{status}");
    }
    assert_eq!(token["security"][0]["api_key"], serde_json::json!([]));
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );
    for path in [
        "/widget/v1/identify",
        "/widget/v1/verification/start",
        "/widget/v1/verification/confirm",
        "/widget/v1/session",
        "/widget/v1/conversations",
        "/widget/v1/conversations/{id}",
        "/widget/v1/conversations/{id}/messages",
        "/widget/v1/conversations/{id}/read",
        "/widget/v1/unread",
        "/livechat.js",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    for schema in ["ChatAuthToken", "ErrorBody", "IdentifyResponse"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[test]
fn every_documented_operation_is_served() {
    // The fault API names routes by these; each must be a real route (not 404 or 405).
    let ops = herodesk_mock::routes::openapi::operations();
    assert!(ops.contains(&"GET /v1/contacts/chat-auth-token".to_owned()));
    assert_eq!(ops.len(), 11, "{ops:?}");
}
