//! `GET /w/{wid}/`: the customer page boots the widget through the documented queue stub and
//! never shows the API key (A5).

use axum::http::Method;

use crate::common::{Answer, JOHN, Mock, request, send};

async fn page(mock: &Mock, query: &str) -> Answer {
    send(
        mock.site(),
        request(
            Method::GET,
            &format!("/w/{}/{query}", mock.wid()),
            &[],
            None,
        ),
    )
    .await
}

const STUB: &str = "window.Herodesk = window.Herodesk || function() {
  (window.Herodesk.q = window.Herodesk.q || []).push(arguments);
};";

#[tokio::test]
async fn the_page_has_the_documented_queue_stub_before_the_script() {
    let mock = Mock::new();
    let answer = page(
        &mock,
        &format!("?email={JOHN}&token=none&queue=show,showConversation:231&record=1"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let html = &answer.text;
    let stub = html.find(STUB).unwrap_or(usize::MAX);
    let script = html
        .find(&format!(
            "<script src=\"http://127.0.0.1:9/livechat.js?wid={}\" crossorigin=\"anonymous\" data-host-script></script>",
            mock.wid()
        ))
        .unwrap_or(0);
    assert!(stub < script, "stub before script:\n{html}");
    let boot = html
        .find("Herodesk('boot', {\"email\":\"john@example.com\"});")
        .unwrap_or(usize::MAX);
    assert!(
        stub < boot && boot < script,
        "boot queued through the stub:\n{html}"
    );
    assert!(html.contains("Herodesk('show');"));
    assert!(html.contains("Herodesk('showConversation', 231);"));
    assert!(html.contains("Herodesk('onShow'"));
}

#[tokio::test]
async fn the_page_never_contains_the_api_key_or_identity_secret() {
    let mock = Mock::new();
    for query in [
        format!("?email={JOHN}"),
        format!("?email={JOHN}&token=none"),
        format!("?email={JOHN}&token=forged"),
        "?anonymous=1".into(),
        String::new(),
    ] {
        let answer = page(&mock, &query).await;
        assert_eq!(answer.status, 200, "{query}: {}", answer.text);
        assert!(!answer.text.contains(&mock.ws.api_key), "{query}");
        assert!(!answer.text.contains(&mock.ws.identity_secret), "{query}");
    }
}

#[tokio::test]
async fn token_modes_none_and_forged() {
    let mock = Mock::new();
    let none = page(&mock, &format!("?email={JOHN}&token=none")).await;
    assert!(!none.text.contains("auth_token"));
    let forged = page(&mock, &format!("?email={JOHN}&token=forged")).await;
    assert!(
        forged
            .text
            .contains(&format!("\"auth_token\":\"{}\"", "0".repeat(64)))
    );
}

#[tokio::test]
async fn a_server_token_that_cannot_be_fetched_shows_a_notice() {
    // The mock's API URL here is a closed port, so the site's server cannot reach it.
    let mock = Mock::new();
    let answer = page(&mock, &format!("?email={JOHN}")).await;
    assert_eq!(answer.status, 200);
    assert!(answer.text.contains("data-host-notice"), "{}", answer.text);
    assert!(!answer.text.contains("auth_token"));
}

#[tokio::test]
async fn names_are_escaped_in_html_and_script() {
    let mock = Mock::new();
    let answer = page(
        &mock,
        "?email=%3Cb%3Ex%3C/b%3E@example.com&token=none&firstname=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E",
    )
    .await;
    assert!(!answer.text.contains("<b>x</b>"));
    assert!(!answer.text.contains("</script><script>alert(1)"));
}

#[tokio::test]
async fn bad_host_page_requests_are_json_errors() {
    let mock = Mock::new();
    send(mock.site(), request(Method::GET, "/w/nope/", &[], None))
        .await
        .assert_error(404, "not_found");
    page(&mock, "?queue=explode")
        .await
        .assert_error(400, "bad_request");
    page(&mock, "?token=stolen")
        .await
        .assert_error(400, "bad_request");
    send(mock.site(), request(Method::GET, "/nothing", &[], None))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn a_strict_csp_page_allows_its_own_scripts_by_nonce_and_no_inline_script_or_eval() {
    let mock = Mock::new();
    let answer = page(
        &mock,
        &format!("?email={JOHN}&token=none&profile=strict-csp"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let policy = answer
        .headers
        .get("content-security-policy")
        .expect("a Content-Security-Policy header")
        .to_str()
        .unwrap()
        .to_owned();
    let script_src = policy
        .split("; ")
        .find(|d| d.starts_with("script-src "))
        .expect("a script-src directive");
    assert!(!script_src.contains("unsafe"), "{policy}");
    let nonce = script_src
        .split(' ')
        .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .expect("a nonce");
    // Every inline script carries the nonce; the widget's is allowed by its origin.
    let inline =
        answer.text.matches("<script>").count() + answer.text.matches("<script nonce=").count();
    let with_nonce = answer
        .text
        .matches(&format!("<script nonce=\"{nonce}\" data-host-script>"))
        .count();
    assert!(with_nonce >= 3 && with_nonce == inline, "{}", answer.text);
    assert!(script_src.contains("http://127.0.0.1:9"), "{policy}");
    assert!(policy.contains(&format!("report-uri /w/{}/csp-reports", mock.wid())));
    // A second response gets another nonce.
    let again = page(
        &mock,
        &format!("?email={JOHN}&token=none&profile=strict-csp"),
    )
    .await;
    assert_ne!(
        again.headers.get("content-security-policy"),
        answer.headers.get("content-security-policy")
    );
}

#[tokio::test]
async fn only_the_strict_csp_profile_sends_a_policy_and_unknown_profiles_are_refused() {
    let mock = Mock::new();
    for profile in ["plain", "polluted", "wrapped-network", "noisy"] {
        let answer = page(
            &mock,
            &format!("?email={JOHN}&token=none&profile={profile}"),
        )
        .await;
        assert_eq!(answer.status, 200, "{profile}: {}", answer.text);
        assert!(
            answer.headers.get("content-security-policy").is_none(),
            "{profile}"
        );
    }
    page(&mock, "?profile=lax")
        .await
        .assert_error(400, "bad_request");
}

#[tokio::test]
async fn page_errors_and_csp_reports_are_accepted_and_journaled_for_the_workspace() {
    let mock = Mock::new();
    for path in ["page-errors", "csp-reports"] {
        let answer = send(
            mock.site(),
            request(
                Method::POST,
                &format!("/w/{}/{path}", mock.wid()),
                &[],
                Some(serde_json::json!({"message": "x"})),
            ),
        )
        .await;
        assert_eq!(answer.status, 204, "{path}");
    }
    let routes: Vec<String> = mock
        .state
        .journal
        .entries(&Default::default())
        .into_iter()
        .filter(|e| e.workspace.as_deref() == Some(mock.wid()))
        .map(|e| e.route)
        .collect();
    assert!(
        routes.contains(&"POST /w/{wid}/page-errors".to_owned()),
        "{routes:?}"
    );
    assert!(
        routes.contains(&"POST /w/{wid}/csp-reports".to_owned()),
        "{routes:?}"
    );
}

#[tokio::test]
async fn the_widget_script_can_sit_in_head_or_be_inserted_after_load() {
    let mock = Mock::new();
    let tag = format!(
        "<script src=\"http://127.0.0.1:9/livechat.js?wid={}\" crossorigin=\"anonymous\" data-host-script></script>",
        mock.wid()
    );

    let head = page(&mock, &format!("?email={JOHN}&token=none&placement=head")).await;
    assert_eq!(head.status, 200, "{}", head.text);
    let (in_head, in_body) = head.text.split_once("<body>").expect("a body");
    assert!(
        in_head.contains(STUB) && in_head.contains(&tag),
        "{}",
        head.text
    );
    assert!(!in_body.contains(&tag), "{}", head.text);

    let late = page(&mock, &format!("?email={JOHN}&token=none&placement=late")).await;
    assert_eq!(late.status, 200, "{}", late.text);
    assert!(!late.text.contains(&tag), "no static tag: {}", late.text);
    let loader = late
        .text
        .find("s.crossOrigin = 'anonymous'")
        .expect("a loader");
    assert!(
        late.text.find(STUB).expect("the stub") < loader,
        "{}",
        late.text
    );

    let refused = page(&mock, "?placement=late&stub=0").await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    assert!(
        refused.text.contains("needs the queue stub"),
        "{}",
        refused.text
    );
    assert_eq!(page(&mock, "?placement=footer").await.status, 400);
}
