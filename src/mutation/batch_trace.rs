//! `HERODESK_MUTATION_TRACE=FILE`: one line of JSON per batch a trial runs (how many mutants
//! were on, how many scenarios ran, how long it took, how it ended), appended by every worker
//! to the same file. It tells where a campaign's time goes: group batches, culprit searches,
//! a mutant alone.

use std::{io::Write, time::Duration};

use serde::Serialize;

use super::trial::BatchEnd;

/// The variable that names the trace file.
pub const VARIABLE: &str = "HERODESK_MUTATION_TRACE";

/// One batch, as the trace writes it.
#[derive(Debug, Serialize)]
struct Line<'a> {
    /// The worker's process id.
    worker: u32,
    /// How many mutants were switched on.
    on: usize,
    /// Their ids, when a few (a search's parts, a mutant alone).
    ids: Vec<&'a str>,
    /// How many scenarios the batch ran.
    scenarios: usize,
    /// Its wall time, in seconds.
    seconds: f64,
    /// `passed`, `failed N`, `timeout` or `could not run`.
    end: String,
    /// When it ended, in seconds since the Unix epoch: the stages of a campaign (coverage,
    /// round 1, round 2, the last group) on one clock across the workers.
    at: f64,
}

/// Appends one batch to the trace file, when [`VARIABLE`] names one; a trace that cannot be
/// written is said once per batch on stderr and never stops the campaign.
pub fn record(ids: &[&str], scenarios: usize, took: Duration, end: &BatchEnd) {
    let Some(path) = std::env::var_os(VARIABLE) else {
        return;
    };
    let line = Line {
        worker: std::process::id(),
        on: ids.len(),
        ids: if ids.len() <= 8 {
            ids.to_vec()
        } else {
            Vec::new()
        },
        scenarios,
        seconds: took.as_secs_f64(),
        end: match end {
            BatchEnd::Passed => "passed".into(),
            BatchEnd::Killed { by, .. } => format!("failed {}", by.len()),
            BatchEnd::Timeout(_) => "timeout".into(),
            BatchEnd::CouldNotRun(_) => "could not run".into(),
        },
        at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64()),
    };
    let Ok(mut text) = serde_json::to_string(&line) else {
        return;
    };
    text.push('\n');
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "mutation: cannot append to the trace {}: {e}",
            path.to_string_lossy()
        );
    }
}
