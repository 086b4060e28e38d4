//! Spec B: pre-authentication in the widget.

use cucumber::then;

use super::expect;
use crate::{backend::IDENTIFY_ROUTE, error::Result, pages::widget_frame, world::HerodeskWorld};

#[then(expr = "the widget shows {string} as a verified contact")]
async fn shows_verified(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let view = w.wait_for_contact_state("verified").await?;
    let wanted = email.trim().to_lowercase();
    expect(view.email.trim().to_lowercase() == wanted, || {
        format!(
            "expected the verified contact {wanted:?}, the widget shows {:?}",
            view.email
        )
    })
}

#[then("the widget shows no email form")]
async fn shows_no_email_form(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    let shown = widget_frame::email_form_displayed(client).await?;
    expect(!shown, || {
        "expected no email form, the widget shows one".into()
    })
}

#[then(expr = "the identify call carried the auth_token the site's server got for {string}")]
async fn identify_carried_token(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    let token = w
        .suite()
        .backend
        .chat_auth_token(
            &w.workspace,
            &crate::backend::Credentials::WorkspaceKey,
            &[("email", &email)],
        )
        .await?
        .json["auth_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let carried = calls.iter().any(|c| {
        serde_json::from_str::<serde_json::Value>(&c.body)
            .is_ok_and(|b| b["auth_token"] == token.as_str())
    });
    expect(!token.is_empty() && carried, || {
        format!(
            "expected a {IDENTIFY_ROUTE} call carrying the auth_token {token}, saw: {}",
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}
