//! Deliberate defects of the backend, so the suite can prove that its scenarios about the REST
//! API (spec A) fail when the backend breaks them, the way broken widget variants prove the
//! widget scenarios. Off unless a [`crate::MockConfig`] lists them; never reachable from a
//! request.

use std::{collections::BTreeSet, fmt, str::FromStr};

/// One way to break a statement of spec A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Defect {
    /// A1: answers the contact's email where its name belongs.
    A1WrongName,
    /// A2: refuses look-ups by id.
    A2IdUnsupported,
    /// A3: refuses a wrong API key with 403 instead of 401.
    A3WrongKeyForbidden,
    /// A4: gives the auth_token in upper-case hex.
    A4UppercaseToken,
    /// A5: sends open CORS headers on the token endpoint, so pages can call it.
    A5CorsOnTokenEndpoint,
}

impl Defect {
    /// Every defect with its name.
    pub const ALL: [(Defect, &'static str); 5] = [
        (Defect::A1WrongName, "A1-wrong-name"),
        (Defect::A2IdUnsupported, "A2-id-unsupported"),
        (Defect::A3WrongKeyForbidden, "A3-wrong-key-forbidden"),
        (Defect::A4UppercaseToken, "A4-uppercase-token"),
        (Defect::A5CorsOnTokenEndpoint, "A5-cors-on-token-endpoint"),
    ];
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL
            .iter()
            .find(|(d, _)| d == self)
            .map_or("?", |(_, n)| n);
        f.write_str(name)
    }
}

impl FromStr for Defect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(d, _)| *d)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|(_, n)| *n).collect();
                format!("unknown backend defect `{s}`; known: {}", names.join(", "))
            })
    }
}

/// The defects a running mock has (usually none).
pub type Defects = BTreeSet<Defect>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (d, n) in Defect::ALL {
            assert_eq!(n.parse::<Defect>().unwrap(), d);
            assert_eq!(d.to_string(), n);
        }
        assert!("A9-nothing".parse::<Defect>().is_err());
    }
}
