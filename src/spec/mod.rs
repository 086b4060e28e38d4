//! The spec stage: the promise as pages for people, built from the spec text, the feature files
//! and a run's results; it hands the reports stage `spec.html`, the matrix and the step catalogue.
//!
//! [`living_doc`] is one engine's `spec.html` (statement, resolution, scenarios, how they did),
//! [`matrix`] the statement × engine page of `--browser all`, [`step_catalogue`] every step the
//! feature files can use (`--list-steps`, `docs/steps.md`), [`human_time`] the times they show.

pub mod human_time;
pub mod living_doc;
pub mod matrix;
pub mod step_catalogue;
