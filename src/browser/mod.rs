//! The browser stage: starts browsers and their drivers, hands the World WebDriver sessions and
//! waits on their conditions, and stops every process it started on any kind of exit.
//!
//! [`engine`] is what differs between engines; [`session`] the pool; [`cookies`] and [`wait`] what
//! the World reads and waits on; [`proc_stat`] the one reader of process information, which
//! [`owner`], [`reaper`] and [`memory_ceiling`] ask.

pub mod config;
pub mod cookies;
pub mod display;
pub mod driver;
pub mod engine;
pub mod launch;
pub mod memory_ceiling;
pub mod owner;
pub mod proc_stat;
pub mod reaper;
pub mod run_folder;
pub mod run_queue;
pub mod session;
pub mod signals;
pub mod tether;
pub mod wait;

pub use config::BrowserConfig;
pub use engine::{Engine, Engines};
pub use session::{Browser, BrowserPool};
