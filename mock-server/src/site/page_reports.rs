//! Where host pages report what went wrong on them (spec I): their uncaught errors (a beacon
//! from the page's own watch) and, under the strict policy, the browser's CSP violation
//! reports. Both are only journaled; the suite reads them from the journal of the
//! scenario's workspace, so nothing is lost when the page that saw them is gone.

use axum::http::StatusCode;

/// The route of [`page_error`], as the journal names it.
pub const PAGE_ERRORS_ROUTE: &str = "POST /w/{wid}/page-errors";
/// The route of [`csp_report`], as the journal names it.
pub const CSP_REPORTS_ROUTE: &str = "POST /w/{wid}/csp-reports";

/// The route of [`guest_report`], as the journal names it.
pub const GUEST_REPORTS_ROUTE: &str = "POST /w/{wid}/guest-report";

/// The host page's reference heartbeat (spec I6), a worker of the site's own origin.
const GUEST_WORKER: &str = include_str!("scripts/guest_worker.js");

/// `POST /w/{wid}/guest-report`: what a host page saw of the widget as a guest (spec I6, I7:
/// main-thread gaps, changes to the site's elements), sent as the page goes away.
pub async fn guest_report() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `GET /w/{wid}/guest-worker.js`: the worker of the page's guest watch.
pub async fn guest_worker() -> impl axum::response::IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/javascript; charset=utf-8",
        )],
        GUEST_WORKER,
    )
}

/// `POST /w/{wid}/page-errors`: one uncaught error or unhandled rejection, as JSON text.
pub async fn page_error() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `POST /w/{wid}/csp-reports`: a browser's `application/csp-report`.
pub async fn csp_report() -> StatusCode {
    StatusCode::NO_CONTENT
}
