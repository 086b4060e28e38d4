//! The two routers, built in one place: the Herodesk API origin and the host site origin.

use axum::{
    Router, middleware,
    routing::{get, post},
};

use crate::{
    cors::widget_cors,
    defects::Defect,
    journal::{JournalLayerState, journal_requests, record_matched_route},
    request_owner::RequestOwner,
    routes::{self, admin, fallback},
    site,
    state::AppState,
};

// Kept at its old path; it lives with the document it produces.
pub use crate::routes::openapi::documented_routes;

/// The Herodesk API origin's router: the documented routes, `/openapi.json` and the admin API,
/// journaled, with JSON answers for unknown paths and methods.
pub fn api_router(state: AppState) -> Router {
    let (documented, _) = documented_routes(&state.workspaces).split_for_parts();
    let router = documented
        .route("/openapi.json", get(routes::openapi::openapi_json))
        .route(
            "/admin/workspaces",
            post(admin::workspaces::create_workspace),
        )
        .route(
            "/admin/workspaces/{wid}/journal",
            get(admin::journal::journal).delete(admin::journal::reset_journal),
        )
        .route(
            "/admin/workspaces/{wid}/journal/counts",
            get(admin::journal::journal_counts),
        )
        .route(
            "/admin/workspaces/{wid}/contacts",
            get(admin::steering::contacts),
        )
        .route(
            "/admin/workspaces/{wid}/conversations/{id}/agent-replies",
            post(admin::steering::agent_reply),
        )
        .route(
            "/admin/workspaces/{wid}/verification-codes",
            get(admin::steering::verification_code),
        )
        .route(
            "/admin/workspaces/{wid}/faults",
            get(admin::faults::list)
                .post(admin::faults::add)
                .delete(admin::faults::clear),
        )
        .route(
            "/admin/workspaces/{wid}/faults/release",
            post(admin::faults::release),
        );
    // CORS wraps the whole router (not each widget route) so that preflights, 405s and
    // injected faults on widget paths carry it too.
    let mut router = with_json_fallbacks(router).layer(middleware::from_fn(widget_cors));
    if state.defects.contains(&Defect::A5CorsOnTokenEndpoint) {
        router = router.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(tower_http::cors::Any)
                .allow_methods(tower_http::cors::Any)
                .allow_headers(tower_http::cors::Any),
        );
    }
    journaled(router, &state, "api").with_state(state)
}

/// The host site origin's router.
pub fn site_router(state: AppState) -> Router {
    let router = Router::new()
        .route("/w/{wid}/", get(site::host_page::host_page))
        .route("/w/{wid}/page-errors", post(site::page_reports::page_error))
        .route("/w/{wid}/csp-reports", post(site::page_reports::csp_report))
        .route(
            "/w/{wid}/guest-report",
            post(site::page_reports::guest_report),
        )
        .route(
            "/w/{wid}/guest-worker.js",
            get(site::page_reports::guest_worker),
        )
        .route("/w/{wid}/{*path}", get(site::host_page::host_page_at))
        .route("/", get(site::demo::root))
        .route("/demo/", get(site::demo::shop))
        .route("/demo/login", post(site::demo::login))
        .route("/demo/logout", post(site::demo::logout))
        .route("/demo/agent-reply", post(site::demo::agent_reply));
    journaled(with_json_fallbacks(router), &state, "site").with_state(state)
}

fn with_json_fallbacks(router: Router<AppState>) -> Router<AppState> {
    router
        .fallback(fallback::not_found)
        .method_not_allowed_fallback(fallback::method_not_allowed)
}

fn journaled(router: Router<AppState>, state: &AppState, server: &'static str) -> Router<AppState> {
    router
        .route_layer(middleware::from_fn(record_matched_route))
        .layer(middleware::from_fn_with_state(
            JournalLayerState {
                journal: state.journal.clone(),
                owner: RequestOwner::new(state.workspaces.clone(), site::OWN_PATHS),
                server,
            },
            journal_requests,
        ))
}
