//! What the backend saw: call counts from the mock's journal.

use cucumber::then;

use super::expect;
use crate::{error::Result, world::HerodeskWorld};

#[then(regex = r"^the identify API was called exactly (\d+) times?$")]
async fn identify_called_exactly(w: &mut HerodeskWorld, times: usize) -> Result<()> {
    let calls = w.settled_identify_calls(0).await?;
    expect(calls.len() == times, || {
        format!(
            "expected exactly {times} identify call(s), the backend saw {}",
            calls.len()
        )
    })
}

#[then("the identify API was not called during that page load")]
async fn identify_not_called_since_mark(w: &mut HerodeskWorld) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    expect(calls.is_empty(), || {
        format!(
            "expected no identify call during the page load, the backend saw {}: {}",
            calls.len(),
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}
