//! The widget's iframe: the DOM hooks of docs/widget-contract.md, read through WebDriver's
//! frame switching so a widget whose iframe is cross-origin is tested the same way. A
//! same-origin iframe's hooks are read first in one script from the host page ([`quick`]),
//! which answers only what frame switching would answer too.

mod quick;
mod typing;

use fantoccini::{Client, Locator, error::CmdError};

use crate::error::{Result, SuiteError};
use quick::Found;
pub use typing::{press_in_chat_input, submit_email, submit_verification_code, type_draft};

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

/// `selector` read in one script when the iframe is same-origin; `None` when the frame must
/// be entered. A script that failed is not an answer either: entering the frame says what
/// went wrong in the words the suite has always used.
async fn quick_read(client: &Client, selector: &str, attributes: &[&str]) -> Option<Found> {
    quick::read(client, FRAME, selector, attributes)
        .await
        .ok()
        .flatten()
}

/// The answer of a read that needs no "displayed": `Some(None)` without the frame or the
/// element, `Some(Some(view(hook)))` with it, `None` when the frame must be entered.
async fn quick_view<T>(
    client: &Client,
    selector: &str,
    attributes: &[&str],
    view: impl FnOnce(quick::Hook) -> T,
) -> Option<Option<T>> {
    match quick_read(client, selector, attributes).await? {
        Found::NoFrame | Found::NoElement => Some(None),
        Found::Element(hook) => Some(Some(view(hook))),
    }
}

/// The contact the widget shows, or `None` before the widget has rendered it.
///
/// # Errors
/// A WebDriver error.
pub async fn contact(client: &Client) -> Result<Option<ContactView>> {
    const ATTRIBUTES: [&str; 2] = ["data-herodesk-contact-state", "data-herodesk-contact-email"];
    let quick = quick_view(client, CONTACT, &ATTRIBUTES, |hook| {
        let mut attributes = hook.attributes.into_iter().map(Option::unwrap_or_default);
        ContactView {
            state: attributes.next().unwrap_or_default(),
            email: attributes.next().unwrap_or_default(),
        }
    });
    if let Some(answer) = quick.await {
        return Ok(answer);
    }
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
    displayed(client, EMAIL_FORM).await
}

/// Whether the chat panel is open (displayed).
///
/// # Errors
/// A WebDriver error.
pub async fn panel_open(client: &Client) -> Result<bool> {
    displayed(client, PANEL).await
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
    let quick = quick_view(client, CONTACT_NAME, &[], |hook| NameView {
        text: hook.text,
        has_markup: hook.has_elements,
    });
    if let Some(answer) = quick.await {
        return Ok(answer);
    }
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
    if surely_not_displayed(client, VERIFY_ERROR).await {
        return Ok(None);
    }
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

/// Whether `selector` is certainly not displayed, by one script (a same-origin iframe only).
async fn surely_not_displayed(client: &Client, selector: &str) -> bool {
    match quick_read(client, selector, &[]).await {
        Some(Found::NoFrame | Found::NoElement) => true,
        Some(Found::Element(hook)) => hook.surely_hidden,
        None => false,
    }
}

/// Whether `selector` is displayed in the widget's iframe, as the driver decides it.
async fn displayed(client: &Client, selector: &'static str) -> Result<bool> {
    if surely_not_displayed(client, selector).await {
        return Ok(false);
    }
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

/// The chat input's current value, or `None` before it exists.
///
/// # Errors
/// A WebDriver error.
pub async fn chat_input_value(client: &Client) -> Result<Option<String>> {
    let quick = quick_view(client, INPUT, &[], |hook| hook.value.unwrap_or_default());
    if let Some(answer) = quick.await {
        return Ok(answer);
    }
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
    if surely_not_displayed(client, CONVERSATION).await {
        return Ok(None);
    }
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
