//! The standard email verification flow (B2, B3): the backend "emails" a 6-digit code, the
//! contact types it into the widget, the backend confirms it. Codes are readable through the
//! admin API because no mail leaves the mock.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::auth_token::normalize_email;

/// Wrong guesses a code survives; after that the contact must ask for a new one, so a
/// 6-digit code cannot be guessed by trying them all.
pub const MAX_WRONG_ATTEMPTS: u32 = 5;

#[derive(Debug, Clone)]
struct PendingCode {
    code: String,
    wrong_attempts: u32,
}

/// The codes "emailed" in one workspace, by normalised email.
#[derive(Debug, Clone, Default)]
pub struct VerificationCodes {
    pending: HashMap<String, PendingCode>,
    last_sent: HashMap<String, String>,
    issued: u64,
}

impl VerificationCodes {
    /// Issues a fresh code for `email`, replacing any earlier one. `seed` makes codes differ
    /// between workspaces; it is the workspace's server secret.
    pub fn issue(&mut self, seed: &str, email: &str) -> String {
        self.issued += 1;
        let email = normalize_email(email);
        let digest = Sha256::digest(
            format!(
                "{seed}\n{email}\n{}\n{}",
                self.issued,
                crate::journal::now_ms()
            )
            .as_bytes(),
        );
        let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
        let code = format!("{n:06}");
        self.pending.insert(
            email.clone(),
            PendingCode {
                code: code.clone(),
                wrong_attempts: 0,
            },
        );
        self.last_sent.insert(email, code.clone());
        code
    }

    /// The last code sent to `email` (for the admin API), even if used up.
    pub fn last_sent(&self, email: &str) -> Option<&str> {
        self.last_sent
            .get(&normalize_email(email))
            .map(String::as_str)
    }

    /// Checks `code` for `email` in constant time. A right code is used up; a wrong one counts
    /// against [`MAX_WRONG_ATTEMPTS`].
    pub fn confirm(&mut self, email: &str, code: &str) -> bool {
        let email = normalize_email(email);
        let Some(pending) = self.pending.get_mut(&email) else {
            return false;
        };
        if bool::from(pending.code.as_bytes().ct_eq(code.trim().as_bytes())) {
            self.pending.remove(&email);
            return true;
        }
        pending.wrong_attempts += 1;
        if pending.wrong_attempts >= MAX_WRONG_ATTEMPTS {
            self.pending.remove(&email);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits_and_confirms_once() {
        let mut codes = VerificationCodes::default();
        let code = codes.issue("s", "A@b.co");
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(codes.last_sent(" a@B.co"), Some(code.as_str()));
        assert!(codes.confirm("a@b.co", &code));
        assert!(!codes.confirm("a@b.co", &code), "a code is used up");
    }

    #[test]
    fn wrong_codes_and_unknown_emails_are_refused_and_guessing_voids_the_code() {
        let mut codes = VerificationCodes::default();
        assert!(!codes.confirm("a@b.co", "123456"));
        let code = codes.issue("s", "a@b.co");
        let wrong = if code == "000000" { "000001" } else { "000000" };
        for _ in 0..MAX_WRONG_ATTEMPTS {
            assert!(!codes.confirm("a@b.co", wrong));
        }
        assert!(
            !codes.confirm("a@b.co", &code),
            "voided after too many guesses"
        );
        let fresh = codes.issue("s", "a@b.co");
        assert!(codes.confirm("a@b.co", &fresh));
    }
}
