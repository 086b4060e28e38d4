//! Spec G: event callbacks, as the host page's recorders saw them.

use std::time::Duration;

use cucumber::{then, when};

use super::expect;
use crate::{
    error::Result,
    pages::{host_page, widget_frame},
    wait::{DEFAULT_TIMEOUT, Probe, settled, until},
    world::HerodeskWorld,
};

/// How long an event count must hold before "exactly once" is believed.
const QUIET: Duration = Duration::from_millis(800);

#[when(expr = "an agent replies {string} in conversation {int}")]
async fn agent_replies(w: &mut HerodeskWorld, body: String, conversation: u64) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    w.suite()
        .backend
        .agent_reply(&wid, conversation, &body)
        .await
}

#[then(expr = "the page saw the unread count change to {int}")]
async fn saw_unread(w: &mut HerodeskWorld, count: u64) -> Result<()> {
    let client = w.client().await?.clone();
    let wanted = format!("unread:{count}");
    until(
        &format!("onUnreadCountChange({count})"),
        DEFAULT_TIMEOUT,
        || async {
            let unread: Vec<String> = host_page::recorded_events(&client)
                .await?
                .into_iter()
                .filter(|e| e.starts_with("unread:"))
                .collect();
            Ok(if unread.last() == Some(&wanted) {
                Probe::Ready(())
            } else {
                Probe::NotYet(format!("{unread:?}"))
            })
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
        Ok(if n > 0 {
            Probe::Ready(())
        } else {
            Probe::NotYet("not fired".into())
        })
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

#[when(expr = "the visitor types {string} into the widget's contact form")]
async fn types_email(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let client = w.client().await?.clone();
    until(
        "the widget's contact form to be displayed",
        DEFAULT_TIMEOUT,
        || async {
            Ok(if widget_frame::email_form_displayed(&client).await? {
                Probe::Ready(())
            } else {
                Probe::NotYet("no contact form displayed".into())
            })
        },
    )
    .await?;
    widget_frame::submit_email(&client, &email).await
}
