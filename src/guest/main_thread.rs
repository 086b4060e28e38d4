//! I6, the main thread: the blocks of the page's heartbeat the widget is charged with, less
//! the heartbeat's own period and the machine's stalls: the page's worker was late too, or the
//! page's process waited for a core (the kernel's count, [`CoreWaits`]).

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
    /// When the page's heartbeat stopped and came back, in ms since the epoch.
    pub gap: (f64, f64),
}

/// How long the page processes of the scenario's browser waited for a core (runnable, on a
/// run queue, not running), as the kernel counted it: one series per process of
/// (ms since the epoch, ms waited since the process started). Empty when unknown (a remote
/// browser).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoreWaits(pub Vec<Vec<(f64, f64)>>);

impl CoreWaits {
    /// The longest any one page process waited for a core over `start..end`, bracketed by the
    /// samples just outside it. A process with no sample before `start` (it started, or was
    /// found, later) counts from nothing: that errs toward the widget.
    pub fn within(&self, start: f64, end: f64) -> f64 {
        self.0
            .iter()
            .filter_map(|series| {
                let before = series
                    .iter()
                    .rev()
                    .find(|(t, _)| *t <= start)
                    .map_or(0.0, |(_, w)| *w);
                let after = series.iter().find(|(t, _)| *t >= end).or(series.last())?.1;
                Some((after - before).max(0.0))
            })
            .fold(0.0, f64::max)
    }
}

/// The blocks of one page load over [`BLOCK_LIMIT_MS`], longest first: each gap less the
/// heartbeat's period and the machine's share, the worker's lateness or the page process's
/// wait for a core, whichever explains more (both measure the same stall).
pub fn blocks(record: &GuestRecord, waits: &CoreWaits) -> Vec<Block> {
    let mut out: Vec<Block> = record
        .gaps
        .iter()
        .filter(|gap| !while_hidden(record, **gap))
        .map(|&(start, end)| {
            let worker_late: f64 = record
                .worker_gaps
                .iter()
                .map(|&(ws, we)| (end.min(we) - start.max(ws)).max(0.0))
                .sum();
            let machine = worker_late.max(waits.within(start, end));
            Block {
                ms: (end - start) - BEAT_MS - machine,
                script: script_of(record, start, end),
                leaving: record.leaving,
                gap: (start, end),
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

/// What a doubt about I6 says: a gap the machine's wait for a core explains. Under such load
/// the time a page got the core is all that can be charged, and a build that holds the thread
/// by the clock (a busy wait on `Date.now()`) gets less of it: neither verdict is sure.
pub const TOO_LOADED: &str = "the machine was too loaded to judge I6";

/// A doubt ([`TOO_LOADED`]) when a gap over the limit is a block only without the machine's
/// wait for a core: the suite's failure, not the widget's (exit 2), and the scenario's second
/// try in a new browser ([`crate::crash_retry`]) judges again.
fn too_loaded_to_judge(evidence: &Evidence) -> Option<Breach> {
    let (raw, waited) = evidence
        .records
        .iter()
        .flat_map(|r| blocks(r, &CoreWaits::default()))
        .map(|b| (b.ms, evidence.core_waits.within(b.gap.0, b.gap.1)))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    Some(Breach {
        spec: "I6",
        words: format!(
            "{}{TOO_LOADED}: the page's main thread was held {} ms past its beat, and its process \
             waited {} ms of that for a core on this machine; run it again on a machine with a \
             core to spare",
            crate::error::INFRASTRUCTURE,
            thousands(raw as u64),
            thousands(waited as u64),
        ),
    })
}

/// True for a doubt about I6 ([`TOO_LOADED`]), not a breach.
pub fn is_doubt(breach: &Breach) -> bool {
    breach.words.starts_with(crate::error::INFRASTRUCTURE)
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
    let all: Vec<Block> = evidence
        .records
        .iter()
        .flat_map(|r| blocks(r, &evidence.core_waits))
        .collect();
    let Some(longest) = all.iter().max_by(|a, b| a.ms.total_cmp(&b.ms)) else {
        return too_loaded_to_judge(evidence);
    };
    let from = match &longest.script {
        _ if longest.leaving => "in the handlers the page ran as it went away (`pagehide`, `visibilitychange`), which hold the next page back".to_owned(),
        Some(script) => format!("from {script}"),
        None => "while the page's own scripts were idle and its worker ran on time and its process did not wait for a core (not a stall of the machine)".to_owned(),
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
