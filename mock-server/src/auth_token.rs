//! The pre-authentication token of spec A4 and the verification token the backend issues.
//!
//! Resolution A4: `auth_token` = lowercase hex of HMAC-SHA256(key = the workspace's identity
//! secret, message = the contact's email trimmed and lower-cased); verification is constant-time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// Normalises an email the way every comparison in the spec does: trimmed, lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// True when `email` has the shape `local@domain.tld` with no spaces; deliberately simple,
/// like the checks a real API does before looking a contact up.
pub fn is_valid_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.len() <= 254
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    to_hex(&mac.finalize().into_bytes())
}

fn hmac_verify(key: &[u8], message: &[u8], hex_token: &str) -> bool {
    let Some(bytes) = from_hex(hex_token) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.verify_slice(&bytes).is_ok()
}

/// The `auth_token` for `email` in a workspace with `identity_secret` (spec A4).
pub fn auth_token(identity_secret: &str, email: &str) -> String {
    hmac_hex(
        identity_secret.as_bytes(),
        normalize_email(email).as_bytes(),
    )
}

/// Checks an `auth_token` in constant time; a token that is not lowercase-or-uppercase hex of
/// the right length is simply wrong.
pub fn verify_auth_token(identity_secret: &str, email: &str, token: &str) -> bool {
    hmac_verify(
        identity_secret.as_bytes(),
        normalize_email(email).as_bytes(),
        token.trim(),
    )
}

/// The verification token the backend issues to a verified contact; the widget stores it in
/// the `herodesk_contact_verified` cookie and presents it on every later request.
pub fn verification_token(server_secret: &str, widget_id: &str, contact_uuid: &str) -> String {
    hmac_hex(
        server_secret.as_bytes(),
        format!("verified:{widget_id}:{contact_uuid}").as_bytes(),
    )
}

/// Checks a verification token in constant time.
pub fn verify_verification_token(
    server_secret: &str,
    widget_id: &str,
    contact_uuid: &str,
    token: &str,
) -> bool {
    hmac_verify(
        server_secret.as_bytes(),
        format!("verified:{widget_id}:{contact_uuid}").as_bytes(),
        token.trim(),
    )
}

/// A stable UUID-shaped id for a contact of a workspace, derived from its normalised email so
/// the same contact keeps the same uuid across identify calls.
pub fn contact_uuid(widget_id: &str, email: &str) -> String {
    let digest = Sha256::digest(format!("{widget_id}\n{}", normalize_email(email)).as_bytes());
    let h = to_hex(&digest[..16]);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known answer computed independently (`printf 'john@example.com' | openssl dgst -sha256
    /// -hmac 'demo-identity-secret'`).
    #[test]
    fn auth_token_matches_a_known_answer() {
        assert_eq!(
            auth_token("demo-identity-secret", "john@example.com"),
            "16ec06518e8dcc5eda1be77037fa4e1258895107e05e986eb93b8c0911b8909e"
        );
    }

    /// RFC 4231 test case 2 checks the HMAC itself.
    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn auth_token_is_over_the_trimmed_lower_cased_email() {
        assert_eq!(
            auth_token("s", "  John@Example.COM "),
            auth_token("s", "john@example.com")
        );
        assert!(verify_auth_token(
            "s",
            "JOHN@example.com",
            &auth_token("s", "john@example.com")
        ));
    }

    #[test]
    fn auth_token_is_lowercase_hex_of_32_bytes() {
        let t = auth_token("s", "a@b.co");
        assert_eq!(t.len(), 64);
        assert!(
            t.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
    }

    #[test]
    fn verification_rejects_wrong_tampered_and_foreign_tokens() {
        let good = auth_token("secret", "a@b.co");
        assert!(verify_auth_token("secret", "a@b.co", &good));
        assert!(!verify_auth_token("other", "a@b.co", &good));
        assert!(!verify_auth_token("secret", "c@b.co", &good));
        let mut tampered = good.clone();
        tampered.replace_range(0..1, if good.starts_with('0') { "1" } else { "0" });
        assert!(!verify_auth_token("secret", "a@b.co", &tampered));
        assert!(!verify_auth_token("secret", "a@b.co", "zz"));
        assert!(!verify_auth_token("secret", "a@b.co", ""));
        assert!(!verify_auth_token("secret", "a@b.co", "é"));
    }

    #[test]
    fn email_validation() {
        for ok in ["john@example.com", "Zoë+chat@Example.org", " a@b.co "] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "john",
            "john@",
            "@example.com",
            "a@b",
            "a b@c.de",
            "a@@b.co",
            "a@.co",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn contact_uuid_is_stable_and_uuid_shaped() {
        let a = contact_uuid("w1", "A@b.co");
        assert_eq!(a, contact_uuid("w1", " a@b.co"));
        assert_ne!(a, contact_uuid("w2", "a@b.co"));
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
