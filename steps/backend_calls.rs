//! What the backend saw: call counts and identities from the mock's journal.

use cucumber::then;

use super::expect;
use crate::{error::Result, world::HerodeskWorld};

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
