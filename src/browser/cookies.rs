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
/// All cookies of the current page's origin that have not expired.
///
/// A cookie deleted the usual way (`Max-Age=0`) is gone at once in Firefox and Chromium; in
/// WebKitGTK (libsoup) it stays, empty, with the current second as its expiry, until that
/// second is over (measured: up to 1 s, so a check that waited for the cookies to settle for
/// 0.5 s still saw H3's deleted cookies). RFC 6265 makes such a cookie expired at once
/// ("the earliest representable date"), so a cookie whose expiry is not after now counts as
/// deleted, in every engine.
///
/// # Errors
/// A WebDriver error.
pub async fn all(client: &Client) -> Result<Vec<BrowserCookie>> {
    let cookies = client
        .get_all_cookies()
        .await
        .map_err(SuiteError::webdriver("reading cookies"))?;
    let now = OffsetDateTime::now_utc();
    Ok(cookies
        .into_iter()
        .map(|c| BrowserCookie {
            name: c.name().to_owned(),
            value: percent_decode(c.value()),
            expires: c.expires_datetime(),
        })
        .filter(|c| !c.expired_at(now))
        .collect())
}

impl BrowserCookie {
    /// True when the cookie's expiry is not after `now`: it is expired, even if the browser
    /// still lists it for the rest of the second.
    pub fn expired_at(&self, now: OffsetDateTime) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }
}

/// The cookie called `name`, if set.
///
/// # Errors
/// A WebDriver error.
pub async fn get(client: &Client, name: &str) -> Result<Option<BrowserCookie>> {
    Ok(all(client).await?.into_iter().find(|c| c.name == name))
}

/// Deletes every cookie of the current origin, as a browser's "clear cookies" does (C7), and
/// waits until none is left.
///
/// In WebKit a page's `document.cookie` writes reach the cookie store asynchronously: a
/// write the widget made just before (its page was still open, or had just been left) can
/// land after Delete All Cookies and put the cookies back, seen as all three 365-day cookies
/// surviving a pool reset or C7's "clears all cookies", now and then. So the deletion is
/// repeated until a read finds nothing, for at most [`CLEAR_TIMEOUT`]: a page that keeps
/// writing cookies longer than that still fails, with their names.
///
/// # Errors
/// A WebDriver error, or a timeout naming the cookies that kept coming back.
pub async fn clear(client: &Client) -> Result<()> {
    crate::browser::wait::until(
        "no cookie to be left after clearing them",
        CLEAR_TIMEOUT,
        || async {
            client
                .delete_all_cookies()
                .await
                .map_err(SuiteError::webdriver("deleting cookies"))?;
            let left = all(client).await?;
            Ok(if left.is_empty() {
                crate::browser::wait::Probe::Ready(())
            } else {
                crate::browser::wait::Probe::NotYet(format!(
                    "cookies {:?}",
                    left.iter().map(|c| &c.name).collect::<Vec<_>>()
                ))
            })
        },
    )
    .await
}

/// How long [`clear`] keeps deleting cookies that a page's late writes put back.
pub const CLEAR_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

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

/// Adds `cookie` for the page's host, host-only, the way the widget sets it. fantoccini sends
/// `"domain": null` for a cookie without a domain: geckodriver takes that as host-only, but
/// chromedriver and WebKitWebDriver refuse it as an invalid argument. So when it is refused,
/// the same cookie is sent again with no `domain` member at all ([`AddHostOnlyCookie`]).
/// Giving it the page's host as its domain instead would make a *domain* cookie
/// (`.localhost` in WebKit) next to the widget's host-only one: two cookies of one name,
/// and the widget's untouched (WebKit's C7 and H3 failed that way). Only a driver that
/// refuses that too gets the page's host as the domain.
async fn add(
    client: &Client,
    cookie: fantoccini::cookies::Cookie<'static>,
) -> Result<(), fantoccini::error::CmdError> {
    match client.add_cookie(cookie.clone()).await {
        Err(e) if is_invalid_argument(&e) => {
            match client.issue_cmd(AddHostOnlyCookie::of(&cookie)).await {
                Err(e) if is_invalid_argument(&e) => {
                    let url = client.current_url().await?;
                    let mut with_domain = cookie;
                    with_domain.set_domain(url.host_str().unwrap_or_default().to_owned());
                    client.add_cookie(with_domain).await
                }
                other => other.map(|_| ()),
            }
        }
        other => other,
    }
}

/// WebDriver's Add Cookie with no `domain` member: the cookie is host-only.
#[derive(Debug)]
struct AddHostOnlyCookie(serde_json::Value);

impl AddHostOnlyCookie {
    fn of(cookie: &fantoccini::cookies::Cookie<'_>) -> Self {
        let mut c = serde_json::json!({
            "name": cookie.name(),
            "value": cookie.value(),
            "path": cookie.path().unwrap_or("/"),
            "secure": cookie.secure().unwrap_or(false),
            "httpOnly": cookie.http_only().unwrap_or(false),
        });
        if let Some(same_site) = cookie.same_site() {
            c["sameSite"] = serde_json::json!(same_site.to_string());
        }
        if let Some(expires) = cookie.expires_datetime() {
            // WebDriver wants whole seconds since the epoch, never negative.
            c["expiry"] = serde_json::json!(expires.unix_timestamp().max(0));
        }
        Self(serde_json::json!({ "cookie": c }))
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for AddHostOnlyCookie {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/cookie",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
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
    use super::BrowserCookie;
    use time::{Duration, OffsetDateTime};

    #[test]
    fn a_cookie_that_expires_this_second_counts_as_deleted_a_later_one_does_not() {
        let now = OffsetDateTime::now_utc();
        let cookie = |expires| BrowserCookie {
            name: "herodesk_contact_verified".into(),
            value: String::new(),
            expires,
        };
        // WebKitGTK lists a Max-Age=0 cookie with the current second, truncated, as expiry.
        let this_second = now.replace_nanosecond(0).unwrap();
        assert!(cookie(Some(this_second)).expired_at(now));
        assert!(!cookie(Some(now + Duration::seconds(2))).expired_at(now));
        assert!(
            !cookie(None).expired_at(now),
            "a session cookie never expires by date"
        );
    }

    #[test]
    fn percent_decode_decodes_and_keeps_the_rest() {
        assert_eq!(super::percent_decode("a%40b.co"), "a@b.co");
        assert_eq!(super::percent_decode("100%"), "100%");
        assert_eq!(super::percent_decode("%4"), "%4");
        assert_eq!(super::percent_decode("plain"), "plain");
        assert_eq!(super::percent_decode("%é1"), "%é1");
    }
}
