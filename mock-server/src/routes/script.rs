//! Serves the widget build under test as `/livechat.js`.

use axum::{
    extract::State,
    http::header::{CACHE_CONTROL, CONTENT_TYPE},
    response::IntoResponse,
};

use crate::state::AppState;

/// `GET /livechat.js?wid=…`: the widget build, never cached so every scenario gets this run's.
pub async fn livechat_js(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        state.widget_script.to_string(),
    )
}
