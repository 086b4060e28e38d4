//! Host-page profiles (spec I): the kinds of customer page a widget must live on. Every
//! profile keeps the page's own watch (console, uncaught errors, CSP violations) and the
//! snapshot of globals and built-ins taken just before the widget script; the profile adds
//! what a real site would have: a strict Content-Security-Policy, polluted built-ins, a
//! network wrapper, or another script that fails.

use std::hash::{BuildHasher, Hasher};

use serde::Deserialize;

/// The page's own watch, first script of every host page.
pub const PAGE_WATCH: &str = include_str!("scripts/page_watch.js");
/// The snapshot of globals and built-ins, the last script before the widget's.
pub const SNAPSHOT: &str = include_str!("scripts/snapshot.js");
/// The host page's record of the widget as a guest (spec I6, I7), right after [`PAGE_WATCH`].
pub const GUEST_WATCH: &str = include_str!("scripts/guest_watch.js");
const POLLUTED: &str = include_str!("scripts/polluted.js");
const WRAPPED_NETWORK: &str = include_str!("scripts/wrapped_network.js");
const NOISY_BEFORE: &str = include_str!("scripts/noisy_before.js");
const NOISY_AFTER: &str = include_str!("scripts/noisy_after.js");

/// What kind of customer page the host page is (`?profile=`).
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// A page with no policy and clean built-ins.
    #[default]
    Plain,
    /// A `Content-Security-Policy` that allows only what the widget contract lists (I1).
    StrictCsp,
    /// Built-ins extended by older libraries before the queue stub (I2).
    Polluted,
    /// `fetch` and `XMLHttpRequest` wrapped by an analytics script (I3).
    WrappedNetwork,
    /// Another script throws before and after the widget (I4).
    Noisy,
}

impl Profile {
    /// Every profile, in the order the documentation lists them.
    pub const ALL: [Profile; 5] = [
        Self::Plain,
        Self::StrictCsp,
        Self::Polluted,
        Self::WrappedNetwork,
        Self::Noisy,
    ];

    /// The profile's name in `?profile=`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::StrictCsp => "strict-csp",
            Self::Polluted => "polluted",
            Self::WrappedNetwork => "wrapped-network",
            Self::Noisy => "noisy",
        }
    }

    /// Scripts the profile runs after the page's watch and before the queue stub.
    pub fn before_widget(self) -> &'static [&'static str] {
        match self {
            Self::Plain | Self::StrictCsp => &[],
            Self::Polluted => &[POLLUTED],
            Self::WrappedNetwork => &[WRAPPED_NETWORK],
            // Each in a script of its own: a throw ends only the script it is in.
            Self::Noisy => &[NOISY_BEFORE],
        }
    }

    /// Scripts the profile runs after the widget script (and the page's calls after it).
    pub fn after_widget(self) -> &'static [&'static str] {
        match self {
            Self::Noisy => &[NOISY_AFTER],
            _ => &[],
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|p| p.name()).collect();
                format!("no host-page profile `{s}`; there are {}", names.join(", "))
            })
    }
}

/// Where a host page of workspace `wid` sends its uncaught errors (a beacon, journaled).
pub fn errors_path(wid: &str) -> String {
    format!("/w/{wid}/page-errors")
}

/// Where a host page of workspace `wid` sends what it saw of the widget as a guest (I6, I7).
pub fn guest_report_path(wid: &str) -> String {
    format!("/w/{wid}/guest-report")
}

/// The worker of a host page's guest watch (spec I6).
pub fn guest_worker_path(wid: &str) -> String {
    format!("/w/{wid}/guest-worker.js")
}

/// Where the strict policy's violation reports go (journaled).
pub fn csp_reports_path(wid: &str) -> String {
    format!("/w/{wid}/csp-reports")
}

/// The strict policy of profile `strict-csp`: the page's own scripts by `nonce`, the widget's
/// script origin, `connect-src` and `frame-src` the API origin, styles inline or from the API
/// origin (an `about:blank` widget frame inherits the page's policy), no `'unsafe-inline'` or
/// `'unsafe-eval'` for scripts. The sources a customer's policy must contain for the widget are
/// the ones `docs/widget-contract.md` lists; this policy allows nothing more.
pub fn strict_policy(api_origin: &str, nonce: &str, report_path: &str) -> String {
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'nonce-{nonce}' {api_origin}"),
        format!("connect-src 'self' {api_origin}"),
        format!("frame-src {api_origin}"),
        format!("style-src 'self' 'unsafe-inline' {api_origin}"),
        format!("img-src 'self' data: {api_origin}"),
        format!("font-src 'self' {api_origin}"),
        // The page's own guest watch (spec I6) runs a worker of the site's origin; the widget
        // gets nothing from this.
        "worker-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        format!("report-uri {report_path}"),
    ]
    .join("; ")
}

/// A fresh nonce: 128 random bits as hex (std's hasher keys are random per instance).
pub fn nonce() -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut out = String::with_capacity(32);
    for part in 0..2u8 {
        let mut h = state.build_hasher();
        h.write_u8(part);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strict_policy_allows_no_inline_script_and_no_eval() {
        let p = strict_policy("http://127.0.0.1:9", "abc", "/w/x/csp-reports");
        let script = p
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .expect("a script-src");
        assert_eq!(script, "script-src 'nonce-abc' http://127.0.0.1:9");
        assert!(!p.contains("unsafe-eval"));
        assert!(p.contains("report-uri /w/x/csp-reports"));
    }

    #[test]
    fn nonces_differ_between_responses() {
        assert_ne!(nonce(), nonce());
        assert_eq!(nonce().len(), 32);
    }

    #[test]
    fn profiles_read_their_kebab_case_names() {
        let p: Profile = serde_json::from_str("\"wrapped-network\"").expect("parses");
        assert_eq!(p, Profile::WrappedNetwork);
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
        }
        assert!("lax".parse::<Profile>().is_err());
    }
}
