//! `GET /openapi.json`: the OpenAPI 3 document of the REST API, the widget-facing API and the
//! script. It is produced by the same [`documented_routes`] call that builds the
//! routes, so a route cannot be served without being documented, nor documented at a path it
//! is not served on.

use std::sync::LazyLock;

use axum::{http::header::CONTENT_TYPE, middleware, response::IntoResponse};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use utoipa_axum::{router::OpenApiRouter, routes};

use super::{rest, script, widget_api};
use crate::{
    fault_injection::inject_faults, request_owner::RequestOwner, site, state::AppState,
    workspace::Workspaces,
};

/// Title, version and the API key scheme; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Herodesk API (mock)",
        description = "The REST API a customer's server calls, and the widget-facing API `livechat.js` calls from the browser. Errors are JSON `{error, message}`. See docs/widget-api.md."
    ),
    tags(
        (name = "rest", description = "Server to server, with the workspace's API key; no CORS (A5)"),
        (name = "widget", description = "Called by the widget from the browser; CORS open; `?wid=` on every call"),
    ),
    modifiers(&ApiKeyScheme)
)]
pub struct ApiDoc;

/// The public API routes with their OpenAPI operations: the REST API, the script and the
/// widget-facing API, each behind the fault layer. `workspaces` is where the fault layer
/// looks faults up.
pub fn documented_routes(workspaces: &Workspaces) -> OpenApiRouter<AppState> {
    let faults = || {
        middleware::from_fn_with_state(
            RequestOwner::new(workspaces.clone(), site::OWN_PATHS),
            inject_faults,
        )
    };
    let rest = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(rest::chat_auth_token))
        .routes(routes!(script::livechat_js))
        .route_layer(faults());
    let widget = OpenApiRouter::new()
        .routes(routes!(widget_api::identify::identify))
        .routes(routes!(widget_api::verification::start))
        .routes(routes!(widget_api::verification::confirm))
        .routes(routes!(widget_api::session::check))
        .routes(routes!(widget_api::conversations::list))
        .routes(routes!(widget_api::conversations::fetch))
        .routes(routes!(widget_api::conversations::send_message))
        .routes(routes!(widget_api::conversations::mark_read))
        .routes(routes!(widget_api::conversations::unread))
        .route_layer(faults());
    rest.merge(widget)
}

struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The workspace's REST API key"))
                    .build(),
            ),
        );
    }
}

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: LazyLock<utoipa::openapi::OpenApi> =
        LazyLock::new(|| documented_routes(&Workspaces::default()).into_openapi());
    &DOC
}

/// Every documented operation as the journal and the fault API name routes: `GET /livechat.js`.
pub fn operations() -> Vec<String> {
    document()
        .paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(move |(method, _)| format!("{method} {path}"))
        })
        .collect()
}

/// `GET /openapi.json`.
pub async fn openapi_json() -> impl IntoResponse {
    static JSON: LazyLock<String> = LazyLock::new(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"internal\",\"message\":\"{e}\"}}"))
    });
    ([(CONTENT_TYPE, "application/json")], JSON.as_str())
}
