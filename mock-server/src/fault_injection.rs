//! The fault layer (H1): applies the fault the admin API put on a route of a workspace
//! ([`crate::faults`]) to the next matching call (holding its answer until released, when
//! the fault says so), and marks the answer for the journal.

use std::time::Duration;

use axum::{
    body::{Body, Bytes},
    extract::{MatchedPath, Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::ApiError, faults::MAX_DELAY_MS, request_owner::RequestOwner};

/// Marks a response that a fault shaped, for the journal.
#[derive(Debug, Clone)]
pub struct AppliedFault {
    /// [`crate::faults::Fault::describe`].
    pub description: String,
    /// True when the connection is dropped instead of answered.
    pub dropped: bool,
}

/// Route layer on the API routes: applies the workspace's fault for the matched route, if any.
pub async fn inject_faults(
    State(owner): State<RequestOwner>,
    req: Request,
    next: Next,
) -> Response {
    let Some(template) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
    else {
        return next.run(req).await;
    };
    let route = format!("{} {template}", req.method());
    let workspace = owner.workspace_of_request(&req);
    let Some((workspace, fault)) =
        workspace.and_then(|ws| ws.faults.take(&route).map(|fault| (ws, fault)))
    else {
        return next.run(req).await;
    };
    if fault.hold {
        // The journal already shows the call in flight; it stays so until released. A hold
        // nobody releases ends at the longest delay, so a forgotten one cannot hang a run.
        let released = workspace.faults.hold(&route);
        let _ = tokio::time::timeout(Duration::from_millis(MAX_DELAY_MS), released).await;
    }
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let mut response = if fault.drop {
        dropped_connection()
    } else if let Some(status) = fault.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        ApiError::Injected(status).into_response()
    } else {
        next.run(req).await
    };
    response.extensions_mut().insert(AppliedFault {
        description: fault.describe(),
        dropped: fault.drop,
    });
    response
}

/// A response whose body fails before its first byte: the server closes the connection with
/// nothing sent, so the client sees a connection error, not an answer.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault injected through the admin API: connection dropped",
        ))
    });
    Response::new(Body::from_stream(failing))
}
