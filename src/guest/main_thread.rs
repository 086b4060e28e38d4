//! I6, the main thread: the blocks of the page's heartbeat the widget is charged with, less
//! the heartbeat's own period and the machine's stalls (the page's worker was late too).

use super::{BEAT_MS, BLOCK_LIMIT_MS, Breach, Evidence, thousands};
use crate::pages::guest_watch::GuestRecord;

/// One main-thread block the widget is charged with.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// How long the page's own code could not run, less what the machine's stall explains.
    pub ms: f64,
    /// The script that ran, where the engine says.
    pub script: Option<String>,
    /// The block was the handlers the page ran as it went away (a `pagehide` handler that
    /// holds the thread holds the next page back).
    pub leaving: bool,
}

/// The blocks of one page load over [`BLOCK_LIMIT_MS`], longest first.
pub fn blocks(record: &GuestRecord) -> Vec<Block> {
    let mut out: Vec<Block> = record
        .gaps
        .iter()
        .filter(|gap| !while_hidden(record, **gap))
        .map(|&(start, end)| {
            let machine: f64 = record
                .worker_gaps
                .iter()
                .map(|&(ws, we)| (end.min(we) - start.max(ws)).max(0.0))
                .sum();
            Block {
                ms: (end - start) - BEAT_MS - machine,
                script: script_of(record, start, end),
                leaving: record.leaving,
            }
        })
        .filter(|b| b.ms > BLOCK_LIMIT_MS)
        .collect();
    out.sort_by(|a, b| b.ms.total_cmp(&a.ms));
    out
}

/// True when the page was hidden at some time of `gap` (its timers are throttled then).
fn while_hidden(record: &GuestRecord, (start, end): (f64, f64)) -> bool {
    let mut hidden_since: Option<f64> = None;
    for (at, state) in &record.hidden {
        if state == "hidden" {
            hidden_since.get_or_insert(*at);
        } else if let Some(since) = hidden_since.take()
            && since < end
            && *at > start
        {
            return true;
        }
    }
    hidden_since.is_some_and(|since| since < end)
}

/// The script that ran longest in the long frames overlapping `start..end`, by file name.
fn script_of(record: &GuestRecord, start: f64, end: f64) -> Option<String> {
    record
        .frames
        .iter()
        .filter(|f| f.start < end && f.start + f.duration > start)
        .flat_map(|f| &f.scripts)
        .filter(|s| !s.source.is_empty())
        .max_by(|a, b| a.duration.total_cmp(&b.duration))
        .map(|s| file_name(&s.source))
}

/// `http://127.0.0.1:9/livechat.js?wid=w` → `livechat.js`.
fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_owned()
}

pub(super) fn i6(evidence: &Evidence) -> Option<Breach> {
    if evidence.stuck {
        return Some(Breach {
            spec: "I6",
            words: format!(
                "the widget held the host page's main thread: the page stopped answering scripts for {} s",
                2 * crate::pages::page_health::ANSWER_WITHIN.as_secs()
            ),
        });
    }
    let all: Vec<Block> = evidence.records.iter().flat_map(blocks).collect();
    let longest = all.iter().max_by(|a, b| a.ms.total_cmp(&b.ms))?;
    let from = match &longest.script {
        _ if longest.leaving => "in the handlers the page ran as it went away (`pagehide`, `visibilitychange`), which hold the next page back".to_owned(),
        Some(script) => format!("from {script}"),
        None => "while the page's own scripts were idle and its worker ran on time (not a stall of the machine)".to_owned(),
    };
    Some(Breach {
        spec: "I6",
        words: format!(
            "the widget held the host page's main thread: the longest block was {} ms, {from} ({} block(s) over {} ms)",
            thousands(longest.ms as u64),
            all.len(),
            BLOCK_LIMIT_MS as u64
        ),
    })
}
