//! Names a contact supplied through identify (`firstname`, `lastname` from `boot`, D4), which
//! take precedence over the name the customer stored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth_token::normalize_email;

/// The names last supplied for one contact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct SuppliedName {
    /// `firstname` as supplied, trimmed; `None` when never supplied or blank.
    pub firstname: Option<String>,
    /// `lastname` as supplied, trimmed; `None` when never supplied or blank.
    pub lastname: Option<String>,
}

impl SuppliedName {
    /// Trims both names and forgets blank ones.
    pub fn new(firstname: Option<&str>, lastname: Option<&str>) -> Self {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Self {
            firstname: clean(firstname),
            lastname: clean(lastname),
        }
    }

    /// `firstname lastname`, or `None` when neither is known.
    pub fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.firstname.as_deref(), self.lastname.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Supplied names in one workspace, by normalised email, and the email of every contact uuid
/// identify has handed out.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    by_email: HashMap<String, SuppliedName>,
    email_by_uuid: HashMap<String, String>,
}

impl Profiles {
    /// Remembers whose uuid `contact_uuid` is, so a session can be told back as an email.
    pub fn remember(&mut self, contact_uuid: &str, email: &str) {
        self.email_by_uuid
            .insert(contact_uuid.to_owned(), normalize_email(email));
    }

    /// The email of a uuid handed out earlier.
    pub fn email_of(&self, contact_uuid: &str) -> Option<&str> {
        self.email_by_uuid.get(contact_uuid).map(String::as_str)
    }

    /// Records the names supplied for `email`; a call that supplies none changes nothing, so
    /// a later boot without names does not erase them.
    pub fn supply(&mut self, email: &str, name: SuppliedName) {
        if name.full_name().is_some() {
            self.by_email.insert(normalize_email(email), name);
        }
    }

    /// The names supplied for `email`, if any.
    pub fn get(&self, email: &str) -> Option<&SuppliedName> {
        self.by_email.get(&normalize_email(email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_blank_ones_ignored_and_kept_across_nameless_calls() {
        let mut p = Profiles::default();
        p.supply("A@b.co", SuppliedName::new(Some(" Zoë "), Some("")));
        p.supply("a@b.co", SuppliedName::new(None, Some("  ")));
        let name = p.get("a@b.co").and_then(SuppliedName::full_name);
        assert_eq!(name.as_deref(), Some("Zoë"));
    }
}
