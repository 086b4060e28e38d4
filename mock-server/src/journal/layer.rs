//! The journal's middleware: two layers that journal each request as soon as it matched a
//! route (so a call still being answered already counts) and fill in its answer when done.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use axum::{
    body::{Body, to_bytes},
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{Entry, Journal, now_ms};
use crate::{error::ApiError, fault_injection::AppliedFault, request_owner::RequestOwner};

/// Request bodies larger than this are journaled truncated (and still served whole).
const MAX_BODY: usize = 64 * 1024;

/// Request bodies larger than this are refused with 400 (axum's own JSON limit is the same).
pub const MAX_REQUEST_BODY: usize = 2 * 1024 * 1024;

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

/// What the journal middleware needs: the journal, how to tell a request's workspace and the
/// name of the server it runs in.
#[derive(Debug, Clone)]
pub struct JournalLayerState {
    /// Where entries go.
    pub journal: Journal,
    /// Tells the workspace an entry belongs to.
    pub owner: RequestOwner,
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
    let workspace = state.owner.widget_id_of(&path, query.as_deref(), &headers);
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
