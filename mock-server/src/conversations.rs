//! A workspace's conversations as they change: messages the contact sends, replies agents
//! post through the admin API, and which conversations have an agent reply the owner has not
//! read yet (G3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    auth_token::{contact_uuid, normalize_email},
    contacts::Contact,
};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    /// The contact (the widget's user).
    Contact,
    /// A support agent.
    Agent,
}

/// One message of a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct StoredMessage {
    /// Unique within the workspace.
    pub id: u64,
    /// Who wrote it.
    pub from: Author,
    /// The text exactly as written; it may contain `<`, `&` and quotes.
    pub body: String,
}

/// A conversation as the widget lists it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct ConversationSummary {
    /// Conversation id (the same ids exist in every workspace).
    pub id: u64,
    /// Subject line, exactly as stored.
    pub subject: String,
    /// True while an agent reply is unread.
    pub unread: bool,
}

/// A conversation with its messages.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct ConversationDetail {
    /// Conversation id.
    pub id: u64,
    /// Subject line, exactly as stored.
    pub subject: String,
    /// True while an agent reply is unread.
    pub unread: bool,
    /// Messages, oldest first.
    pub messages: Vec<StoredMessage>,
}

#[derive(Debug, Clone)]
struct LiveConversation {
    owner_uuid: String,
    owner_email: String,
    subject: String,
    messages: Vec<StoredMessage>,
    unread: bool,
}

/// All conversations of one workspace.
#[derive(Debug, Clone, Default)]
pub struct Conversations {
    by_id: BTreeMap<u64, LiveConversation>,
    next_message_id: u64,
}

impl Conversations {
    /// The fixture conversations of `contacts`, owned by their contacts, all read.
    pub fn from_contacts(widget_id: &str, contacts: &[Contact]) -> Self {
        let mut conversations = Self {
            by_id: BTreeMap::new(),
            next_message_id: 1,
        };
        for contact in contacts {
            let owner_uuid = contact_uuid(widget_id, &contact.email);
            for c in &contact.conversations {
                let messages = c
                    .messages
                    .iter()
                    .map(|m| StoredMessage {
                        id: conversations.take_message_id(),
                        from: if m.from == "agent" {
                            Author::Agent
                        } else {
                            Author::Contact
                        },
                        body: m.body.clone(),
                    })
                    .collect();
                conversations.by_id.insert(
                    c.id,
                    LiveConversation {
                        owner_uuid: owner_uuid.clone(),
                        owner_email: normalize_email(&contact.email),
                        subject: c.subject.clone(),
                        messages,
                        unread: false,
                    },
                );
            }
        }
        conversations
    }

    fn take_message_id(&mut self) -> u64 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }

    /// The conversations the contact with `owner_uuid` owns, by id.
    pub fn owned_by(&self, owner_uuid: &str) -> Vec<ConversationSummary> {
        self.by_id
            .iter()
            .filter(|(_, c)| c.owner_uuid == owner_uuid)
            .map(|(id, c)| ConversationSummary {
                id: *id,
                subject: c.subject.clone(),
                unread: c.unread,
            })
            .collect()
    }

    /// Ids of the conversations of the contact with this (normalised) email.
    pub fn ids_of_email(&self, email: &str) -> Vec<u64> {
        let email = normalize_email(email);
        self.by_id
            .iter()
            .filter(|(_, c)| c.owner_email == email)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Conversation `id` if `owner_uuid` owns it. Another contact's conversation and a missing
    /// one both give `None`, so callers cannot answer them differently (F4 resolution).
    pub fn owned(&self, id: u64, owner_uuid: &str) -> Option<ConversationDetail> {
        self.by_id
            .get(&id)
            .filter(|c| c.owner_uuid == owner_uuid)
            .map(|c| ConversationDetail {
                id,
                subject: c.subject.clone(),
                unread: c.unread,
                messages: c.messages.clone(),
            })
    }

    /// Adds the contact's message to their own conversation; `None` as for [`Self::owned`].
    pub fn contact_writes(
        &mut self,
        id: u64,
        owner_uuid: &str,
        body: String,
    ) -> Option<StoredMessage> {
        self.by_id
            .get(&id)?
            .owner_uuid
            .eq(owner_uuid)
            .then_some(())?;
        self.push(id, Author::Contact, body)
    }

    /// Adds an agent's reply to any conversation and marks it unread for its owner;
    /// `None` when there is no such conversation.
    pub fn agent_replies(&mut self, id: u64, body: String) -> Option<StoredMessage> {
        let message = self.push(id, Author::Agent, body)?;
        if let Some(c) = self.by_id.get_mut(&id) {
            c.unread = true;
        }
        Some(message)
    }

    fn push(&mut self, id: u64, from: Author, body: String) -> Option<StoredMessage> {
        if !self.by_id.contains_key(&id) {
            return None;
        }
        let message = StoredMessage {
            id: self.take_message_id(),
            from,
            body,
        };
        self.by_id.get_mut(&id)?.messages.push(message.clone());
        Some(message)
    }

    /// Marks the owner's conversation read; `None` as for [`Self::owned`].
    pub fn mark_read(&mut self, id: u64, owner_uuid: &str) -> Option<()> {
        let c = self
            .by_id
            .get_mut(&id)
            .filter(|c| c.owner_uuid == owner_uuid)?;
        c.unread = false;
        Some(())
    }

    /// How many of the owner's conversations have an unread agent reply.
    pub fn unread_count(&self, owner_uuid: &str) -> usize {
        self.by_id
            .values()
            .filter(|c| c.owner_uuid == owner_uuid && c.unread)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::fixture_contacts;

    fn john(wid: &str) -> String {
        contact_uuid(wid, "john@example.com")
    }

    #[test]
    fn ownership_hides_foreign_and_missing_conversations_alike() {
        let c = Conversations::from_contacts("w", &fixture_contacts());
        assert!(c.owned(231, &john("w")).is_some());
        // 233 belongs to Zoë; 999 does not exist: both are simply absent for John.
        assert_eq!(c.owned(233, &john("w")), None);
        assert_eq!(c.owned(999, &john("w")), None);
        // The same id in another workspace has another owner uuid.
        assert_eq!(c.owned(231, &john("other")), None);
    }

    #[test]
    fn an_agent_reply_raises_the_unread_count_and_reading_lowers_it() {
        let mut c = Conversations::from_contacts("w", &fixture_contacts());
        assert_eq!(c.unread_count(&john("w")), 0);
        assert!(c.agent_replies(231, "Hello".into()).is_some());
        assert!(c.agent_replies(232, "Hi".into()).is_some());
        assert_eq!(c.unread_count(&john("w")), 2);
        assert_eq!(c.mark_read(231, &john("w")), Some(()));
        assert_eq!(c.unread_count(&john("w")), 1);
        assert_eq!(c.mark_read(233, &john("w")), None);
        assert!(c.agent_replies(999, "x".into()).is_none());
    }

    #[test]
    fn message_ids_are_unique() {
        let mut c = Conversations::from_contacts("w", &fixture_contacts());
        let a = c.contact_writes(231, &john("w"), "a".into());
        let b = c.agent_replies(231, "b".into());
        assert!(a.is_some() && b.is_some());
        assert_ne!(a.map(|m| m.id), b.map(|m| m.id));
        assert!(c.contact_writes(233, &john("w"), "x".into()).is_none());
    }
}
