//! `calls.json`: every scenario's key, status and widget calls ([`crate::backend::traffic`]), sorted by
//! key, for tools that compare runs.

use std::path::Path;

use crate::outcomes::ScenarioResult;

/// One scenario's line of `calls.json`.
#[derive(Debug, serde::Serialize)]
struct CallsLine<'a> {
    #[serde(flatten)]
    key: &'a crate::selection::scenario_key::ScenarioKey,
    line: usize,
    status: &'static str,
    #[serde(flatten)]
    calls: &'a crate::backend::traffic::CallSummary,
}

/// Writes `calls.json` in `dir`: every scenario's key, status and widget calls, sorted by key.
///
/// # Errors
/// An I/O error writing the file.
pub fn write(dir: &Path, results: &[ScenarioResult]) -> std::io::Result<()> {
    let mut lines: Vec<CallsLine> = results
        .iter()
        .map(|r| CallsLine {
            key: &r.key,
            line: r.line,
            status: r.status.label(),
            calls: &r.calls,
        })
        .collect();
    lines.sort_by(|a, b| a.key.cmp(b.key));
    let text = serde_json::to_string_pretty(&lines).map_err(std::io::Error::other)?;
    super::file::write(&dir.join("calls.json"), text + "\n")
}
