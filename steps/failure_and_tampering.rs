//! Spec H: failure and tampering, driven through the mock's fault injection and cookie
//! tampering through WebDriver.

use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::expect;
use crate::{
    backend::{CallReads, WidgetCall},
    cookies,
    error::Result,
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

/// A fault a step names: "answer 500", "answer 500 after 3000 ms", "answer after 30000 ms",
/// "drop the connection", "hold its answer" (until the scenario lets it go), "hold its
/// answer, then answer 500"; as the mock's fault injector takes it.
#[derive(Debug, Clone)]
struct FaultWords(Value);

impl std::str::FromStr for FaultWords {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let ms = |text: &str| {
            text.strip_suffix(" ms")
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| format!("`{text}` is not a delay in ms"))
        };
        if s == "drop the connection" {
            return Ok(Self(json!({ "drop": true })));
        }
        if let Some(then) = s
            .strip_prefix("hold its answer")
            .map(|rest| rest.strip_prefix('s').unwrap_or(rest))
        {
            return match then.strip_prefix(", then answer ") {
                None if then.is_empty() => Ok(Self(json!({ "hold": true }))),
                Some(status) => status
                    .parse::<u16>()
                    .map(|status| Self(json!({ "hold": true, "status": status })))
                    .map_err(|_| format!("`{status}` is not a status")),
                None => Err(format!("no fault `{s}`")),
            };
        }
        let rest = s
            .strip_prefix("answer ")
            .ok_or_else(|| format!("no fault `{s}`"))?;
        if let Some(delay) = rest.strip_prefix("after ") {
            return Ok(Self(json!({ "delay_ms": ms(delay)? })));
        }
        let (status, delay) = match rest.split_once(" after ") {
            Some((status, delay)) => (status, Some(ms(delay)?)),
            None => (rest, None),
        };
        let status: u16 = status
            .parse()
            .map_err(|_| format!("`{status}` is not a status"))?;
        Ok(Self(json!({ "status": status, "delay_ms": delay })))
    }
}

/// For how many calls a fault holds: "for the next call", "for the next 2 calls", "until
/// further notice" (`None`).
#[derive(Debug, Clone, Copy)]
struct FaultSpan(Option<u32>);

impl std::str::FromStr for FaultSpan {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "until further notice" => Ok(Self(None)),
            "for the next call" => Ok(Self(Some(1))),
            _ => s
                .strip_prefix("for the next ")
                .and_then(|n| n.strip_suffix(" calls"))
                .and_then(|n| n.parse().ok())
                .map(|n| Self(Some(n)))
                .ok_or_else(|| format!("no span of calls `{s}`")),
        }
    }
}

#[given(
    regex = r"^the (identify|unread|conversation) API will (answer \d{3}(?: after \d+ ms)?|drop the connection|answer after \d+ ms|hold its answers?(?:, then answer \d{3})?) (for the next call|for the next \d+ calls|until further notice)$"
)]
async fn call_will_fail(
    w: &mut HerodeskWorld,
    call: WidgetCall,
    fault: FaultWords,
    span: FaultSpan,
) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    w.suite()
        .backend
        .inject_fault(&wid, call.route(), fault.0, span.0)
        .await
}

#[when("the identify API recovers")]
async fn identify_recovers(w: &mut HerodeskWorld) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    w.suite().backend.clear_faults(&wid).await
}

#[when(regex = r"^the backend lets the held identify calls? answer$")]
async fn release_held_identify(w: &mut HerodeskWorld) -> Result<()> {
    w.release_held_identify_calls().await
}

#[when(expr = "the backend lets the identify call for {string} answer")]
async fn release_identify_of(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.release_identify_of(&email).await
}

#[then("the widget said on the console why it could not identify")]
async fn said_why(w: &mut HerodeskWorld) -> Result<()> {
    w.widget_console_warning("why it could not identify")
        .await
        .map(drop)
}

#[when(
    expr = "the page boots as {string} twice in a row, the second before the first identify call has answered"
)]
async fn boots_twice(w: &mut HerodeskWorld, email: String) -> Result<()> {
    // One script, two calls: the first identify call cannot have answered in between.
    w.boot_with_server_token(&email, 2).await
}

#[when(
    regex = r#"^the browser's "([^"]*)" cookie is replaced with (a token the backend never issued|the uuid of "([^"]*)")$"#
)]
async fn tamper(w: &mut HerodeskWorld, cookie: String, with: String, other: String) -> Result<()> {
    let value = if with == "a token the backend never issued" {
        "0123456789abcdef".repeat(4)
    } else {
        let wid = w.workspace.widget_id.clone();
        w.suite().backend.contact_uuid(&wid, &other).await?
    };
    let client = w.client().await?;
    cookies::replace(client, &cookie, &value).await?;
    w.tampered_value = Some(value.clone());
    let client = w.client().await?;
    let now = cookies::get(client, &cookie).await?.map(|c| c.value);
    expect(now.as_deref() == Some(value.as_str()), || {
        format!("the browser did not take the tampered cookie: {now:?}")
    })
}

#[then("no request carrying the tampered value got anything from the backend")]
async fn tampered_session_got_nothing(w: &mut HerodeskWorld) -> Result<()> {
    let tampered = w.tampered_value.clone().unwrap_or_default();
    let requests = w.widget_requests(w.mark).await?;
    let carrying: Vec<_> = requests
        .iter()
        .filter(|e| {
            !tampered.is_empty()
                && [e.session_contact(), e.session_verification()]
                    .contains(&Some(tampered.as_str()))
        })
        .collect();
    // A widget that never presents the tampered cookie gets nothing either: H3 holds.
    let served: Vec<String> = carrying
        .iter()
        .filter(|e| e.status != 401)
        .map(|e| format!("{} → {}", e.route, e.status))
        .collect();
    expect(served.is_empty(), || {
        format!("requests with the tampered session were not refused with 401: {served:?}")
    })
}

#[then(regex = r"^the session cookies hold (.+)'s own session again$")]
async fn own_session_again(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let before = w.saved_cookies.clone();
    let client = w.client().await?.clone();
    until(
        &format!("the session cookies to hold {email}'s own session again"),
        DEFAULT_TIMEOUT,
        || async {
            let now = cookies::all(&client).await?;
            let differing = cookies::session_cookies_differing(&before, &now);
            Ok(Probe::ready_if(differing.is_empty(), || {
                format!("differing: {differing:?}")
            }))
        },
    )
    .await
}

#[when(expr = "the page boots as {string} again once the identify call for {string} has answered")]
async fn boots_again_after_answer(
    w: &mut HerodeskWorld,
    email: String,
    answered: String,
) -> Result<()> {
    w.wait_for_identify_answered(&answered).await?;
    w.boot_with_server_token(&email, 1).await
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

#[then(expr = "the {string} cookie holds the uuid of {string}")]
async fn cookie_holds_uuid(w: &mut HerodeskWorld, cookie: String, email: String) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    let uuid = w.suite().backend.contact_uuid(&wid, &email).await?;
    w.session_cookies().await?;
    let client = w.client().await?;
    let held = cookies::get(client, &cookie).await?.map(|c| c.value);
    expect(held.as_deref() == Some(uuid.as_str()), || {
        format!("expected the {cookie:?} cookie to hold {email}'s uuid {uuid:?}, it holds {held:?}")
    })
}

#[when(
    expr = "the page boots as {string} (again )once that identify call has gone {int} second(s) unanswered"
)]
async fn boots_again_while_in_flight(
    w: &mut HerodeskWorld,
    email: String,
    seconds: u64,
) -> Result<()> {
    w.wait_for_identify_unanswered_for(std::time::Duration::from_secs(seconds))
        .await?;
    w.boot_with_server_token(&email, 1).await
}

#[when(expr = "the page boots as {string} (again )once that identify call is in flight")]
async fn boots_while_in_flight(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.wait_for_identify_in_flight().await?;
    w.boot_with_server_token(&email, 1).await
}

#[when(expr = "the page boots as {string} and at once as {string}, in one script")]
async fn boots_two_spellings(w: &mut HerodeskWorld, first: String, second: String) -> Result<()> {
    w.boot_two_spellings(&first, &second).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_words_become_the_mock_s_faults() {
        let parse = |s: &str| s.parse::<FaultWords>().map(|f| f.0);
        assert_eq!(parse("drop the connection"), Ok(json!({ "drop": true })));
        assert_eq!(
            parse("answer 500"),
            Ok(json!({ "status": 500, "delay_ms": null }))
        );
        assert_eq!(
            parse("answer 500 after 3000 ms"),
            Ok(json!({ "status": 500, "delay_ms": 3000 }))
        );
        assert_eq!(
            parse("answer after 30000 ms"),
            Ok(json!({ "delay_ms": 30000 }))
        );
        assert!(parse("answer soon").is_err());
        assert_eq!(parse("hold its answer"), Ok(json!({ "hold": true })));
        assert_eq!(parse("hold its answers"), Ok(json!({ "hold": true })));
        assert_eq!(
            parse("hold its answer, then answer 500"),
            Ok(json!({ "hold": true, "status": 500 }))
        );
        assert!(parse("hold its answer, then answer soon").is_err());
        assert!(parse("hold its answer for now").is_err());
        assert_eq!(
            "for the next 2 calls".parse::<FaultSpan>().map(|s| s.0),
            Ok(Some(2))
        );
        assert_eq!(
            "until further notice".parse::<FaultSpan>().map(|s| s.0),
            Ok(None)
        );
        assert!("for a while".parse::<FaultSpan>().is_err());
    }
}
