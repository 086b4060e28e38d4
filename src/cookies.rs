//! Reading the widget's session cookies from the browser, as WebDriver reports them.

use cookie::SameSite;
use fantoccini::Client;
use time::OffsetDateTime;

use crate::error::{Result, SuiteError};

/// The three session cookies of spec C1, in the order the spec lists them.
pub const SESSION_COOKIES: [&str; 3] = [
    "herodesk_contact_identified",
    "herodesk-chat-contact_uuid",
    "herodesk_contact_verified",
];

/// One cookie as the browser holds it.
#[derive(Debug, Clone)]
pub struct BrowserCookie {
    /// Name.
    pub name: String,
    /// Value (URL-decoded when it was percent-encoded).
    pub value: String,
    /// Expiry; `None` for a session cookie.
    pub expires: Option<OffsetDateTime>,
}

/// The session cookies whose value differs between `before` and `now`, or that either lacks:
/// the comparison behind "have changed", "unchanged" and "hold the same session again".
pub fn session_cookies_differing(
    before: &[BrowserCookie],
    now: &[BrowserCookie],
) -> Vec<&'static str> {
    let value = |set: &[BrowserCookie], name: &str| {
        set.iter().find(|c| c.name == name).map(|c| c.value.clone())
    };
    SESSION_COOKIES
        .iter()
        .copied()
        .filter(|name| {
            let (old, new) = (value(before, name), value(now, name));
            old.is_none() || new.is_none() || old != new
        })
        .collect()
}

/// All cookies of the current page's origin.
///
/// # Errors
/// A WebDriver error.
pub async fn all(client: &Client) -> Result<Vec<BrowserCookie>> {
    let cookies = client
        .get_all_cookies()
        .await
        .map_err(SuiteError::webdriver("reading cookies"))?;
    Ok(cookies
        .into_iter()
        .map(|c| BrowserCookie {
            name: c.name().to_owned(),
            value: percent_decode(c.value()),
            expires: c.expires_datetime(),
        })
        .collect())
}

/// The cookie called `name`, if set.
///
/// # Errors
/// A WebDriver error.
pub async fn get(client: &Client, name: &str) -> Result<Option<BrowserCookie>> {
    Ok(all(client).await?.into_iter().find(|c| c.name == name))
}

/// Deletes every cookie of the current origin, as a browser's "clear cookies" does (C7).
///
/// # Errors
/// A WebDriver error.
pub async fn clear(client: &Client) -> Result<()> {
    client
        .delete_all_cookies()
        .await
        .map_err(SuiteError::webdriver("deleting cookies"))
}

/// Makes the browser expire cookie `name` by setting it again with an expiry in the past (C7).
///
/// # Errors
/// A WebDriver error.
pub async fn expire(client: &Client, name: &str) -> Result<()> {
    let cookie = fantoccini::cookies::Cookie::build((name.to_owned(), "expired"))
        .path("/")
        .same_site(SameSite::Lax)
        .expires(OffsetDateTime::now_utc() - time::Duration::days(1))
        .build();
    add(client, cookie)
        .await
        .map_err(SuiteError::webdriver(format!("expiring the cookie {name}")))
}

/// Adds `cookie` for the page's host. Engines disagree on a cookie without a domain:
/// geckodriver makes it host-only (the way the widget sets it), chromedriver refuses the
/// `"domain": null` fantoccini sends, and geckodriver refuses `localhost` as a domain. So: as
/// the widget would set it first, and with the page's host as its domain if that is refused.
async fn add(
    client: &Client,
    cookie: fantoccini::cookies::Cookie<'static>,
) -> Result<(), fantoccini::error::CmdError> {
    match client.add_cookie(cookie.clone()).await {
        Err(e) if is_invalid_argument(&e) => {
            let url = client.current_url().await?;
            let mut with_domain = cookie;
            with_domain.set_domain(url.host_str().unwrap_or_default().to_owned());
            client.add_cookie(with_domain).await
        }
        other => other,
    }
}

fn is_invalid_argument(e: &fantoccini::error::CmdError) -> bool {
    matches!(e, fantoccini::error::CmdError::Standard(wd)
        if wd.error == fantoccini::error::ErrorStatus::InvalidArgument)
}

/// Deletes cookie `name`.
///
/// # Errors
/// A WebDriver error.
pub async fn delete(client: &Client, name: &str) -> Result<()> {
    client
        .delete_cookie(name)
        .await
        .map_err(SuiteError::webdriver(format!("deleting the cookie {name}")))
}

/// Replaces the value of cookie `name`, keeping a long expiry, as a tampering user would.
///
/// # Errors
/// A WebDriver error.
pub async fn replace(client: &Client, name: &str, value: &str) -> Result<()> {
    delete(client, name).await?;
    let cookie = fantoccini::cookies::Cookie::build((name.to_owned(), value.to_owned()))
        .path("/")
        .same_site(SameSite::Lax)
        .expires(OffsetDateTime::now_utc() + time::Duration::days(365))
        .build();
    add(client, cookie)
        .await
        .map_err(SuiteError::webdriver(format!(
            "replacing the cookie {name}"
        )))
}

/// A cookie value as the widget wrote it: percent-decoded when it decodes to UTF-8 text, as
/// it stands otherwise (a stray `%` stays).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), |d| d.into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decode_decodes_and_keeps_the_rest() {
        assert_eq!(super::percent_decode("a%40b.co"), "a@b.co");
        assert_eq!(super::percent_decode("100%"), "100%");
        assert_eq!(super::percent_decode("%4"), "%4");
        assert_eq!(super::percent_decode("plain"), "plain");
        assert_eq!(super::percent_decode("%é1"), "%é1");
    }
}
