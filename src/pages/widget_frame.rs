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
