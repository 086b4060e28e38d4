//! Spec H: failure and tampering, driven through the mock's fault injection and cookie
//! tampering through WebDriver.

use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::expect;
use crate::{
    backend::IDENTIFY_ROUTE,
    cookies,
    error::Result,
    pages::host_page,
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

#[given(
    regex = r"^the identify API will (answer (\d{3})|drop the connection|answer after (\d+) ms) (for the next call|until further notice)$"
)]
async fn identify_will_fail(
    w: &mut HerodeskWorld,
    how: String,
    status: String,
    delay: String,
    duration: String,
) -> Result<()> {
    let fault: Value = if how == "drop the connection" {
        json!({ "drop": true })
    } else if !status.is_empty() {
        json!({ "status": status.parse::<u16>().unwrap_or(500) })
    } else {
        json!({ "delay_ms": delay.parse::<u64>().unwrap_or(0) })
    };
    let times = (duration == "for the next call").then_some(1);
    let wid = w.workspace.widget_id.clone();
    w.suite()
        .backend
        .inject_fault(&wid, IDENTIFY_ROUTE, fault, times)
        .await
}

#[when("the identify API recovers")]
async fn identify_recovers(w: &mut HerodeskWorld) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    w.suite().backend.clear_faults(&wid).await
}

#[then("the widget said on the console why it could not identify")]
async fn said_why(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    until(
        "a warning or error from the widget on the console",
        DEFAULT_TIMEOUT,
        || async {
            let lines = host_page::console(&client).await?;
            Ok(
                match lines
                    .iter()
                    .find(|l| l.level == "warn" || l.level == "error")
                {
                    Some(l) => Probe::Ready(l.text.clone()),
                    None => Probe::NotYet(format!("console: {lines:?}")),
                },
            )
        },
    )
    .await
    .map(drop)
}

#[when(
    expr = "the page boots as {string} twice in a row, the second before the first identify call has answered"
)]
async fn boots_twice(w: &mut HerodeskWorld, email: String) -> Result<()> {
    // One script, two calls: the first identify call cannot have answered in between.
    w.boot_with_server_token(&email, 2).await
}

#[when(
    regex = r#"^the browser's "([^"]*)" cookie is replaced with (a token the backend never issued|the uuid of "([^"]*)")$"#
)]
async fn tamper(w: &mut HerodeskWorld, cookie: String, with: String, other: String) -> Result<()> {
    let value = if with == "a token the backend never issued" {
        "0123456789abcdef".repeat(4)
    } else {
        let wid = w.workspace.widget_id.clone();
        w.suite().backend.contact_uuid(&wid, &other).await?
    };
    let client = w.client().await?;
    cookies::replace(client, &cookie, &value).await?;
    w.tampered_value = Some(value.clone());
    let client = w.client().await?;
    let now = cookies::get(client, &cookie).await?.map(|c| c.value);
    expect(now.as_deref() == Some(value.as_str()), || {
        format!("the browser did not take the tampered cookie: {now:?}")
    })
}

#[then("no request carrying the tampered value got anything from the backend")]
async fn tampered_session_got_nothing(w: &mut HerodeskWorld) -> Result<()> {
    let tampered = w.tampered_value.clone().unwrap_or_default();
    let requests = w.widget_requests(w.mark).await?;
    let carrying: Vec<_> = requests
        .iter()
        .filter(|e| {
            !tampered.is_empty()
                && ["x-herodesk-contact", "x-herodesk-verification"]
                    .iter()
                    .any(|h| e.headers.get(*h) == Some(&tampered))
        })
        .collect();
    // A widget that never presents the tampered cookie gets nothing either: H3 holds.
    let served: Vec<String> = carrying
        .iter()
        .filter(|e| e.status != 401)
        .map(|e| format!("{} → {}", e.route, e.status))
        .collect();
    expect(served.is_empty(), || {
        format!("requests with the tampered session were not refused with 401: {served:?}")
    })
}

#[then(regex = r"^the session cookies hold (.+)'s own session again$")]
async fn own_session_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let before = w.saved_cookies.clone();
    let client = w.client().await?.clone();
    until(
        &format!("the session cookies to hold {email}'s own session again"),
        DEFAULT_TIMEOUT,
        || async {
            let now = cookies::all(&client).await?;
            let differing: Vec<&str> = cookies::SESSION_COOKIES
                .iter()
                .copied()
                .filter(|name| {
                    let old = before.iter().find(|c| c.name == *name).map(|c| &c.value);
                    let new = now.iter().find(|c| c.name == *name).map(|c| &c.value);
                    old.is_none() || new != old
                })
                .collect();
            Ok(if differing.is_empty() {
                Probe::Ready(())
            } else {
                Probe::NotYet(format!("differing: {differing:?}"))
            })
        },
    )
    .await
}

#[when(
    expr = "the page boots as {string} again once that identify call has gone {int} second(s) unanswered"
)]
async fn boots_again_while_in_flight(
    w: &mut HerodeskWorld,
    email: String,
    seconds: u64,
) -> Result<()> {
    w.wait_for_identify_unanswered_for(std::time::Duration::from_secs(seconds))
        .await?;
    w.boot_with_server_token(&email, 1).await
}

#[when(expr = "the page boots as {string} and at once as {string}, in one script")]
async fn boots_two_spellings(w: &mut HerodeskWorld, first: String, second: String) -> Result<()> {
    w.boot_two_spellings(&first, &second).await
}
