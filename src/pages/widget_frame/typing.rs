//! What the visitor types in the widget's frame: the contact form's email, the verification
//! code, a draft in the chat input, a key pressed there.

use fantoccini::{Client, Locator};

use super::{EMAIL_INPUT, INPUT, VERIFY_CODE, inside};
use crate::error::{Result, SuiteError};

/// Types `email` into the contact form and submits it.
///
/// # Errors
/// A WebDriver error, or no contact form.
pub async fn submit_email(client: &Client, email: &str) -> Result<()> {
    let email = email.to_owned();
    inside(client, |c| async move {
        let input = c.find(Locator::Css(EMAIL_INPUT)).await?;
        input.send_keys(&email).await?;
        input.send_keys("\u{E007}").await // Enter submits the form
    })
    .await?
    .ok_or_else(|| SuiteError::Expectation("the widget has no contact form email field".into()))
}

/// Types `text` into the chat input, a draft the visitor has not sent (sending a message is
/// in no statement: no Enter).
///
/// # Errors
/// A WebDriver error, or no chat input.
pub async fn type_draft(client: &Client, text: &str) -> Result<()> {
    let text = text.to_owned();
    inside(client, |c| async move {
        c.find(Locator::Css(INPUT)).await?.send_keys(&text).await
    })
    .await?
    .ok_or_else(|| SuiteError::Expectation("the widget has no chat input".into()))
}

/// Presses `key` (a WebDriver key code, `\u{E00C}` for Escape) in the chat input, as a
/// visitor whose focus is in the panel does.
///
/// # Errors
/// A WebDriver error, or no chat input.
pub async fn press_in_chat_input(client: &Client, key: &str) -> Result<()> {
    let key = key.to_owned();
    inside(client, |c| async move {
        c.find(Locator::Css(INPUT)).await?.send_keys(&key).await
    })
    .await?
    .ok_or_else(|| SuiteError::Expectation("the widget has no chat input".into()))
}

/// Types `code` into the verification form and submits it.
///
/// # Errors
/// A WebDriver error, or no verification form.
pub async fn submit_verification_code(client: &Client, code: &str) -> Result<()> {
    let code = code.to_owned();
    inside(client, |c| async move {
        let input = c.find(Locator::Css(VERIFY_CODE)).await?;
        input.send_keys(&code).await?;
        input.send_keys("\u{E007}").await
    })
    .await?
    .ok_or_else(|| SuiteError::Expectation("the widget has no verification code field".into()))
}
