//! Page calls: what the host page does to the widget's API once it is on the page (boot,
//! again, twice or while an identify call is under way, show, hide, showConversation, any
//! command), and a page script assigning to the read-only state properties.

use cucumber::when;
use serde_json::json;

use crate::{error::Result, pages::herodesk, world::HerodeskWorld};

#[when(expr = "the page calls boot as {string} with a token from the site's server")]
async fn page_boots(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.boot_with_server_token(&email, 1).await
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

#[when(
    expr = "the page boots the widget again as {string}, as a single-page app does on navigation"
)]
async fn boots_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.boot_with_server_token(&email, 1).await
}

#[when(
    expr = "the page boots the widget again as {string} with the message {string}, as a single-page app does on navigation"
)]
async fn boots_again_with_message(
    w: &mut HerodeskWorld,
    email: String,
    message: String,
) -> Result<()> {
    w.boot_with_server_token_and_message(&email, &message).await
}

#[when(expr = "the page boots the widget again as {string} without an auth_token")]
async fn boots_again_without_token(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::boot(client, json!({ "email": email }), 1).await
}

#[when("the page boots an anonymous visitor, as a single-page app does when its user signs out")]
async fn boots_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    herodesk::boot(client, serde_json::json!({}), 1).await
}

#[when(
    expr = "the page boots as {string} twice in a row, the second before the first identify call has answered"
)]
async fn boots_twice(w: &mut HerodeskWorld, email: String) -> Result<()> {
    // One script, two calls: the first identify call cannot have answered in between.
    w.boot_with_server_token(&email, 2).await
}

#[when(expr = "the page boots as {string} again once the identify call for {string} has answered")]
async fn boots_again_after_answer(
    w: &mut HerodeskWorld,
    email: String,
    answered: String,
) -> Result<()> {
    w.wait_for_identify_answered(&answered).await?;
    w.boot_with_server_token(&email, 1).await
}

#[when(
    expr = "the page boots as {string} (again )once that identify call has gone {int} second(s) unanswered"
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

#[when(expr = "the page boots as {string} (again )once that identify call is in flight")]
async fn boots_while_in_flight(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.wait_for_identify_in_flight().await?;
    w.boot_with_server_token(&email, 1).await
}

#[when(expr = "the page boots as {string} and at once as {string}, in one script")]
async fn boots_two_spellings(w: &mut HerodeskWorld, first: String, second: String) -> Result<()> {
    w.boot_two_spellings(&first, &second).await
}

#[when(expr = "the page calls {string}")]
async fn page_calls(w: &mut HerodeskWorld, command: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::call(client, &command, vec![]).await
}

#[when(expr = "the page calls showConversation with {int}")]
async fn calls_show_conversation(w: &mut HerodeskWorld, id: u64) -> Result<()> {
    let client = w.client().await?;
    herodesk::call(client, "showConversation", vec![json!(id)]).await
}

#[when(expr = "the page calls showConversation with the string {string}")]
async fn calls_show_conversation_with_string(w: &mut HerodeskWorld, id: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::call(client, "showConversation", vec![json!(id)]).await
}

#[when(regex = r"^a page script assigns (true|false) to Herodesk\.(isBooted|isReady|isVisible)$")]
async fn assigns(w: &mut HerodeskWorld, value: bool, property: String) -> Result<()> {
    let client = w.client().await?;
    herodesk::assign(client, &property, json!(value)).await
}
