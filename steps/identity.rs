//! Identity: which contact the widget shows and how (verified, unverified, being identified,
//! anonymous, the name on screen), the email form and the verification prompt, and the codes
//! the contact enters.

use std::time::Duration;

use cucumber::{then, when};

use super::expect;
use crate::{backend::WidgetCall, error::Result, pages::widget_frame, world::HerodeskWorld};

#[then(
    regex = r#"^(?:within (\d+) seconds )?the widget shows "(.*)" as an? (verified|unverified) contact$"#
)]
async fn shows_contact(
    w: &mut HerodeskWorld,
    within: String,
    email: String,
    state: String,
) -> Result<()> {
    let view = match within.parse() {
        // A bound the statement gives: the page clock runs to it (H1's give-up).
        Ok(secs) => {
            w.wait_for_contact_state_on_the_clock(&state, Duration::from_secs(secs))
                .await?
        }
        Err(_) => w.wait_for_contact_state(&state).await?,
    };
    let wanted = email.trim().to_lowercase();
    expect(view.email.trim().to_lowercase() == wanted, || {
        format!(
            "expected the {state} contact {wanted:?}, the widget shows {:?}",
            view.email
        )
    })
}

#[then(
    expr = "once the identify call for {string} has answered, the widget still shows {string} as a verified contact"
)]
async fn still_shows_after_answer(
    w: &mut HerodeskWorld,
    answered: String,
    email: String,
) -> Result<()> {
    w.wait_for_identify_answered(&answered).await?;
    w.keeps_showing_contact(&email, "verified").await
}

#[then(
    regex = r#"^once the (identify|unread|conversation|verification start|verification confirm) API has answered (\d{3}), the widget still shows "(.*)" as an? (verified|unverified) contact$"#
)]
async fn still_shows_after_call_answered(
    w: &mut HerodeskWorld,
    call: WidgetCall,
    status: u16,
    email: String,
    state: String,
) -> Result<()> {
    w.wait_for_answer(call.route(), status).await?;
    w.keeps_showing_contact(&email, &state).await
}

#[then(
    expr = "while the identify call is unanswered, the widget shows {string} as being identified"
)]
async fn shows_identifying(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let view = w.contact_while_identify_unanswered().await?;
    let wanted = email.trim().to_lowercase();
    expect(
        view.state == "identifying" && view.email.trim().to_lowercase() == wanted,
        || {
            format!(
                "expected {wanted:?} in state `identifying` before the identify call answered, the widget shows {view:?}"
            )
        },
    )
}

#[then("the widget shows an anonymous visitor")]
async fn shows_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let view = w.wait_for_contact_state("anonymous").await?;
    expect(view.email.trim().is_empty(), || {
        format!(
            "expected no email for an anonymous visitor, the widget shows {:?}",
            view.email
        )
    })
}

#[then(expr = "the widget no longer shows the name {string}")]
async fn no_longer_shows_name(w: &mut HerodeskWorld, name: String) -> Result<()> {
    w.wait_for_contact_name_gone(&name).await
}

#[then("from its first frame the widget never showed the contact as anonymous")]
async fn never_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let states = w.contact_states_since_load().await?;
    expect(
        !states.is_empty() && !states.iter().any(|s| s == "anonymous"),
        || {
            format!(
                "expected the booted contact from the first frame on, the widget showed the states {states:?}"
            )
        },
    )
}

#[then(regex = r#"^the widget shows the name "(.*)" as plain text$"#)]
async fn shows_name_as_text(w: &mut HerodeskWorld, name: String) -> Result<()> {
    let view = w.wait_for_contact_name(&name).await?;
    expect(!view.has_markup, || {
        format!("the name {name:?} was injected as HTML, not shown as text")
    })
}

#[then("while the identify call is unanswered, the widget shows no email form")]
async fn no_email_form_while_identifying(w: &mut HerodeskWorld) -> Result<()> {
    let shown = w.email_form_while_identify_unanswered().await?;
    expect(!shown, || {
        "expected no email form for a contact booted with a token; the open panel showed it \
         while the identify call was unanswered"
            .into()
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

#[when(expr = "the visitor types {string} into the widget's contact form")]
async fn types_email(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.type_into_contact_form(&email).await
}

#[then("the widget asks the contact to verify their email address")]
async fn asks_to_verify(w: &mut HerodeskWorld) -> Result<()> {
    w.wait_for_verification_prompt().await
}

#[then("the widget never asks the contact to verify their email address")]
async fn never_asks_to_verify(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_no_verification_prompt().await
}

#[then("the widget does not show the contact as verified while the identify call is held")]
async fn not_verified_while_held(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_not_verified_while_identify_held().await
}

#[when(expr = "the contact enters the code emailed to {string}")]
async fn enters_code(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.enter_emailed_code(&email).await
}

#[when(expr = "the contact enters a wrong code for {string}")]
async fn enters_wrong_code(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.enter_wrong_code(&email).await
}

#[then("the widget tells the contact the code was not accepted")]
async fn tells_code_refused(w: &mut HerodeskWorld) -> Result<()> {
    w.wait_for_code_refused().await.map(drop)
}
