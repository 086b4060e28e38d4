//! Tests of the mock's routers without a browser and (but for one test) without a socket:
//! each request goes through the router with `tower::ServiceExt::oneshot`.

mod admin;
mod common;
mod cors;
mod demo_site;
mod extractors;
mod faults;
mod host_page;
mod journal;
mod openapi;
mod real_server;
mod rest_api;
mod token_client;
mod widget_api;
