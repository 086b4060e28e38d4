//! The reports stage: every report file of a run is written here from one list of scenario
//! results ([`RunReport`]), whole or not at all ([`file`]); it hands on files, never reads them back.

pub mod cut_short;
pub mod file;
pub mod junit;
pub mod merge;
pub mod transcript;

use crate::outcomes::ScenarioResult;

/// What a run's reports say: every scenario's result (one that never ran has the status
/// [`crate::status::Status::NotRun`]) and, for a run cut short, why it was.
#[derive(Debug, Clone, Copy)]
pub struct RunReport<'a> {
    /// Every scenario's result, in any order.
    pub results: &'a [ScenarioResult],
    /// Why the run did not get to its end ("the run was interrupted by SIGINT …"), if so.
    pub cut_short: Option<&'a str>,
}
