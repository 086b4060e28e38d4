//! The journal: every request either server receives (except the admin API's own), with the
//! route it matched and the workspace it belongs to, so the suite can count calls per route.
//! This module keeps and queries the entries; [`layer`] is the middleware that writes them.

mod layer;

use std::{
    collections::{BTreeMap, VecDeque},
    sync::{Arc, Mutex},
    time::{SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Serialize};

pub use layer::{JournalLayerState, MAX_REQUEST_BODY, journal_requests, record_matched_route};

/// Entries kept at most; the oldest are forgotten first, so a mock left running (or
/// benchmarked) does not grow without bound. Far more than any scenario makes.
pub const MAX_ENTRIES: usize = 200_000;

/// One journaled request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// Milliseconds since the Unix epoch when the request arrived.
    pub at_ms: u64,
    /// Which server took it: `api` (Herodesk) or `site` (the customer's host site).
    pub server: String,
    /// HTTP method.
    pub method: String,
    /// Path without query.
    pub path: String,
    /// `METHOD /template` of the route it matched, e.g. `POST /widget/v1/identify`;
    /// `METHOD /path` when no route matched.
    pub route: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The workspace (widget id) it belongs to, when it can be told.
    pub workspace: Option<String>,
    /// The kept headers, lower-case names.
    pub headers: BTreeMap<String, String>,
    /// Body as text (lossy UTF-8), truncated at 64 KiB.
    pub body: String,
    /// Status answered; `0` while the request is in flight, and when an injected fault dropped
    /// the connection.
    pub status: u16,
    /// True from the moment the request matched a route until its answer is complete: a call
    /// that is still being answered (a slow backend, an injected delay) already counts, so a
    /// test that counts calls cannot miss one that has not answered yet.
    #[serde(default)]
    pub in_flight: bool,
    /// The injected fault that shaped the answer (`status 500`, `delay 200ms`, `drop`), if any.
    #[serde(default)]
    pub fault: Option<String>,
}

/// Which entries a journal query wants.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Filter {
    /// Only this workspace.
    pub workspace: Option<String>,
    /// Only this route (`POST /widget/v1/identify`).
    pub route: Option<String>,
    /// Only entries at or after this time (ms since epoch).
    pub since_ms: Option<u64>,
    /// Only entries after this sequence number (a mark taken earlier).
    pub after_seq: Option<u64>,
}

impl Filter {
    fn matches(&self, e: &Entry) -> bool {
        self.workspace
            .as_ref()
            .is_none_or(|w| e.workspace.as_ref() == Some(w))
            && self.route.as_ref().is_none_or(|r| &e.route == r)
            && self.since_ms.is_none_or(|t| e.at_ms >= t)
            && self.after_seq.is_none_or(|s| e.seq > s)
    }
}

/// The journal shared by both servers.
#[derive(Debug, Default, Clone)]
pub struct Journal {
    inner: Arc<Mutex<JournalInner>>,
}

#[derive(Debug, Default)]
struct JournalInner {
    entries: VecDeque<Entry>,
    // Counted apart from the entries so a reset never hands out a number twice: a mark taken
    // before a reset still means "after this point".
    last_seq: u64,
}

impl Journal {
    fn lock(&self) -> std::sync::MutexGuard<'_, JournalInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, mut entry: Entry) -> u64 {
        let mut inner = self.lock();
        inner.last_seq += 1;
        entry.seq = inner.last_seq;
        if inner.entries.len() >= MAX_ENTRIES {
            inner.entries.pop_front();
        }
        inner.entries.push_back(entry);
        inner.last_seq
    }

    /// Fills in the answer of the in-flight entry `seq`.
    fn complete(&self, seq: u64, status: u16, fault: Option<String>) {
        let mut inner = self.lock();
        if let Some(e) = inner.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = status;
            e.fault = fault;
            e.in_flight = false;
        }
    }

    /// Entries matching the filter, oldest first.
    pub fn entries(&self, filter: &Filter) -> Vec<Entry> {
        self.lock()
            .entries
            .iter()
            .filter(|e| filter.matches(e))
            .cloned()
            .collect()
    }

    /// Number of matching entries per route.
    pub fn counts(&self, filter: &Filter) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in self.lock().entries.iter().filter(|e| filter.matches(e)) {
            *counts.entry(e.route.clone()).or_default() += 1;
        }
        counts
    }

    /// Forgets the entries of one workspace (or all when `None`).
    pub fn reset(&self, workspace: Option<&str>) {
        self.lock()
            .entries
            .retain(|e| workspace.is_some_and(|w| e.workspace.as_deref() != Some(w)));
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}
