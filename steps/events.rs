//! Events: the widget's callbacks as the host page's recorders saw them (show and hide,
//! onUnreadCountChange, onUserEmailSupplied, several callbacks per event).

use std::time::Duration;

use cucumber::then;

use super::{expect, list};
use crate::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, holds, settled, until},
    error::Result,
    pages::host_page,
    world::HerodeskWorld,
};

/// How long an event count must hold before "exactly once" is believed.
const QUIET: Duration = Duration::from_millis(800);

#[then(expr = "the page saw the widget events {string} in that order")]
async fn saw_events(w: &mut HerodeskWorld, events: String) -> Result<()> {
    let wanted = list(&events);
    let client = w.client().await?.clone();
    // Wait for as many as expected, then compare them all: order and content both count.
    let seen = until(
        &format!("the page to see {} show/hide event(s)", wanted.len()),
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

#[then(expr = "the page saw the unread count change to {int}")]
async fn saw_unread(w: &mut HerodeskWorld, count: u64) -> Result<()> {
    let client = w.client().await?.clone();
    let wanted = format!("unread:{count}");
    until(
        &format!("onUnreadCountChange({count})"),
        DEFAULT_TIMEOUT,
        || async {
            let unread = host_page::recorded_unread_events(&client).await?;
            Ok(Probe::ready_if(unread.last() == Some(&wanted), || {
                format!("{unread:?}")
            }))
        },
    )
    .await
}

#[then(
    expr = "over the next {int} seconds the page saw no onUnreadCountChange that repeated the count before it"
)]
async fn unread_changes_only(w: &mut HerodeskWorld, seconds: u64) -> Result<()> {
    let client = w.client().await?.clone();
    holds(
        "onUnreadCountChange on changes only",
        Duration::from_secs(seconds),
        || async {
            let unread = host_page::recorded_unread_events(&client).await?;
            Ok(unread
                .windows(2)
                .any(|pair| pair[0] == pair[1])
                .then(|| format!("the page saw {unread:?}")))
        },
    )
    .await
}

#[then("the page saw onUserEmailSupplied exactly once")]
async fn saw_email_supplied_once(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    let count = || async {
        Ok(host_page::recorded_events(&client)
            .await?
            .iter()
            .filter(|e| *e == "email")
            .count())
    };
    until("onUserEmailSupplied to fire", DEFAULT_TIMEOUT, || async {
        let n = count().await?;
        Ok(Probe::ready_if(n > 0, || "not fired".into()))
    })
    .await?;
    let n = settled(
        "the onUserEmailSupplied count",
        QUIET,
        DEFAULT_TIMEOUT,
        count,
    )
    .await?;
    expect(n == 1, || {
        format!("expected onUserEmailSupplied exactly once, it fired {n} times")
    })
}

#[then("the page never saw onUserEmailSupplied")]
async fn never_saw_email_supplied(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    w.watch_never("no onUserEmailSupplied", || async {
        let events = host_page::recorded_events(&client).await?;
        Ok(events
            .iter()
            .any(|e| e == "email")
            .then(|| format!("the page saw {events:?}")))
    })
    .await
}

#[then(expr = "every event reached both callbacks in registration order, {string} included")]
async fn both_callbacks_in_order(w: &mut HerodeskWorld, kinds: String) -> Result<()> {
    let wanted: Vec<String> = kinds.split(',').map(|k| k.trim().to_owned()).collect();
    let client = w.client().await?.clone();
    let events = until(
        &format!("the page to see the events {wanted:?}"),
        DEFAULT_TIMEOUT,
        || async {
            let events = host_page::recorded_events(&client).await?;
            let missing: Vec<&String> = wanted
                .iter()
                .filter(|k| !events.iter().any(|e| e.starts_with(k.as_str())))
                .collect();
            Ok(if missing.is_empty() {
                Probe::Ready(events)
            } else {
                Probe::NotYet(format!("no {missing:?} among {events:?}"))
            })
        },
    )
    .await?;
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
