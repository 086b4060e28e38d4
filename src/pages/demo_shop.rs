//! The mock's demo shop (`/demo/` on the host site), as a person uses it: the hooks listed in
//! docs/mock-server.md.

use fantoccini::{Client, Locator};

use crate::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    error::{Result, SuiteError},
};

async fn click(client: &Client, css: &str) -> Result<()> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(SuiteError::webdriver(format!(
            "finding {css} on the demo shop"
        )))?
        .click()
        .await
        .map_err(SuiteError::webdriver(format!(
            "clicking {css} on the demo shop"
        )))
}

/// Opens the demo shop, picks the contact with `contact_id` and signs in; waits until the
/// shop says who is signed in.
///
/// # Errors
/// WebDriver errors, or a timeout when the sign-in does not complete.
pub async fn sign_in(client: &Client, site_url: &str, contact_id: u64) -> Result<String> {
    client
        .goto(&format!("{site_url}/demo/"))
        .await
        .map_err(SuiteError::webdriver("opening the demo shop"))?;
    click(
        client,
        &format!("form[data-demo-login] input[name=contact_id][value=\"{contact_id}\"]"),
    )
    .await?;
    click(client, "form[data-demo-login] button[type=submit]").await?;
    until(
        "the demo shop to show who is signed in",
        DEFAULT_TIMEOUT,
        || async {
            Ok(match client.find(Locator::Css("[data-host-user]")).await {
                Ok(el) => Probe::Ready(el.text().await.unwrap_or_default()),
                Err(e) => Probe::NotYet(e.to_string()),
            })
        },
    )
    .await
}

/// Clicks the shop's `Herodesk('show')` button.
///
/// # Errors
/// WebDriver errors.
pub async fn click_show(client: &Client) -> Result<()> {
    click(client, "#demo-show").await
}

/// Sends the agent reply prefilled in the shop's agent console (first conversation).
///
/// # Errors
/// WebDriver errors.
pub async fn send_agent_reply(client: &Client) -> Result<()> {
    click(client, "#demo-agent button[type=submit]").await
}

/// The shop's event log, oldest first.
///
/// # Errors
/// WebDriver errors.
pub async fn events(client: &Client) -> Result<Vec<String>> {
    let v = client
        .execute(
            "return Array.prototype.map.call(document.querySelectorAll('#events li'), function (li) { return li.textContent; }).reverse();",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver("reading the demo shop's event log"))?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}
