//! Spec E: the read-only state properties, and the commands the scenarios issue to see them move.

use cucumber::{then, when};
use serde_json::json;

use super::expect;
use crate::{
    error::Result,
    pages::{herodesk, host_page::HostPageVisit, host_watch, widget_frame},
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
            Ok(Probe::ready_if(now == open, || format!("open = {now}")))
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

#[when(
    expr = "the visitor opens a page that queues boot with {string} before the widget script loads"
)]
async fn opens_with_raw_boot(w: &mut HerodeskWorld, params: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        boot_json: Some(params),
        ..HostPageVisit::without_boot()
    };
    w.open_page(&visit).await
}

#[when(expr = "the page calls boot with {string}")]
async fn calls_raw_boot(w: &mut HerodeskWorld, params: String) -> Result<()> {
    let params: serde_json::Value = serde_json::from_str(&params).map_err(|e| {
        crate::error::SuiteError::Expectation(format!(
            "the step's boot parameters are not JSON: {e}"
        ))
    })?;
    let client = w.client().await?;
    herodesk::call(client, "boot", vec![params]).await
}

#[when("the page calls boot with no argument")]
async fn calls_boot_without_argument(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    herodesk::call(client, "boot", vec![]).await
}

#[then("while the identify call is unanswered, Herodesk.isReady is true")]
async fn ready_while_identifying(w: &mut HerodeskWorld) -> Result<()> {
    w.ready_while_identify_unanswered().await
}

#[then("Herodesk.isBooted stays false")]
async fn is_booted_stays_false(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    w.watch_never("Herodesk.isBooted to stay false", || async {
        let state = herodesk::state(&client).await?;
        Ok((state.is_booted != Some(false)).then(|| format!("it became {:?}", state.is_booted)))
    })
    .await
}

#[when(
    expr = "the visitor opens a page signed in as {string} that calls show the moment Herodesk.isReady turns true"
)]
async fn opens_show_when_ready(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        show_when_ready: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[then("the widget's iframe existed when Herodesk.isReady turned true")]
async fn frame_existed_when_ready(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    let existed = until("Herodesk.isReady to turn true", DEFAULT_TIMEOUT, || async {
        Ok(match host_watch::frame_existed_when_ready(&client).await? {
            Some(existed) => Probe::Ready(existed),
            None => Probe::NotYet("isReady not true yet".into()),
        })
    })
    .await?;
    expect(existed, || {
        "expected the widget's iframe in the page when isReady turned true, there was none".into()
    })
}

#[then("the widget said on the console why it did not process boot")]
async fn said_why_boot_refused(w: &mut HerodeskWorld) -> Result<()> {
    w.widget_console_warning("why boot was not processed")
        .await
        .map(drop)
}
