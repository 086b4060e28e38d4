//! The customer's host site, on its own origin: pages that embed the widget exactly as the
//! vendor's documentation shows, with the `auth_token` fetched by the site's own server code,
//! and a demo shop for people.

pub mod admin_client;
pub mod demo;
pub mod encode;
pub mod host_page;
pub mod page_clock;
pub mod page_html;
pub mod page_profile;
pub mod page_reports;
pub mod placement;
pub mod token_client;

/// The host site's paths that belong to a fixed workspace (the demo shop's), for the layers
/// that tell a request's workspace ([`crate::request_owner`]).
pub const OWN_PATHS: &[crate::request_owner::PathOwner] = demo::OWN_PATHS;
