//! The REST token API: the customer's server asking for a contact's chat token (by email or
//! id, with good or bad credentials) and what it answers, and the workspace's API key kept out
//! of the browser (not in the page, blocked from a page script, no CORS headers).

use cucumber::{then, when};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::expect;
use crate::{backend::Credentials, error::Result, world::HerodeskWorld};

async fn ask(
    w: &mut HerodeskWorld,
    credentials: Credentials,
    query: &[(&str, &str)],
) -> Result<()> {
    let answer = w
        .suite()
        .backend
        .chat_auth_token(&w.workspace, &credentials, query)
        .await?;
    w.last_answer = Some(answer);
    Ok(())
}

#[when(expr = "the customer's server asks for the chat token of {string}")]
async fn ask_by_email(w: &mut HerodeskWorld, email: String) -> Result<()> {
    ask(w, Credentials::WorkspaceKey, &[("email", &email)]).await
}

#[when(expr = "the customer's server asks for the chat token of contact id {int}")]
async fn ask_by_id(w: &mut HerodeskWorld, id: u64) -> Result<()> {
    ask(w, Credentials::WorkspaceKey, &[("id", &id.to_string())]).await
}

#[when(
    regex = r#"^the customer's server asks for the chat token of "([^"]*)" with (no Authorization header|a wrong API key|the Authorization header "(.*)")$"#
)]
async fn ask_with_credentials(
    w: &mut HerodeskWorld,
    email: String,
    how: String,
    header: String,
) -> Result<()> {
    let credentials = match how.as_str() {
        "no Authorization header" => Credentials::None,
        "a wrong API key" => Credentials::WrongKey,
        _ => Credentials::Header(header),
    };
    ask(w, credentials, &[("email", &email)]).await
}

#[then(expr = "the answer is 200 with contact_id {int}, email {string} and name {string}")]
async fn answer_is_contact(
    w: &mut HerodeskWorld,
    id: u64,
    email: String,
    name: String,
) -> Result<()> {
    let a = w.last_answer()?;
    let j = &a.json;
    expect(
        a.status == 200
            && j["contact_id"] == id
            && j["email"] == email.as_str()
            && j["name"] == name.as_str()
            && j["auth_token"].is_string(),
        || {
            format!(
                "expected 200 {{contact_id: {id}, email: {email:?}, name: {name:?}, auth_token}}, got {} {}",
                a.status, j
            )
        },
    )
}

#[then(expr = "the auth_token is the HMAC-SHA256 of {string} with the workspace's identity secret")]
async fn token_is_hmac(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let a = w.last_answer()?;
    let expected = hmac_hex(
        &w.workspace.identity_secret,
        email.trim().to_lowercase().as_bytes(),
    );
    let got = a.json["auth_token"].as_str().unwrap_or_default();
    expect(got == expected, || {
        format!("expected auth_token {expected} (lowercase hex HMAC-SHA256), got {got:?}")
    })
}

#[then(regex = r"^the answer is (\d+) with a JSON error body$")]
async fn answer_is_error(w: &mut HerodeskWorld, status: u16) -> Result<()> {
    let a = w.last_answer()?;
    expect(
        a.status == status && a.json["error"].is_string() && a.json["message"].is_string(),
        || {
            format!(
                "expected {status} with JSON {{error, message}}, got {} {}",
                a.status, a.json
            )
        },
    )
}

/// The suite's own HMAC, independent of the mock's, so a wrong mock is caught too.
fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[then(
    "the workspace's API key appears nowhere in the page, its storage, its cookies or the browser's requests"
)]
async fn api_key_nowhere(w: &mut HerodeskWorld) -> Result<()> {
    let key = w.workspace.api_key.clone();
    let client = w.client().await?.clone();
    let page = crate::pages::host_page::source_and_storage(&client).await?;
    let cookies = crate::browser::cookies::all(&client).await?;
    // Requests the browser made: everything journaled except the host site's own server call.
    let requests: Vec<_> = w
        .suite()
        .backend
        .journal(&w.workspace.widget_id, None, 0)
        .await?
        .into_iter()
        .filter(|e| {
            !e.headers
                .get("user-agent")
                .is_some_and(|ua| ua.starts_with("acme-shop-server"))
        })
        .collect();
    let in_page = page.contains(&key);
    let in_cookies = cookies
        .iter()
        .any(|c| c.value.contains(&key) || c.name.contains(&key));
    let in_requests: Vec<String> = requests
        .iter()
        .filter(|e| {
            e.body.contains(&key)
                || e.query.as_deref().is_some_and(|q| q.contains(&key))
                || e.headers.values().any(|v| v.contains(&key))
        })
        .map(|e| e.route.clone())
        .collect();
    expect(!requests.is_empty(), || {
        "the journal shows no browser request; nothing was checked".into()
    })?;
    expect(!in_page && !in_cookies && in_requests.is_empty(), || {
        format!(
            "the API key leaked: page/storage {in_page}, cookies {in_cookies}, requests {in_requests:?}"
        )
    })
}

#[when("a script on the page calls the token endpoint with the workspace's API key")]
async fn page_calls_token_endpoint(w: &mut HerodeskWorld) -> Result<()> {
    let url = format!(
        "{}/v1/contacts/chat-auth-token?email=john@example.com",
        w.workspace.api_url
    );
    let auth = format!("Bearer {}", w.workspace.api_key);
    let client = w.client().await?;
    let outcome = crate::pages::host_page::fetch_from_page(client, &url, &auth).await?;
    w.page_fetch = Some(outcome);
    Ok(())
}

#[then("the browser blocks that call")]
async fn browser_blocks(w: &mut HerodeskWorld) -> Result<()> {
    let outcome = w.page_fetch.clone().unwrap_or_default();
    expect(outcome.starts_with("blocked:"), || {
        format!("expected the browser to block the cross-origin call, it ended {outcome:?}")
    })
}

#[then("the token endpoint answers a cross-origin request without CORS headers")]
async fn no_cors_headers(w: &mut HerodeskWorld) -> Result<()> {
    let answer = w
        .suite()
        .backend
        .chat_auth_token_from_origin(&w.workspace, "http://evil.example")
        .await?;
    expect(!answer.has_cors_headers, || {
        "the token endpoint sent Access-Control-* headers".into()
    })
}
