//! What the backend saw: call counts and identities from the mock's journal.

use cucumber::then;

use super::expect;
use crate::{error::Result, traffic, world::HerodeskWorld};

#[then(regex = r"^the identify API was called exactly (\d+) times?( during that page load)?$")]
async fn identify_called_exactly(
    w: &mut HerodeskWorld,
    times: usize,
    since_mark: String,
) -> Result<()> {
    let after = if since_mark.is_empty() { 0 } else { w.mark };
    let calls = w.settled_identify_calls(after).await?;
    expect(calls.len() == times, || {
        format!(
            "expected exactly {times} identify call(s){since_mark}, the backend saw {}: {}",
            calls.len(),
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}

#[then("the identify API was not called during that page load")]
async fn identify_not_called_since_mark(w: &mut HerodeskWorld) -> Result<()> {
    identify_called_exactly(w, 0, " during that page load".into()).await
}

/// A call budget for the caching statements: the unread poll is left out (its rate is G3's
/// promise, and its count would depend on how long the steps took).
#[then(
    regex = r"^the widget made (no|at most \d+) calls? to the API (during that page load|in this scenario), besides the unread poll$"
)]
async fn at_most_calls_besides_the_poll(
    w: &mut HerodeskWorld,
    budget: String,
    during: String,
) -> Result<()> {
    let budget: usize = budget
        .strip_prefix("at most ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let after = if during == "in this scenario" {
        0
    } else {
        w.mark
    };
    let calls = w
        .settled_widget_calls(after, &[traffic::UNREAD_ROUTE])
        .await?;
    expect(calls.len() <= budget, || {
        format!(
            "expected at most {budget} call(s) to the API {during} besides the unread poll, the widget made {}",
            traffic::CallSummary::of(&calls).line()
        )
    })
}

/// The polling budget (G3: the unread count is polled about every second).
#[then(
    regex = r"^the widget polled the unread count at most (\d+) times in the first (\d+) seconds of that page load$"
)]
async fn polled_at_most(w: &mut HerodeskWorld, budget: usize, seconds: u64) -> Result<()> {
    let window = std::time::Duration::from_secs(seconds);
    let polls = w.calls_in_first(traffic::UNREAD_ROUTE, window).await?;
    expect(polls.len() <= budget, || {
        format!(
            "expected at most {budget} unread poll(s) in the first {seconds} s of that page load, the widget made {}",
            polls.len()
        )
    })
}
