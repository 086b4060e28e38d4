//! Tests of the mock's routers without a browser and (but for one test) without a socket:
//! each request goes through the router with `tower::ServiceExt::oneshot`.

mod common;
mod cors;
mod host_page;
mod journal;
mod real_server;
mod rest_api;
mod widget_api;
