//! The Herodesk API server's routes, one module per audience.

pub mod admin;
pub mod fallback;
pub mod openapi;
pub mod rest;
pub mod script;
pub mod widget_api;
