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
pub mod coverage;
pub mod error;
pub mod guest;
pub mod mutation;
pub mod outcomes;
pub mod pages;
pub mod plan;
pub mod report;
pub mod run;
pub mod selection;
pub mod spec;
pub mod verdict;
pub mod world;

/// Step definitions, grouped by domain concept (they live in the top-level `steps/` folder).
#[path = "../steps/mod.rs"]
pub mod steps;

pub use plan::options::RunOptions;
pub use runner::run;
pub use verdict::Verdict;
pub use world::HerodeskWorld;

// The run stage's modules keep the paths they had before `run/` held them
// (`crate::runner::run_with_pool`, `crate::deadline::Deadline`, …).
pub use run::{crash_retry, deadline, engine_run, gate, preflight, runner, scenarios, stability};
