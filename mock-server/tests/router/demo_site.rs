//! The demo customer site: pick a contact, sign in, get the widget pre-authenticated with a
//! token the site's server fetched; the agent console posts replies through the admin API.

use axum::http::Method;
use herodesk_mock::{MockConfig, auth_token::auth_token, start};
use serde_json::json;

use crate::common::{Mock, request, send};

fn with_demo(mock: &Mock) {
    mock.state
        .workspaces
        .insert(herodesk_mock::workspace::Workspace::new(
            "demo".into(),
            "demo-api-key".into(),
            "demo-identity-secret".into(),
        ));
}

#[tokio::test]
async fn the_root_leads_to_the_picker_which_lists_the_contacts_escaped() {
    let mock = Mock::new();
    with_demo(&mock);
    let root = send(mock.site(), request(Method::GET, "/", &[], None)).await;
    assert_eq!(root.status, 303);
    assert_eq!(
        root.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/demo/")
    );
    let picker = send(mock.site(), request(Method::GET, "/demo/", &[], None)).await;
    assert_eq!(picker.status, 200);
    assert!(
        picker
            .text
            .contains("value=\"123\" checked> John Doe &lt;john@example.com&gt;"),
        "{}",
        picker.text
    );
    assert!(
        picker
            .text
            .contains("&#60;b&#62;Tom&#60;/b&#62; &#38; &#34;Tommy&#34;"),
        "the name escaped (askama writes numeric entities): {}",
        picker.text
    );
    assert!(!picker.text.contains("<b>Tom</b>"));
    assert!(!picker.text.contains("demo-api-key"));
}

#[tokio::test]
async fn signing_in_sets_a_cookie_and_bad_picks_are_refused() {
    let mock = Mock::new();
    with_demo(&mock);
    let form = |body: &'static str| {
        axum::http::Request::builder()
            .method(Method::POST)
            .uri("/demo/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let ok = send(mock.site(), form("contact_id=123")).await;
    assert_eq!(ok.status, 303);
    let cookie = ok
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cookie.starts_with("acme_demo_user=123;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    for bad in ["contact_id=999", "contact_id=x", "nothing=1"] {
        send(mock.site(), form(bad))
            .await
            .assert_error(400, "bad_request");
    }
    let out = send(
        mock.site(),
        request(Method::POST, "/demo/logout", &[], None),
    )
    .await;
    assert_eq!(out.status, 303);
    assert!(
        out.headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.contains("Max-Age=0"))
    );
}

#[tokio::test]
async fn without_the_demo_workspace_the_demo_is_a_json_404() {
    let mock = Mock::new();
    send(mock.site(), request(Method::GET, "/demo/", &[], None))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn the_demo_shops_requests_are_journaled_under_the_demo_workspace() {
    let mock = Mock::new();
    with_demo(&mock);
    for path in [
        "/demo",
        "/demo/",
        "/demo/logout",
        "/demolition/",
        "/w/x/demo/",
    ] {
        send(mock.site(), request(Method::GET, path, &[], None)).await;
    }
    let journal = mock
        .state
        .journal
        .entries(&herodesk_mock::journal::Filter::default());
    let owners: Vec<(&str, Option<&str>)> = journal
        .iter()
        .map(|e| (e.path.as_str(), e.workspace.as_deref()))
        .collect();
    assert_eq!(
        owners,
        [
            ("/demo", Some("demo")),
            ("/demo/", Some("demo")),
            ("/demo/logout", Some("demo")),
            // Only `/demo` and below are the demo's; another site's paths keep their owner.
            ("/demolition/", None),
            ("/w/x/demo/", Some("x")),
        ]
    );
}

#[tokio::test]
async fn the_shop_boots_john_with_the_server_fetched_token_and_the_agent_console_works() {
    let mock = start(MockConfig::loopback("/* widget */".into()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let site = mock.site_url().replace("localhost", "127.0.0.1");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let page = http
        .get(format!("{site}/demo/"))
        .header("cookie", "acme_demo_user=123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .unwrap_or_default();
    // The documentation's own example: john@example.com with the demo secret.
    let token = auth_token("demo-identity-secret", "john@example.com");
    assert_eq!(
        token,
        "16ec06518e8dcc5eda1be77037fa4e1258895107e05e986eb93b8c0911b8909e"
    );
    let boot = page
        .split_once("Herodesk('boot', ")
        .and_then(|(_, rest)| rest.split_once(");"))
        .and_then(|(json, _)| serde_json::from_str::<serde_json::Value>(json).ok());
    assert_eq!(
        boot,
        Some(json!({
            "email": "john@example.com",
            "firstname": "John",
            "lastname": "Doe",
            "auth_token": token,
        })),
        "{page}"
    );
    assert!(page.contains(&format!(
        "<script src=\"{}/livechat.js?wid=demo\"></script>",
        mock.api_url()
    )));
    for control in [
        "demo-show",
        "demo-hide",
        "data-conversation=\"231\"",
        "demo-show-id",
        "demo-agent",
    ] {
        assert!(page.contains(control), "{control}");
    }
    assert!(
        !page.contains("demo-api-key"),
        "the API key stays on the server"
    );
    assert!(!page.contains("demo-identity-secret"));

    let reply = http
        .post(format!("{site}/demo/agent-reply"))
        .json(&json!({ "conversation": 231, "body": "Your parcel is on its way" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reply.status(), 200);
    let demo = mock
        .state
        .workspaces
        .get("demo")
        .unwrap_or_else(|| panic!("demo workspace"));
    assert_eq!(
        demo.data()
            .conversations
            .unread_count(&demo.contact_uuid("john@example.com")),
        1
    );

    let refused = http
        .post(format!("{site}/demo/agent-reply"))
        .json(&json!({ "conversation": 999, "body": "x" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refused.status(), 404);
    let journal: serde_json::Value = http
        .get(format!(
            "{}/admin/workspaces/demo/journal/counts",
            mock.api_url()
        ))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(journal["GET /v1/contacts/chat-auth-token"], 1, "{journal}");
    assert_eq!(journal["GET /demo/"], 1, "{journal}");
}
