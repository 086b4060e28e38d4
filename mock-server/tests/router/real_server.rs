//! One test through real sockets: `start` binds port 0 for both origins, and a real HTTP
//! client gets a token, the script and a host page whose server fetched a valid token.

use herodesk_mock::{MockConfig, auth_token::verify_auth_token, start};

use crate::common::JOHN;

#[tokio::test]
async fn start_serves_both_origins_on_free_ports() {
    let mock = start(MockConfig::loopback("/* the widget */".into()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let http = reqwest::Client::new();
    let created: herodesk_mock::routes::admin::CreatedWorkspace = http
        .post(format!("{}/admin/workspaces", mock.api_url()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let token: serde_json::Value = http
        .get(format!("{}/v1/contacts/chat-auth-token", mock.api_url()))
        .query(&[("email", JOHN)])
        .bearer_auth(&created.api_key)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let token = token["auth_token"].as_str().unwrap_or_default().to_owned();
    assert!(verify_auth_token(&created.identity_secret, JOHN, &token));

    let script = http
        .get(format!(
            "{}/livechat.js?wid={}",
            mock.api_url(),
            created.widget_id
        ))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        script
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        script.text().await.ok().as_deref(),
        Some("/* the widget */")
    );

    assert!(created.site_url.starts_with(mock.site_url()));
    let page = http
        .get(format!(
            "{}?email={JOHN}",
            created.site_url.replace("localhost", "127.0.0.1")
        ))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains(&format!("\"auth_token\":\"{token}\"")),
        "{page}"
    );
    assert!(!page.contains(&created.api_key));
}
