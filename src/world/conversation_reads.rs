//! The World's reads of the conversation the widget shows: waiting for one to be shown (a
//! reaction to `showConversation`, [`HerodeskWorld::react`]) and the view once the work
//! pending on the page has run (for "no conversation" and "each message once").

use std::time::Duration;

use super::HerodeskWorld;
use crate::{browser::wait::Probe, error::Result, pages::widget_frame};

/// How long the conversation view must stay the same before "no conversation" (or the
/// messages counted) is believed, when the page clock cannot run ahead.
const NOTHING_SHOWN_FOR: Duration = Duration::from_millis(1500);

impl HerodeskWorld {
    /// Waits until the widget shows conversation `id` with `text` in it. A reaction to
    /// `showConversation` (or a boot that queued it, or a verification): [`Self::react`].
    ///
    /// # Errors
    /// A timeout showing the conversation on screen instead; WebDriver errors.
    pub async fn wait_for_conversation(&mut self, id: u64, text: &str) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(&format!("the widget to show conversation {id}"), || async {
            Ok(match widget_frame::conversation_shown(&client).await? {
                Some((shown, content)) if shown == id.to_string() && content.contains(text) => {
                    Probe::Ready(())
                }
                other => Probe::NotYet(format!("{other:?}")),
            })
        })
        .await
    }

    /// The conversation on screen (its id and text), or none, once the view has settled
    /// after the work pending on the page ran ([`Self::settled_after_pending`]): a negative
    /// check's read ("shows no conversation"), not a reaction.
    ///
    /// # Errors
    /// A timeout when the view keeps changing; WebDriver errors.
    pub async fn settled_conversation(&mut self) -> Result<Option<(String, String)>> {
        let client = self.client().await?.clone();
        self.settled_after_pending("the conversation view", NOTHING_SHOWN_FOR, || async {
            widget_frame::conversation_shown(&client).await
        })
        .await
    }

    /// The texts of conversation `id`'s messages in the mock's fixture.
    pub fn fixture_messages(&self, id: u64) -> Vec<String> {
        crate::backend::fixture_conversation_bodies(id)
    }

    /// Makes an agent reply `body` in `conversation`, as the backend's agents do.
    ///
    /// # Errors
    /// Mock errors.
    pub async fn agent_replies(&self, conversation: u64, body: &str) -> Result<()> {
        self.suite()
            .backend
            .agent_reply(&self.workspace.widget_id, conversation, body)
            .await
    }
}
