//! The contact data every workspace starts with, from `fixtures/contacts.json`.

use serde::Deserialize;

/// The fixture file, compiled in so the mock runs from any working directory.
const FIXTURE: &str = include_str!("../../fixtures/contacts.json");

/// A contact of a workspace, as the REST API knows it.
#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    /// The numeric id the REST API looks contacts up by (spec A2).
    pub id: u64,
    /// The email as the customer stored it (mixed case kept; compared normalised).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Conversations this contact owns.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
}

/// A conversation owned by one contact.
#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    /// Conversation id; the same ids appear in every workspace.
    pub id: u64,
    /// Subject line.
    pub subject: String,
    /// Messages, oldest first.
    #[serde(default)]
    pub messages: Vec<Message>,
}

/// One message of a conversation.
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    /// `contact` or `agent`.
    pub from: String,
    /// The text, exactly as written (may contain HTML special characters).
    pub body: String,
}

#[derive(Deserialize)]
struct FixtureFile {
    contacts: Vec<Contact>,
}

/// The fixture contacts. The file is part of the build, so a malformed file is a build-time
/// bug caught by this crate's tests, not a runtime condition.
pub fn fixture_contacts() -> Vec<Contact> {
    serde_json::from_str::<FixtureFile>(FIXTURE)
        .expect("fixtures/contacts.json is valid (checked by a unit test)")
        .contacts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_parses_and_covers_the_hard_cases() {
        let contacts = fixture_contacts();
        assert!(
            contacts
                .iter()
                .any(|c| c.email == "john@example.com" && c.id == 123)
        );
        assert!(
            contacts
                .iter()
                .any(|c| c.name.contains('<') && c.name.contains('&'))
        );
        assert!(
            contacts
                .iter()
                .any(|c| c.email.contains('+') && c.email != c.email.to_lowercase())
        );
        assert!(contacts.iter().any(|c| !c.name.is_ascii()));
        assert!(contacts.iter().any(|c| c.conversations.is_empty()));
        assert!(contacts.iter().any(|c| c.conversations.len() > 1));
    }
}
