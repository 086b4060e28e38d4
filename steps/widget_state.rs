//! Widget state: the read-only properties Herodesk.isBooted, isReady and isVisible, the chat
//! panel open or closed, the launcher and close buttons, the chat input, the iframe's z-index,
//! and what the widget explains on the console.

use cucumber::{then, when};

use super::expect;
use crate::{
    error::Result,
    pages::{herodesk, widget_frame},
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
        format!(
            "expected Herodesk.{property} to be {value}, it is {}",
            herodesk::in_words(actual)
        )
    })
}

#[then("while the identify call is unanswered, Herodesk.isReady is true")]
async fn ready_while_identifying(w: &mut HerodeskWorld) -> Result<()> {
    w.ready_while_identify_unanswered().await
}

#[then("Herodesk.isBooted stays false")]
async fn is_booted_stays_false(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_is_booted_stays_false().await
}

#[then("the widget's iframe existed when Herodesk.isReady turned true")]
async fn frame_existed_when_ready(w: &mut HerodeskWorld) -> Result<()> {
    let existed = w.frame_existed_when_ready().await?;
    expect(existed, || {
        "expected the widget's iframe in the page when isReady turned true, there was none".into()
    })
}

#[then(regex = r"^the chat panel is (open|closed)$")]
async fn panel_is(w: &mut HerodeskWorld, wanted: String) -> Result<()> {
    w.wait_for_panel(wanted == "open").await
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

#[when(expr = "the visitor types {string} into the chat input without sending it")]
async fn types_a_draft(w: &mut HerodeskWorld, text: String) -> Result<()> {
    let client = w.client().await?;
    widget_frame::type_draft(client, &text).await
}

#[when("the visitor presses Escape in the chat input")]
async fn presses_escape(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    widget_frame::press_in_chat_input(client, "\u{E00C}").await
}

#[then("Herodesk.isVisible tells whether the chat panel is open")]
async fn visible_tells(w: &mut HerodeskWorld) -> Result<()> {
    w.visible_tells_whether_the_panel_is_open().await
}

#[then(expr = "the chat input holds {string}")]
async fn chat_input_holds(w: &mut HerodeskWorld, text: String) -> Result<()> {
    w.wait_for_chat_input(&text).await
}

#[then(expr = "the widget iframe's z-index is {string}")]
async fn z_index_is(w: &mut HerodeskWorld, wanted: String) -> Result<()> {
    w.wait_for_frame_z_index(&wanted).await
}

#[then("the widget said on the console why it did not process boot")]
async fn said_why_boot_refused(w: &mut HerodeskWorld) -> Result<()> {
    w.widget_console_warning("why boot was not processed")
        .await
        .map(drop)
}

#[then("the widget said on the console why it could not identify")]
async fn said_why(w: &mut HerodeskWorld) -> Result<()> {
    w.widget_console_warning("why it could not identify")
        .await
        .map(drop)
}
