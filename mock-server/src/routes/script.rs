//! Serves the widget build under test as `/livechat.js`.

use axum::{
    extract::State,
    http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE},
    response::IntoResponse,
};

use crate::state::AppState;

/// `GET /livechat.js?wid=…`: the widget build, never cached so every scenario gets this run's.
#[utoipa::path(
    get,
    path = "/livechat.js",
    tag = "widget",
    params(("wid" = Option<String>, Query, description = "The widget id; the script reads it from its own URL")),
    responses((status = 200, description = "The widget build under test", content_type = "text/javascript", body = String))
)]
pub async fn livechat_js(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            // Host pages load it with `crossorigin`, as a CDN serves scripts, so the page
            // sees the widget's own errors with message and source (spec I4).
            (ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        state.widget_script.to_string(),
    )
}
