//! The journal: every request either server receives (except the admin API's own), with the
//! route it matched and the workspace it belongs to, so the suite can count calls per route.

use std::{
    collections::{BTreeMap, VecDeque},
    sync::{Arc, Mutex},
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    body::{Body, to_bytes},
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use crate::{error::ApiError, faults::AppliedFault, workspace::Workspaces};

/// Request bodies larger than this are journaled truncated (and still served whole).
const MAX_BODY: usize = 64 * 1024;

/// Request bodies larger than this are refused with 400 (axum's own JSON limit is the same).
pub const MAX_REQUEST_BODY: usize = 2 * 1024 * 1024;

/// Entries kept at most; the oldest are forgotten first, so a mock left running (or
/// benchmarked) does not grow without bound. Far more than any scenario makes.
pub const MAX_ENTRIES: usize = 200_000;

/// Headers worth keeping: who called (origin, referer, user agent) and with what credentials.
const KEPT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "cookie",
    "origin",
    "referer",
    "user-agent",
    "x-herodesk-verification",
    "x-herodesk-contact",
];

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

/// What the journal middleware needs: the journal, the workspaces (to tell an API key's
/// workspace) and the name of the server it runs in.
#[derive(Debug, Clone)]
pub struct JournalLayerState {
    /// Where entries go.
    pub journal: Journal,
    /// To map a Bearer key to its workspace.
    pub workspaces: Workspaces,
    /// `api` or `site`.
    pub server: &'static str,
}

/// The outer layer's draft of an entry. The inner (route) layer, which runs once routing has
/// matched and before any handler or injected fault, completes the route and journals it as
/// in flight; the outer layer then fills in the answer. The outer layer alone cannot see the
/// route, because it runs before routing.
#[derive(Clone)]
struct PendingEntry(Arc<Mutex<Pending>>);

struct Pending {
    draft: Option<Entry>,
    journal: Journal,
    seq: Option<u64>,
}

/// Route layer: journals the request as in flight, under the route template it matched.
pub async fn record_matched_route(req: Request, next: Next) -> Response {
    if let (Some(pending), Some(matched)) = (
        req.extensions().get::<PendingEntry>(),
        req.extensions().get::<MatchedPath>(),
    ) {
        let mut p = pending.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(mut entry) = p.draft.take() {
            entry.route = format!("{} {}", entry.method, matched.as_str());
            let seq = p.journal.push(entry);
            p.seq = Some(seq);
        }
    }
    next.run(req).await
}

/// Outer layer: journals every request that is not for the admin API.
pub async fn journal_requests(
    State(state): State<JournalLayerState>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path().starts_with("/admin") {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Read whole here (the journal keeps it), but bounded: a huge body is refused rather than
    // held in memory.
    let read = to_bytes(body, MAX_REQUEST_BODY).await;
    let bytes = read.as_ref().cloned().unwrap_or_default();

    let headers: BTreeMap<String, String> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            parts.headers.get(*name).map(|v| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
        })
        .collect();
    let query = parts.uri.query().map(str::to_owned);
    let path = parts.uri.path().to_owned();
    let method = parts.method.to_string();
    let workspace = workspace_of(&path, query.as_deref(), &headers, &state.workspaces);
    let body_text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY)]).into_owned();
    let pending = PendingEntry(Arc::new(Mutex::new(Pending {
        draft: Some(Entry {
            seq: 0,
            at_ms: now_ms(),
            server: state.server.to_owned(),
            route: format!("{method} {path}"),
            method,
            path,
            query,
            workspace,
            headers,
            body: body_text,
            status: 0,
            in_flight: true,
            fault: None,
        }),
        journal: state.journal.clone(),
        seq: None,
    })));
    parts.extensions.insert(pending.clone());

    let response = match read {
        Ok(_) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => ApiError::BadRequest(format!(
            "the request body is larger than {MAX_REQUEST_BODY} bytes or could not be read"
        ))
        .into_response(),
    };

    let fault = response.extensions().get::<AppliedFault>();
    let status = if fault.is_some_and(|f| f.dropped) {
        0
    } else {
        response.status().as_u16()
    };
    let fault = fault.map(|f| f.description.clone());
    let mut p = pending.0.lock().unwrap_or_else(|e| e.into_inner());
    match (p.seq, p.draft.take()) {
        (Some(seq), _) => state.journal.complete(seq, status, fault),
        // No route matched (a 404 or 405 fallback): journaled now, under its path.
        (None, Some(entry)) => {
            state.journal.push(Entry {
                status,
                fault,
                in_flight: false,
                ..entry
            });
        }
        (None, None) => {}
    }
    drop(p);
    response
}

/// The workspace a request belongs to, told as [`journal_requests`] tells it.
pub fn workspace_of_request(req: &Request, workspaces: &Workspaces) -> Option<String> {
    let authorization = req
        .headers()
        .get("authorization")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let headers: BTreeMap<String, String> = authorization
        .map(|a| ("authorization".to_owned(), a))
        .into_iter()
        .collect();
    workspace_of(req.uri().path(), req.uri().query(), &headers, workspaces)
}

/// Tells the workspace of a request: the `wid` query parameter (script and widget API), the
/// `/w/{wid}/` path prefix (host site; `/demo/` is the demo workspace's shop), or the workspace whose API key is presented (REST API).
fn workspace_of(
    path: &str,
    query: Option<&str>,
    headers: &BTreeMap<String, String>,
    workspaces: &Workspaces,
) -> Option<String> {
    let from_query = query.and_then(|q| {
        q.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == "wid").then(|| v.to_owned())
        })
    });
    let from_path = || {
        if path == "/demo" || path.starts_with("/demo/") {
            return Some(crate::site::demo::DEMO_WIDGET_ID.to_owned());
        }
        path.strip_prefix("/w/")
            .and_then(|rest| rest.split('/').next())
            .filter(|wid| !wid.is_empty())
            .map(str::to_owned)
    };
    let from_key = || {
        headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .and_then(|key| workspaces.by_api_key(key.trim()))
            .map(|ws| ws.widget_id.clone())
    };
    from_query.or_else(from_path).or_else(from_key)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}
