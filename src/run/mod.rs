//! The run stage: a plan's scenarios in each engine, with preflight, rounds, retries and deadlines.
//! It hands the reports stage ([`crate::report`]) each engine's scenario results and verdict.

pub mod crash_retry;
pub mod deadline;
pub mod engine_run;
pub mod gate;
pub mod pages_lost;
pub mod preflight;
pub mod report_lock;
pub mod runner;
pub mod scenarios;
pub mod stability;
pub mod suite;
