//! Events: the widget's callbacks as the host page's recorders saw them (show and hide,
//! onUnreadCountChange, onUserEmailSupplied, several callbacks per event).

use std::time::Duration;

use cucumber::then;

use super::{expect, list};
use crate::{error::Result, world::HerodeskWorld};

#[then(expr = "the page saw the widget events {string} in that order")]
async fn saw_events(w: &mut HerodeskWorld, events: String) -> Result<()> {
    let wanted = list(&events);
    // Wait for as many as expected, then compare them all: order and content both count.
    let seen = w.wait_for_show_hide_events(wanted.len()).await?;
    expect(seen == wanted, || {
        format!("expected the events {wanted:?} in order, the page saw {seen:?}")
    })
}

#[then(expr = "the page saw the unread count change to {int}")]
async fn saw_unread(w: &mut HerodeskWorld, count: u64) -> Result<()> {
    w.wait_for_unread_count_event(count).await
}

#[then(
    expr = "over the next {int} seconds the page saw no onUnreadCountChange that repeated the count before it"
)]
async fn unread_changes_only(w: &mut HerodeskWorld, seconds: u64) -> Result<()> {
    w.watch_unread_changes_only(Duration::from_secs(seconds))
        .await
}

#[then(regex = r"^the page saw onUserEmailSupplied exactly (once|twice)$")]
async fn saw_email_supplied(w: &mut HerodeskWorld, times: String) -> Result<()> {
    let wanted = if times == "twice" { 2 } else { 1 };
    let n = w.email_supplied_count(wanted).await?;
    expect(n == wanted, || {
        format!("expected onUserEmailSupplied exactly {times}, it fired {n} times")
    })
}

#[then("the page never saw onUserEmailSupplied")]
async fn never_saw_email_supplied(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_no_email_supplied().await
}

#[then(expr = "every event reached both callbacks in registration order, {string} included")]
async fn both_callbacks_in_order(w: &mut HerodeskWorld, kinds: String) -> Result<()> {
    let wanted: Vec<String> = kinds.split(',').map(|k| k.trim().to_owned()).collect();
    let events = w.wait_for_event_kinds(&wanted).await?;
    expect(callbacks_paired_in_order(&events), || {
        format!(
            "expected each event to reach callback #1 and then callback #2, the page saw {events:?}"
        )
    })
}

/// True when the recorded events come in pairs `x#1`, `x#2`, in that order.
fn callbacks_paired_in_order(events: &[String]) -> bool {
    events.len().is_multiple_of(2)
        && events.chunks(2).all(|pair| {
            let first = pair[0].strip_suffix("#1");
            first.is_some() && first == pair[1].strip_suffix("#2")
        })
}

#[cfg(test)]
mod tests {
    use super::callbacks_paired_in_order;

    #[test]
    fn callbacks_must_come_in_registration_order() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!(callbacks_paired_in_order(&s(&[
            "email#1", "email#2", "show#1", "show#2"
        ])));
        assert!(!callbacks_paired_in_order(&s(&["email#2", "email#1"])));
        assert!(!callbacks_paired_in_order(&s(&["show#1", "show#1"])));
        assert!(!callbacks_paired_in_order(&s(&["show#1", "hide#2"])));
        assert!(!callbacks_paired_in_order(&s(&["show#1"])));
    }
}
