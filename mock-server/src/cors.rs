//! CORS by path: open to any origin on the widget-facing API (`/widget/…`), which host pages
//! call from the browser; absent everywhere else, above all on the REST API, so a browser page
//! cannot call the token endpoint cross-origin (spec A5).

use axum::{extract::Request, middleware::Next, response::Response};
use tower::{Layer, ServiceExt};
use tower_http::cors::{Any, CorsLayer};

/// Paths under this prefix get CORS.
pub const WIDGET_PREFIX: &str = "/widget/";

/// Middleware: runs `/widget/…` requests through an open CORS layer (which answers
/// preflights itself) and everything else untouched.
pub async fn widget_cors(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(WIDGET_PREFIX) {
        return next.run(req).await;
    }
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any);
    match cors.layer(next).oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
