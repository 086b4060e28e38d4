//! Browsers and their drivers: processes, sessions, and cleanup on any kind of exit.

pub mod display;
pub mod driver;
pub mod engine;
pub mod launch;
pub mod memory_ceiling;
pub mod reaper;
pub mod run_folder;
pub mod session;
pub mod signals;
pub mod tether;

pub use engine::{Engine, Engines};
pub use session::{Browser, BrowserConfig, BrowserPool};
