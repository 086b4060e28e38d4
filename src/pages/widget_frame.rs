//! The widget's iframe: the DOM hooks of docs/widget-contract.md, read through WebDriver's
//! frame switching so a widget whose iframe is cross-origin is tested the same way.

use fantoccini::{Client, Locator, error::CmdError};

use crate::error::{Result, SuiteError};

const FRAME: &str = "iframe[data-herodesk-frame]";
const CONTACT: &str = "[data-herodesk-contact]";
const EMAIL_FORM: &str = "[data-herodesk-email-form]";
const PANEL: &str = "[data-herodesk-panel]";

/// Who the widget says it is talking to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactView {
    /// `anonymous`, `identifying`, `verified` or `unverified`.
    pub state: String,
    /// The email the widget shows for the contact (may be empty).
    pub email: String,
}

/// Runs `read` inside the widget's iframe and always returns to the page, so a failed read
/// never leaves later commands pointed at the frame. `Ok(None)` when there is no iframe yet.
async fn inside<T, F, Fut>(client: &Client, read: F) -> Result<Option<T>>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    let frame = match client.find(Locator::Css(FRAME)).await {
        Ok(f) => f,
        Err(e) if e.is_no_such_element() => return Ok(None),
        Err(e) => return Err(SuiteError::webdriver("finding the widget iframe")(e)),
    };
    frame
        .enter_frame()
        .await
        .map_err(SuiteError::webdriver("entering the widget iframe"))?;
    let result = read(client.clone()).await;
    client
        .enter_parent_frame()
        .await
        .map_err(SuiteError::webdriver("leaving the widget iframe"))?;
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_no_such_element() => Ok(None),
        Err(e) => Err(SuiteError::webdriver("reading the widget iframe")(e)),
    }
}

/// The contact the widget shows, or `None` before the widget has rendered it.
///
/// # Errors
/// A WebDriver error.
pub async fn contact(client: &Client) -> Result<Option<ContactView>> {
    inside(client, |c| async move {
        let el = c.find(Locator::Css(CONTACT)).await?;
        let state = el
            .attr("data-herodesk-contact-state")
            .await?
            .unwrap_or_default();
        let email = el
            .attr("data-herodesk-contact-email")
            .await?
            .unwrap_or_default();
        Ok(ContactView { state, email })
    })
    .await
}

/// Whether the widget shows its email form (the standard verification flow's first step).
///
/// # Errors
/// A WebDriver error.
pub async fn email_form_displayed(client: &Client) -> Result<bool> {
    Ok(inside(client, |c| async move {
        match c.find(Locator::Css(EMAIL_FORM)).await {
            Ok(form) => form.is_displayed().await,
            Err(e) if e.is_no_such_element() => Ok(false),
            Err(e) => Err(e),
        }
    })
    .await?
    .unwrap_or(false))
}

/// Whether the chat panel is open (displayed).
///
/// # Errors
/// A WebDriver error.
pub async fn panel_open(client: &Client) -> Result<bool> {
    Ok(inside(client, |c| async move {
        match c.find(Locator::Css(PANEL)).await {
            Ok(panel) => panel.is_displayed().await,
            Err(e) if e.is_no_such_element() => Ok(false),
            Err(e) => Err(e),
        }
    })
    .await?
    .unwrap_or(false))
}

const CONTACT_NAME: &str = "[data-herodesk-contact-name]";
const VERIFY_FORM: &str = "[data-herodesk-verify-form]";
const VERIFY_CODE: &str = "[data-herodesk-verify-code]";
const VERIFY_ERROR: &str = "[data-herodesk-verify-error]";
const EMAIL_INPUT: &str = "[data-herodesk-email-input]";
const LAUNCHER: &str = "[data-herodesk-launcher]";
const CLOSE: &str = "[data-herodesk-close]";
const INPUT: &str = "[data-herodesk-input]";
const CONVERSATION: &str = "[data-herodesk-conversation]";

/// The contact's name as the widget renders it: its text, and whether the name element holds
/// any element (which would mean the name was injected as HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameView {
    /// `textContent` of the name element.
    pub text: String,
    /// Whether the name element has element children.
    pub has_markup: bool,
}

/// The contact name element, or `None` before it exists.
///
/// # Errors
/// A WebDriver error.
pub async fn contact_name(client: &Client) -> Result<Option<NameView>> {
    inside(client, |c| async move {
        let el = c.find(Locator::Css(CONTACT_NAME)).await?;
        let text = el.prop("textContent").await?.unwrap_or_default();
        let has_markup = !el.find_all(Locator::Css("*")).await?.is_empty();
        Ok(NameView { text, has_markup })
    })
    .await
}

/// Whether the widget asks the contact to verify their email (the verification form shows).
///
/// # Errors
/// A WebDriver error.
pub async fn verification_prompt_displayed(client: &Client) -> Result<bool> {
    displayed(client, VERIFY_FORM).await
}

/// What the verification form tells the contact about the last code they entered: the text
/// of its error element when displayed, `None` while it says nothing.
///
/// # Errors
/// A WebDriver error.
pub async fn verification_error(client: &Client) -> Result<Option<String>> {
    Ok(inside(client, |c| async move {
        match c.find(Locator::Css(VERIFY_ERROR)).await {
            Ok(el) if el.is_displayed().await? => {
                let text = el.prop("textContent").await?.unwrap_or_default();
                Ok((!text.trim().is_empty()).then(|| text.trim().to_owned()))
            }
            Ok(_) => Ok(None),
            Err(e) if e.is_no_such_element() => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await?
    .flatten())
}

async fn displayed(client: &Client, selector: &'static str) -> Result<bool> {
    Ok(inside(client, |c| async move {
        match c.find(Locator::Css(selector)).await {
            Ok(el) => el.is_displayed().await,
            Err(e) if e.is_no_such_element() => Ok(false),
            Err(e) => Err(e),
        }
    })
    .await?
    .unwrap_or(false))
}

async fn click(client: &Client, selector: &'static str, what: &str) -> Result<()> {
    inside(client, |c| async move {
        c.find(Locator::Css(selector)).await?.click().await
    })
    .await?
    .ok_or_else(|| SuiteError::Expectation(format!("the widget has no {what} to click")))
}

/// Clicks the launcher button.
///
/// # Errors
/// A WebDriver error, or no launcher.
pub async fn click_launcher(client: &Client) -> Result<()> {
    click(client, LAUNCHER, "launcher").await
}

/// Clicks the panel's close button.
///
/// # Errors
/// A WebDriver error, or no close button.
pub async fn click_close(client: &Client) -> Result<()> {
    click(client, CLOSE, "close button").await
}

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

/// The chat input's current value, or `None` before it exists.
///
/// # Errors
/// A WebDriver error.
pub async fn chat_input_value(client: &Client) -> Result<Option<String>> {
    inside(client, |c| async move {
        Ok(c.find(Locator::Css(INPUT))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    })
    .await
}

/// The conversation on screen: its id and all its text, or `None` when none is displayed.
///
/// # Errors
/// A WebDriver error.
pub async fn conversation_shown(client: &Client) -> Result<Option<(String, String)>> {
    Ok(inside(client, |c| async move {
        match c.find(Locator::Css(CONVERSATION)).await {
            Ok(el) if el.is_displayed().await? => {
                let id = el
                    .attr("data-herodesk-conversation")
                    .await?
                    .unwrap_or_default();
                let text = el.prop("textContent").await?.unwrap_or_default();
                Ok(Some((id, text)))
            }
            Ok(_) => Ok(None),
            Err(e) if e.is_no_such_element() => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await?
    .flatten())
}

/// The computed `z-index` of the widget's iframe on the host page (`auto` or a number).
///
/// # Errors
/// A WebDriver error, or no iframe.
pub async fn frame_z_index(client: &Client) -> Result<String> {
    let v = client
        .execute(
            "var f = document.querySelector(arguments[0]); return f ? getComputedStyle(f).zIndex : null;",
            vec![serde_json::json!(FRAME)],
        )
        .await
        .map_err(SuiteError::webdriver("reading the widget iframe's z-index"))?;
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| SuiteError::Expectation("the page has no widget iframe".into()))
}

/// The HTML inside the widget's iframe (for failure reports), or `None` without an iframe.
///
/// # Errors
/// A WebDriver error.
pub async fn html(client: &Client) -> Result<Option<String>> {
    inside(client, |c| async move { c.source().await }).await
}
