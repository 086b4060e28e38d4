//! Conversations and their messages: what showConversation puts on screen, agents' replies,
//! each message shown once, and no content of a conversation reaching a page not allowed it.

use std::time::Duration;

use cucumber::{then, when};

use super::expect;
use crate::{
    backend::fixture_conversation_bodies,
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    error::Result,
    pages::widget_frame,
    world::HerodeskWorld,
};

/// How long "no conversation" must hold before it is believed.
const NOTHING_SHOWN_FOR: Duration = Duration::from_millis(1500);

#[then(expr = "the widget shows conversation {int} with {string}")]
async fn shows_conversation(w: &mut HerodeskWorld, id: u64, text: String) -> Result<()> {
    let client = w.client().await?.clone();
    until(
        &format!("the widget to show conversation {id}"),
        DEFAULT_TIMEOUT,
        || async {
            Ok(match widget_frame::conversation_shown(&client).await? {
                Some((shown, content)) if shown == id.to_string() && content.contains(&text) => {
                    Probe::Ready(())
                }
                other => Probe::NotYet(format!("{other:?}")),
            })
        },
    )
    .await
}

#[then("the widget shows no conversation")]
async fn shows_no_conversation(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?.clone();
    let shown = w
        .settled_after_pending("the conversation view", NOTHING_SHOWN_FOR, || async {
            widget_frame::conversation_shown(&client).await
        })
        .await?;
    expect(shown.is_none(), || {
        format!("expected no conversation on screen, the widget shows {shown:?}")
    })
}

#[then(expr = "the widget shows each message of conversation {int} exactly once")]
async fn each_message_once(w: &mut HerodeskWorld, id: u64) -> Result<()> {
    let bodies = fixture_conversation_bodies(id);
    expect(!bodies.is_empty(), || {
        format!("the fixture has no messages in conversation {id}")
    })?;
    let client = w.client().await?.clone();
    let (_, text) = w
        .settled_after_pending(
            &format!("conversation {id} on screen"),
            NOTHING_SHOWN_FOR,
            || async { widget_frame::conversation_shown(&client).await },
        )
        .await?
        .ok_or_else(|| {
            crate::error::SuiteError::Expectation(format!("conversation {id} is not on screen"))
        })?;
    let wrong: Vec<String> = bodies
        .iter()
        .map(|b| (b, text.matches(b.as_str()).count()))
        .filter(|(_, n)| *n != 1)
        .map(|(b, n)| format!("{b:?} shown {n} times"))
        .collect();
    expect(wrong.is_empty(), || wrong.join("; "))
}

#[then(expr = "no content of conversation {int} reached the page")]
async fn nothing_of_conversation_fetched(w: &mut HerodeskWorld, id: u64) -> Result<()> {
    let path = format!("/widget/v1/conversations/{id}");
    let leaked: Vec<String> = w
        .widget_requests(0)
        .await?
        .into_iter()
        .filter(|r| r.path == path && (200..300).contains(&r.status))
        .map(|r| format!("{} {} → {}", r.method, r.path, r.status))
        .collect();
    expect(leaked.is_empty(), || {
        format!("conversation {id} was served to the page: {leaked:?}")
    })
}

#[when(expr = "an agent replies {string} in conversation {int}")]
async fn agent_replies(w: &mut HerodeskWorld, body: String, conversation: u64) -> Result<()> {
    let wid = w.workspace.widget_id.clone();
    w.suite()
        .backend
        .agent_reply(&wid, conversation, &body)
        .await
}
