//! Page objects: the only code that knows URLs of host pages, selectors and script snippets.

pub mod demo_shop;
pub mod guest_watch;
pub mod herodesk;
pub mod host_page;
pub mod host_watch;
pub mod page_clock;
pub mod widget_frame;
