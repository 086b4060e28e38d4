//! Conversations and their messages: what showConversation puts on screen, agents' replies,
//! each message shown once, and no content of a conversation reaching a page not allowed it.

use cucumber::{then, when};

use super::expect;
use crate::{error::Result, world::HerodeskWorld};

#[then(expr = "the widget shows conversation {int} with {string}")]
async fn shows_conversation(w: &mut HerodeskWorld, id: u64, text: String) -> Result<()> {
    w.wait_for_conversation(id, &text).await
}

#[then("the widget shows no conversation")]
async fn shows_no_conversation(w: &mut HerodeskWorld) -> Result<()> {
    let shown = w.settled_conversation().await?;
    expect(shown.is_none(), || {
        format!("expected no conversation on screen, the widget shows {shown:?}")
    })
}

#[then(expr = "the widget shows each message of conversation {int} exactly once")]
async fn each_message_once(w: &mut HerodeskWorld, id: u64) -> Result<()> {
    let bodies = w.fixture_messages(id);
    expect(!bodies.is_empty(), || {
        format!("the fixture has no messages in conversation {id}")
    })?;
    let (_, text) = w.settled_conversation().await?.ok_or_else(|| {
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
    w.agent_replies(conversation, &body).await
}
