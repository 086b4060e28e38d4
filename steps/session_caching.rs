//! Spec C: session caching in cookies.

use cucumber::{given, then, when};
use time::{Duration, OffsetDateTime};

use super::expect;
use crate::{
    cookies::{self, SESSION_COOKIES},
    error::Result,
    pages::host_page::HostPageVisit,
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

/// Waits until all three session cookies are set and returns them.
async fn session_cookies(w: &mut HerodeskWorld) -> Result<Vec<cookies::BrowserCookie>> {
    let client = w.client().await?.clone();
    until(
        "the three session cookies to be set",
        DEFAULT_TIMEOUT,
        || async {
            let all = cookies::all(&client).await?;
            let found: Vec<_> = SESSION_COOKIES
                .iter()
                .filter_map(|name| all.iter().find(|c| c.name == *name).cloned())
                .collect();
            Ok(if found.len() == SESSION_COOKIES.len() {
                Probe::Ready(found)
            } else {
                Probe::NotYet(format!(
                    "cookies {:?}",
                    all.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()
                ))
            })
        },
    )
    .await
}

#[given(
    expr = "the visitor has opened a page signed in as {string} and the widget has set its session cookies"
)]
async fn visited_once(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.open_page(&HostPageVisit::signed_in(&email)).await?;
    w.wait_for_contact_state("verified").await?;
    session_cookies(w).await?;
    Ok(())
}

#[when(expr = "the visitor opens the page again, signed in as {string}")]
async fn opens_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.mark_journal().await?;
    w.open_page(&HostPageVisit::signed_in(&email)).await
}

#[then(expr = "the session cookies {string}, {string} and {string} are set")]
async fn cookies_are_set(w: &mut HerodeskWorld, a: String, b: String, c: String) -> Result<()> {
    let found = session_cookies(w).await?;
    for name in [a, b, c] {
        let cookie = found.iter().find(|k| k.name == name);
        expect(cookie.is_some_and(|k| !k.value.is_empty()), || {
            format!("expected the cookie {name:?} with a value, found {cookie:?}")
        })?;
    }
    Ok(())
}

#[then(
    regex = r"^each of the three session cookies expires (\d+) days from now, give or take (\d+) minutes$"
)]
async fn cookies_expire_in(w: &mut HerodeskWorld, days: i64, tolerance_min: i64) -> Result<()> {
    let found = session_cookies(w).await?;
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
    session_cookies(w).await?;
    let client = w.client().await?;
    let value = cookies::get(client, &name)
        .await?
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

/// Decodes standard or URL-safe base64 (padding optional), for catching a "hash" that is not.
fn decode_base64(text: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        let c = match c {
            b'-' => b'+',
            b'_' => b'/',
            c => c,
        };
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
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
