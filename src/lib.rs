//! herodesk-conformance: the conformance suite for the Herodesk live-chat widget.
//!
//! Gherkin scenarios in `features/` (one file per spec area, tagged `@spec-<ID>`) drive real
//! browsers over WebDriver against a mock Herodesk backend (crate `herodesk-mock`), and the
//! runner turns the outcome into a verdict: 0 conforms, 1 does not, 2 could not run.

pub mod artefacts;
pub mod backend;
pub mod baseline;
pub mod browser;
pub mod cli;
pub mod compare;
pub mod contact_watch;
pub mod cookies;
pub mod coverage;
pub mod embedding;
pub mod error;
pub mod feature_folders;
pub mod guest;
pub mod harvest;
pub mod human_time;
pub mod living_doc;
pub mod matrix;
pub mod mutation;
pub mod options;
pub mod outcomes;
pub mod owner;
pub mod page_health;
pub mod pages;
pub mod plan;
pub mod proc_stat;
pub mod project_files;
pub mod report;
pub mod report_lock;
pub mod run;
pub mod scenario_key;
pub mod selection;
pub mod status;
pub mod step_catalogue;
pub mod suite;
pub mod traffic;
pub mod variants;
pub mod verdict;
pub mod wait;
pub mod widget_source;
pub mod world;

/// Step definitions, grouped by domain concept (they live in the top-level `steps/` folder).
#[path = "../steps/mod.rs"]
pub mod steps;

pub use options::RunOptions;
pub use runner::run;
pub use verdict::Verdict;
pub use world::HerodeskWorld;

// The run stage's modules keep the paths they had before `run/` held them
// (`crate::runner::run_with_pool`, `crate::deadline::Deadline`, …).
pub use run::{crash_retry, deadline, engine_run, gate, preflight, runner, scenarios, stability};
