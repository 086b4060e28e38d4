//! Spec D: the queue stub and boot.

use cucumber::{then, when};

use super::expect;
use crate::{
    error::Result,
    pages::host_page::{self, HostPageVisit},
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[when(
    expr = "the visitor opens a page signed in as {string} that queues {string} before the widget script loads"
)]
async fn opens_with_queue(w: &mut HerodeskWorld, email: String, calls: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        queue: list(&calls),
        record_events: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[then(expr = "the page saw the widget events {string} in that order")]
async fn saw_events(w: &mut HerodeskWorld, events: String) -> Result<()> {
    let wanted = list(&events);
    let client = w.client().await?.clone();
    // Events arrive as the queue is replayed; wait for as many as expected, then compare all.
    let seen = until(
        &format!("the page to see {} widget event(s)", wanted.len()),
        DEFAULT_TIMEOUT,
        || async {
            let seen: Vec<String> = host_page::recorded_events(&client)
                .await?
                .into_iter()
                .filter(|e| e == "show" || e == "hide")
                .collect();
            Ok(if seen.len() >= wanted.len() {
                Probe::Ready(seen)
            } else {
                Probe::NotYet(format!("{seen:?}"))
            })
        },
    )
    .await?;
    expect(seen == wanted, || {
        format!("expected the events {wanted:?} in order, the page saw {seen:?}")
    })
}
