//! Visits: a visitor on the site's ordinary host page, by who they are and what the page's
//! boot passes for them (email, a token or none, names, a message, z_index, the site's path),
//! once, again or many times, recording the widget's events or not. Pages built another way
//! (a profile, the script loaded first, a queue) are in `host_pages`.

use cucumber::{given, when};
use serde_json::json;

use crate::{
    error::Result,
    pages::{
        herodesk,
        host_page::{HostPageVisit, Token},
    },
    world::HerodeskWorld,
};

#[given("a new visitor")]
async fn a_new_visitor(w: &mut HerodeskWorld) -> Result<()> {
    w.client().await?;
    Ok(())
}

#[when(expr = "the visitor opens a page signed in as {string} with a token from the site's server")]
async fn opens_signed_in(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.visit(&HostPageVisit::signed_in(&email)).await
}

#[when(expr = "the visitor opens the page again, signed in as {string}")]
async fn opens_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.visit(&HostPageVisit::signed_in(&email)).await
}

#[when(expr = "the visitor comes back {int} days later, signed in as {string}")]
async fn comes_back_later(w: &mut HerodeskWorld, days: u32, email: String) -> Result<()> {
    let page = HostPageVisit {
        days_later: Some(days),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(expr = "the visitor opens a page signed in as {string} without an auth_token")]
async fn opens_without_token(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let page = HostPageVisit {
        token: Token::Omitted,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(
    regex = r#"^the visitor opens a page signed in as "([^"]*)"( without an auth_token| with a forged auth_token)? that records the widget's events$"#
)]
async fn opens_recording(w: &mut HerodeskWorld, email: String, token: String) -> Result<()> {
    let token = match token.trim() {
        "" => Token::FromServer,
        "without an auth_token" => Token::Omitted,
        _ => Token::Forged,
    };
    let page = HostPageVisit {
        record_events: true,
        token,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} that records the widget's events with two callbacks each"
)]
async fn opens_two_recorders(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let visit = HostPageVisit {
        two_recorders: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(regex = r"^the visitor opens a page that boots an anonymous visitor(, recording events)?$")]
async fn opens_anonymous(w: &mut HerodeskWorld, recording: String) -> Result<()> {
    let page = HostPageVisit {
        record_events: !recording.is_empty(),
        ..HostPageVisit::anonymous()
    };
    w.visit(&page).await
}

#[when(regex = r"^the visitor opens a page that boots an anonymous visitor with z_index (.+)$")]
async fn opens_with_z_index(w: &mut HerodeskWorld, given: String) -> Result<()> {
    let page = HostPageVisit {
        z_index: (given != "omitted").then_some(given),
        ..HostPageVisit::anonymous()
    };
    w.visit(&page).await
}

#[when(
    regex = r#"^the visitor opens a page signed in as "([^"]*)" with firstname "(.*)" and lastname "(.*)"$"#
)]
async fn opens_with_names(
    w: &mut HerodeskWorld,
    email: String,
    first: String,
    last: String,
) -> Result<()> {
    let page = HostPageVisit {
        firstname: Some(first),
        lastname: Some(last),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} with firstname {string} and no lastname"
)]
async fn opens_with_firstname_only(
    w: &mut HerodeskWorld,
    email: String,
    first: String,
) -> Result<()> {
    let visit = HostPageVisit {
        firstname: Some(first),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} with lastname {string} and no firstname"
)]
async fn opens_with_lastname_only(
    w: &mut HerodeskWorld,
    email: String,
    last: String,
) -> Result<()> {
    let visit = HostPageVisit {
        lastname: Some(last),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(expr = "the visitor opens a page signed in as {string} with the message {string}")]
async fn opens_with_message(w: &mut HerodeskWorld, email: String, message: String) -> Result<()> {
    let visit = HostPageVisit {
        message: Some(message),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(expr = "the visitor opens the site's page {string} signed in as {string}")]
async fn opens_site_path(w: &mut HerodeskWorld, path: String, email: String) -> Result<()> {
    let visit = HostPageVisit {
        path: Some(path),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(
    regex = r#"^the visitor opens a page that boots as "([^"]*)" with (a forged auth_token|a tampered auth_token|the auth_token of "([^"]*)")$"#
)]
async fn opens_with_bad_token(
    w: &mut HerodeskWorld,
    email: String,
    kind: String,
    other: String,
) -> Result<()> {
    let backend = w.suite().backend.clone();
    let token = match kind.as_str() {
        "a forged auth_token" => "f".repeat(64),
        "a tampered auth_token" => {
            let good = backend.auth_token_for(&w.workspace, &email).await?;
            // Flip the last hex digit: one bit of difference must be enough to refuse it.
            let last = if good.ends_with('0') { "1" } else { "0" };
            format!("{}{last}", &good[..good.len() - 1])
        }
        _ => backend.auth_token_for(&w.workspace, &other).await?,
    };
    w.visit(&HostPageVisit::without_boot()).await?;
    let client = w.client().await?;
    herodesk::boot(client, json!({ "email": email, "auth_token": token }), 1).await
}

#[when(expr = "the visitor opens {int} pages in a row signed in as {string}")]
async fn opens_many(w: &mut HerodeskWorld, pages: u32, email: String) -> Result<()> {
    for _ in 0..pages {
        w.open_page(&HostPageVisit::signed_in(&email)).await?;
        // Each page must have finished booting before the next one replaces it.
        w.wait_for_contact_state("verified").await?;
    }
    Ok(())
}

#[given(
    expr = "the visitor has opened a page signed in as {string} and the widget has set its session cookies"
)]
async fn visited_once(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.open_page(&HostPageVisit::signed_in(&email)).await?;
    w.wait_for_contact_state("verified").await?;
    w.saved_cookies = w.session_cookies().await?;
    Ok(())
}
