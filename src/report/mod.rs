//! The reports stage: every report file of a run, written whole or not at all ([`file`]) from
//! one list of scenario results ([`RunReport`]); it hands on files, never reads them back.

pub mod calls;
pub mod cucumber_json;
pub mod cut_short;
pub mod file;
pub mod junit;
pub mod merge;
pub mod spec_page;
pub mod trace;
pub mod transcript;
pub mod verdict_json;

use std::time::Duration;

use crate::{outcomes::ScenarioResult, plan::EngineRun, verdict::Verdict};

/// What a run's reports say: every scenario's result (one that never ran has the status
/// [`crate::outcomes::status::Status::NotRun`]) and, for a run cut short, why it was.
#[derive(Debug, Clone, Copy)]
pub struct RunReport<'a> {
    /// Every scenario's result, in any order.
    pub results: &'a [ScenarioResult],
    /// Why the run did not get to its end ("the run was interrupted by SIGINT …"), if so.
    pub cut_short: Option<&'a str>,
}

/// Writes the reports again with the final statuses: `junit.xml` from `results` (with
/// `--repeat`, one test case per scenario over the rounds), `calls.json` (every scenario's
/// widget calls) and `spec.html`. Failures to write are said, not fatal.
pub fn write_final(
    run: &EngineRun<'_>,
    results: &[ScenarioResult],
    elapsed: Duration,
    verdict: &Verdict,
) {
    let Some(dir) = &run.report_dir else {
        return;
    };
    if results.is_empty() {
        return;
    }
    let report = RunReport {
        results,
        cut_short: None,
    };
    if let Err(e) = junit::write(dir, &report) {
        eprintln!("junit.xml not written: {e}");
    }
    if let Err(e) = calls::write(dir, results) {
        eprintln!("calls.json not written: {e}");
    }
    spec_page::write_living_doc_of(dir, run.plan, results, elapsed, verdict);
}
