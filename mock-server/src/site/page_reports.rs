//! Where host pages report what went wrong on them (spec I): their uncaught errors (a beacon
//! from the page's own watch) and, under the strict policy, the browser's CSP violation
//! reports. Both are only journaled; the suite reads them from the journal of the
//! scenario's workspace, so nothing is lost when the page that saw them is gone.

use axum::http::StatusCode;

/// The route of [`page_error`], as the journal names it.
pub const PAGE_ERRORS_ROUTE: &str = "POST /w/{wid}/page-errors";
/// The route of [`csp_report`], as the journal names it.
pub const CSP_REPORTS_ROUTE: &str = "POST /w/{wid}/csp-reports";

/// `POST /w/{wid}/page-errors`: one uncaught error or unhandled rejection, as JSON text.
pub async fn page_error() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `POST /w/{wid}/csp-reports`: a browser's `application/csp-report`.
pub async fn csp_report() -> StatusCode {
    StatusCode::NO_CONTENT
}
