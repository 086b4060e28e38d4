//! The page stage: the only code that knows URLs of host pages, selectors and script snippets;
//! it hands the World typed reads of the host page, the widget frame and `window.Herodesk`.
//!
//! Besides the page objects: [`page_health`] (a dialog, a stuck, left or crashed page) and
//! [`harvest`] (a value read from every page before the browser leaves it).

pub mod demo_shop;
pub mod guest_watch;
pub mod harvest;
pub mod herodesk;
pub mod host_page;
pub mod host_watch;
pub mod page_clock;
pub mod page_health;
pub mod widget_frame;
