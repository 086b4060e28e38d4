//! Backend control: the mock backend's behaviour as the scenario sets it (faults injected
//! through the mock's fault injector, held answers let go, recovery) and the scenario's pace
//! against it (a call under way, a call answered).

use cucumber::{given, when};
use serde_json::{Value, json};

use crate::{
    backend::{CONVERSATION_ROUTE, WidgetCall},
    error::Result,
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
    regex = r"^the (identify|unread|conversation|verification start|verification confirm) API will (answer \d{3}(?: after \d+ ms)?|drop the connection|answer after \d+ ms|hold its answers?(?:, then answer \d{3})?) (for the next call|for the next \d+ calls|until further notice)$"
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

/// Every fault of the workspace ends (a held answer stays held until let go).
#[when(
    regex = r"^the (identify|unread|conversation|verification start|verification confirm) API recovers$"
)]
async fn api_recovers(w: &mut HerodeskWorld, _call: WidgetCall) -> Result<()> {
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

#[when(
    regex = r"^the backend lets the held (unread|conversation|verification start|verification confirm) calls? answer$"
)]
async fn release_held(w: &mut HerodeskWorld, call: WidgetCall) -> Result<()> {
    w.release_held_calls(call.route()).await
}

#[when(
    regex = r"^the widget's (identify|unread|verification start|verification confirm) call is under way$"
)]
async fn call_under_way(w: &mut HerodeskWorld, call: WidgetCall) -> Result<()> {
    w.wait_for_in_flight(call.route()).await
}

#[when("the widget's call for that conversation is under way")]
async fn conversation_call_under_way(w: &mut HerodeskWorld) -> Result<()> {
    w.wait_for_in_flight(CONVERSATION_ROUTE).await
}

#[when(
    regex = r"^the (identify|unread|conversation|verification start|verification confirm) API has answered (\d{3})$"
)]
async fn call_answered(w: &mut HerodeskWorld, call: WidgetCall, status: u16) -> Result<()> {
    w.wait_for_answer(call.route(), status).await
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
