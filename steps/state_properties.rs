//! Spec E: the read-only state properties, and the commands the scenarios issue to see them move.

use cucumber::{then, when};
use serde_json::json;

use super::expect;
use crate::{
    error::Result,
    pages::{herodesk, widget_frame},
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

#[then(regex = r"^Herodesk\.(isBooted|isReady|isVisible) becomes (true|false)$")]
async fn property_becomes(w: &mut HerodeskWorld, property: String, value: bool) -> Result<()> {
    w.wait_for_state(&format!("Herodesk.{property} to be {value}"), |s| {
        let actual = match property.as_str() {
            "isBooted" => s.is_booted,
            "isReady" => s.is_ready,
            _ => s.is_visible,
        };
        actual == Some(value)
    })
    .await?;
    Ok(())
}

#[then(regex = r"^Herodesk\.(isBooted|isReady|isVisible) is (true|false)$")]
async fn property_is(w: &mut HerodeskWorld, property: String, value: bool) -> Result<()> {
    let client = w.client().await?;
    let s = herodesk::state(client).await?;
    let actual = match property.as_str() {
        "isBooted" => s.is_booted,
        "isReady" => s.is_ready,
        _ => s.is_visible,
    };
    expect(actual == Some(value), || {
        format!("expected Herodesk.{property} to be {value}, it is {actual:?}")
    })
}

#[when(expr = "the page calls boot as {string} with a token from the site's server")]
async fn page_boots(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.boot_with_server_token(&email, 1).await
}

#[when(expr = "the page calls {string}")]
async fn page_calls(w: &mut HerodeskWorld, command: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::call(client, &command, vec![]).await
}

#[then(regex = r"^the chat panel is (open|closed)$")]
async fn panel_is(w: &mut HerodeskWorld, wanted: String) -> Result<()> {
    let open = wanted == "open";
    let client = w.client().await?.clone();
    until(
        &format!("the chat panel to be {wanted}"),
        DEFAULT_TIMEOUT,
        || async {
            let now = widget_frame::panel_open(&client).await?;
            Ok(if now == open {
                Probe::Ready(())
            } else {
                Probe::NotYet(format!("open = {now}"))
            })
        },
    )
    .await
}

#[when(regex = r"^a page script assigns (true|false) to Herodesk\.(isBooted|isReady|isVisible)$")]
async fn assigns(w: &mut HerodeskWorld, value: bool, property: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::assign(client, &property, json!(value)).await
}

#[when("the visitor clicks the widget's launcher")]
async fn clicks_launcher(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    widget_frame::click_launcher(client).await
}

#[when("the visitor clicks the panel's close button")]
async fn clicks_close(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    widget_frame::click_close(client).await
}
