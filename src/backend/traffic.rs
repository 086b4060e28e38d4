//! What a scenario cost the backend: the widget's calls to the Herodesk API, per route, read
//! from the mock's journal. Reported per scenario (`calls.json`, JUnit properties, `spec.html`),
//! checked by the call-budget steps, and compared between two builds (`--compare`).
//!
//! A *widget call* is a journaled request of the scenario's workspace to the API origin under
//! `/widget/`, other than a CORS preflight (`OPTIONS`: the browser's doing, and engines cache
//! them differently) and other than the suite's own requests (it probes the widget API too,
//! with the user agent [`SUITE_USER_AGENT`]). The script download and the host page's own
//! requests are not the widget's calls.

use std::collections::BTreeMap;

use herodesk_mock::journal::Entry;
use serde::{Deserialize, Serialize};

/// The user agent of the suite's own HTTP client, so its requests are told from the widget's.
pub const SUITE_USER_AGENT: &str = "herodesk-conformance";

/// The route of the widget's unread-count poll (spec G3).
pub const UNREAD_ROUTE: &str = "GET /widget/v1/unread";

/// True for a call the widget made (see the module's documentation).
pub fn is_widget_call(e: &Entry) -> bool {
    e.server == "api"
        && e.path.starts_with("/widget/")
        && e.method != "OPTIONS"
        && e.headers.get("user-agent").map(String::as_str) != Some(SUITE_USER_AGENT)
}

/// A scenario's widget calls: how many per route, and in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSummary {
    /// All widget calls.
    pub total: usize,
    /// Per route (`POST /widget/v1/identify`), sorted by route.
    pub routes: BTreeMap<String, usize>,
    /// How long the scenario had run when its calls were counted (ms; 0 when unknown): time
    /// drives the unread poll, so a comparison judges its growth against the time it had.
    #[serde(default)]
    pub duration_ms: u64,
}

impl CallSummary {
    /// The summary of the widget calls among `entries`.
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Self {
        let mut out = Self::default();
        for e in entries.into_iter().filter(|e| is_widget_call(e)) {
            out.total += 1;
            *out.routes.entry(e.route.clone()).or_default() += 1;
        }
        out
    }

    /// One line: `5 calls: GET /widget/v1/unread 4, POST /widget/v1/identify 1`.
    pub fn line(&self) -> String {
        let routes: Vec<String> = self
            .routes
            .iter()
            .map(|(route, n)| format!("{route} {n}"))
            .collect();
        if routes.is_empty() {
            format!("{} calls", self.total)
        } else {
            format!("{} calls: {}", self.total, routes.join(", "))
        }
    }

    /// JUnit properties: `calls.total` and `calls.<route>`.
    pub fn properties(&self) -> Vec<(String, String)> {
        std::iter::once(("calls.total".to_owned(), self.total.to_string()))
            .chain(
                self.routes
                    .iter()
                    .map(|(route, n)| (format!("calls.{route}"), n.to_string())),
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(server: &str, method: &str, route: &str, agent: &str) -> Entry {
        let path = route.split_once(' ').map_or(route, |(_, p)| p).to_owned();
        Entry {
            seq: 1,
            at_ms: 0,
            server: server.into(),
            method: method.into(),
            path,
            route: route.into(),
            query: None,
            workspace: Some("w".into()),
            headers: [("user-agent".to_owned(), agent.to_owned())].into(),
            body: String::new(),
            status: 200,
            in_flight: false,
            fault: None,
        }
    }

    #[test]
    fn only_the_widget_s_own_calls_count() {
        let browser = "Mozilla/5.0";
        let entries = [
            entry("api", "POST", "POST /widget/v1/identify", browser),
            entry("api", "GET", UNREAD_ROUTE, browser),
            entry("api", "GET", UNREAD_ROUTE, browser),
            entry("api", "OPTIONS", "OPTIONS /widget/v1/identify", browser),
            entry("api", "POST", "POST /widget/v1/identify", SUITE_USER_AGENT),
            entry("api", "GET", "GET /livechat.js", browser),
            entry("site", "GET", "GET /w/{wid}/", browser),
        ];
        let summary = CallSummary::of(&entries);
        assert_eq!(summary.total, 3);
        assert_eq!(
            summary.line(),
            "3 calls: GET /widget/v1/unread 2, POST /widget/v1/identify 1"
        );
        assert_eq!(summary.properties()[0], ("calls.total".into(), "3".into()));
    }
}
