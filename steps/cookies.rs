//! The session cookies: set, when they expire, what they hide, changed, kept, dropped by the
//! browser or tampered with, and whose session they hold.

use cucumber::{then, when};
use time::{Duration, OffsetDateTime};

use super::expect;
use crate::{error::Result, world::HerodeskWorld};

#[then(expr = "the session cookies {string}, {string} and {string} are set")]
async fn cookies_are_set(w: &mut HerodeskWorld, a: String, b: String, c: String) -> Result<()> {
    let found = w.session_cookies().await?;
    for name in [a, b, c] {
        let cookie = found.iter().find(|k| k.name == name);
        expect(cookie.is_some_and(|k| !k.value.is_empty()), || {
            format!("expected the cookie {name:?} with a value, found {cookie:?}")
        })?;
    }
    Ok(())
}

#[then("no session cookie is set")]
async fn no_session_cookie(w: &mut HerodeskWorld) -> Result<()> {
    let names = w.settled_session_cookie_names().await?;
    expect(names.is_empty(), || {
        format!("expected no session cookie, the browser holds {names:?}")
    })
}

#[then(
    regex = r"^each of the three session cookies expires (\d+) days from now, give or take (\d+) minutes$"
)]
async fn cookies_expire_in(w: &mut HerodeskWorld, days: i64, tolerance_min: i64) -> Result<()> {
    let found = w.session_cookies().await?;
    let wanted = OffsetDateTime::now_utc() + Duration::days(days);
    let tolerance = Duration::minutes(tolerance_min);
    for cookie in found {
        let ok = cookie
            .expires
            .is_some_and(|at| (at - wanted).abs() <= tolerance);
        expect(ok, || {
            format!(
                "expected {} to expire about {wanted} (±{tolerance_min} min), it expires {:?}",
                cookie.name, cookie.expires
            )
        })?;
    }
    Ok(())
}

#[then(expr = "the {string} cookie does not contain {string} in any readable form")]
async fn cookie_hides(w: &mut HerodeskWorld, name: String, email: String) -> Result<()> {
    let value = w
        .session_cookies()
        .await?
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| c.value)
        .unwrap_or_default();
    let lowered = value.to_lowercase();
    let plain = email.trim().to_lowercase();
    let local_part = plain.split('@').next().unwrap_or_default().to_owned();
    let decoded_b64 = decode_base64(&value).map(|s| s.to_lowercase());
    let leaks = lowered.contains(&plain)
        || lowered.contains(&local_part)
        || decoded_b64.is_some_and(|d| d.contains(&local_part));
    expect(!value.is_empty() && !leaks, || {
        format!(
            "expected a fingerprint in {name:?} that hides {email:?}, the cookie holds {value:?}"
        )
    })
}

#[then("all three session cookies have changed")]
async fn cookies_changed(w: &mut HerodeskWorld) -> Result<()> {
    w.wait_for_session_cookies_renewed().await
}

#[when(
    regex = r#"^the browser (clears all cookies|lets the session cookies expire|loses only the "([^"]*)" cookie)$"#
)]
async fn browser_drops_cookies(w: &mut HerodeskWorld, how: String, only: String) -> Result<()> {
    let left = match how.as_str() {
        "clears all cookies" => w.browser_clears_cookies().await?,
        "lets the session cookies expire" => w.browser_expires_session_cookies().await?,
        _ => w.browser_loses_cookie(&only).await?,
    };
    // The browser must really have dropped them, or the scenario would prove nothing.
    expect(left.is_empty(), || {
        format!("the browser still holds {left:?}")
    })
}

#[then("the session cookies are still the ones set on the first visit")]
async fn cookies_unchanged(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_saved_session_kept().await
}

#[when(
    regex = r#"^the browser's "([^"]*)" cookie is replaced with (a token the backend never issued|the uuid of "([^"]*)")$"#
)]
async fn tamper(w: &mut HerodeskWorld, cookie: String, with: String, other: String) -> Result<()> {
    let value = if with == "a token the backend never issued" {
        "0123456789abcdef".repeat(4)
    } else {
        w.contact_uuid(&other).await?
    };
    let now = w.tamper_with_cookie(&cookie, &value).await?;
    expect(now.as_deref() == Some(value.as_str()), || {
        format!("the browser did not take the tampered cookie: {now:?}")
    })
}

#[then(regex = r"^the session cookies hold (.+)'s own session again$")]
async fn own_session_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.wait_for_saved_session_again(&email).await
}

#[then(expr = "the {string} cookie holds the uuid of {string}")]
async fn cookie_holds_uuid(w: &mut HerodeskWorld, cookie: String, email: String) -> Result<()> {
    let uuid = w.contact_uuid(&email).await?;
    let held = w.session_cookie_value(&cookie).await?;
    expect(held.as_deref() == Some(uuid.as_str()), || {
        format!("expected the {cookie:?} cookie to hold {email}'s uuid {uuid:?}, it holds {held:?}")
    })
}

/// Decodes standard or URL-safe base64 (padding optional), for catching a "hash" that is not.
fn decode_base64(text: &str) -> Option<String> {
    use base64::{
        Engine,
        engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
    };
    let text = text.trim_end_matches('=');
    let bytes = STANDARD_NO_PAD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text))
        .ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn decode_base64_reads_both_alphabets() {
        assert_eq!(
            super::decode_base64("am9obkBleGFtcGxlLmNvbQ==").as_deref(),
            Some("john@example.com")
        );
        assert_eq!(
            super::decode_base64("am9obkBleGFtcGxlLmNvbQ").as_deref(),
            Some("john@example.com")
        );
        assert_eq!(super::decode_base64("not base64!"), None);
    }
}
