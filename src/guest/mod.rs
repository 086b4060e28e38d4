//! The guest stage (spec I5–I8): weighs the evidence the World gathered after each scenario and
//! hands the run the breaches found, and the alarm that stops a run at a gross one.
//!
//! Was the widget a good guest on the host page? The evidence is gathered by the World
//! ([`crate::world::HerodeskWorld::guest_evidence`]); this module only weighs it, so every rule is
//! tested without a browser.
//!
//! - **I6** the main thread: a gap of the page's heartbeat, less its period and the machine's
//!   share (the worker late too, or the page's process waiting for a core), over 200 ms.
//!   Where the engine names the scripts of a long frame (Chromium), the verdict names it.
//! - **I7** the page as the site made it: windows beyond the scenario's one, host-page
//!   documents the suite did not open (reloads, navigations), a page left for another address
//!   or its address or history changed in place (`history.pushState`, a fragment),
//!   a `beforeunload` handler that asks the visitor to stay, changes to the site's elements,
//!   the site's own events stopped or cancelled.
//! - **I5** one global, no built-in changed: what the page has at the end of every scenario
//!   against its snapshot taken just before the widget script, so a global the widget adds
//!   only in one state (after a failed call, say) is caught in the scenario that reaches it.
//! - **I8** the footprint: cookies beyond C1's three (or over 4 KB), any API route called more
//!   than 20 times within 10 s, the site's storage growing while the page sits open.

pub mod alarm;
mod failure;
mod globals;
mod main_thread;

pub use failure::after_check_failure;
use globals::i5;
use main_thread::i6;
pub use main_thread::{Block, CoreWaits, TOO_LOADED, blocks, is_doubt};

use std::collections::BTreeMap;

use crate::pages::guest_watch::{Footprint, GuestRecord};

/// The longest a task of the widget may hold the main thread (I6).
pub const BLOCK_LIMIT_MS: f64 = 200.0;
/// The period of the page's heartbeats (`guest_watch.js`): a gap includes one period.
const BEAT_MS: f64 = 50.0;
/// At most this many calls of one route ...
pub const CALLS_PER_WINDOW: usize = 20;
/// ... within this many milliseconds (I8).
pub const CALL_WINDOW_MS: u64 = 10_000;
/// The largest cookie a widget may set (I8), name and value together.
pub const COOKIE_LIMIT_BYTES: usize = 4096;

/// A promise of I6–I8 the widget broke, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The statement (`I6`, `I7`, `I8`).
    pub spec: &'static str,
    /// What the widget did.
    pub words: String,
}

/// One call of the widget to the API, as the journal saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    /// `GET /widget/v1/unread`.
    pub route: String,
    /// When it came in, in milliseconds on the mock's clock.
    pub at_ms: u64,
}

/// The state of the scenario's page when the evidence is gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCondition {
    /// The page answers: ask it.
    Usable,
    /// The page stopped answering scripts (its main thread is held): ask only the journal.
    Stuck,
    /// The page crashed or its browser is gone: ask only the journal.
    Gone,
}

/// What the World saw of the widget as a guest in one scenario.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The guest record of every host page load of the scenario.
    pub records: Vec<GuestRecord>,
    /// The page stopped answering scripts: its main thread was held for seconds.
    pub stuck: bool,
    /// The page answered, but late (its main thread is held): the browser is not worth a
    /// reset, nor the page its artefacts.
    pub held: bool,
    /// Windows and tabs open at the end (`None`: no browser, or it did not say).
    pub windows: Option<usize>,
    /// Host-page documents the site served in the scenario.
    pub host_loads: usize,
    /// Of those, the ones the suite itself opened.
    pub suite_opens: usize,
    /// The page's address now, when it is not the one the suite last opened.
    pub moved_to: Option<String>,
    /// How a `beforeunload` handler asks the visitor to stay, if one does.
    pub leave_prompt: Option<String>,
    /// Cookies of the host site: name and size in bytes (name and value).
    pub cookies: Vec<(String, usize)>,
    /// Cookie names the suite or the site set, which are not the widget's doing.
    pub allowed_cookies: Vec<String>,
    /// The widget's calls to the API.
    pub calls: Vec<ApiCall>,
    /// The page's footprint (the host site's storage, the page's elements) when it was last
    /// left alone with nothing happening: before, halfway and after (empty when unread).
    pub idle_footprint: Vec<Footprint>,
    /// Globals the page has now that it did not have just before the widget script, but
    /// `Herodesk` and the driver's and the run's harness's own (I5).
    pub globals: Vec<String>,
    /// Built-ins added, replaced or removed since just before the widget script (I5).
    pub builtins: Vec<String>,
    /// How long the page's processes waited for a core: the machine's share of a block (I6).
    pub core_waits: CoreWaits,
}

/// Every promise of I6–I8 the evidence shows broken, one breach per statement, in the order
/// that names first what the build did: a page that stopped answering (I6), then what the
/// widget did to the page (I7) and the site (I8), then a measured block of the main thread
/// (I6), last because a leave-page prompt or a window the widget opened blocks the page too
/// (measured in Firefox under load: 458 ms and 824 ms), and that block is a knock-on.
pub fn judge(evidence: &Evidence) -> Vec<Breach> {
    let (stuck, blocked) = match i6(evidence) {
        Some(breach) if evidence.stuck => (Some(breach), None),
        other => (None, other),
    };
    [stuck, i7(evidence), i8(evidence), i5(evidence), blocked]
        .into_iter()
        .flatten()
        .collect()
}

fn i7(evidence: &Evidence) -> Option<Breach> {
    let mut said = Vec::new();
    let opens: u32 = evidence.records.iter().map(|r| r.window_open_count).sum();
    match evidence.windows.filter(|&w| w > 1) {
        Some(windows) => said.push(format!("opened {} window(s) or tab(s)", windows - 1)),
        None if opens > 0 => said.push(format!(
            "tried to open {opens} window(s) or tab(s) with window.open (the browser's pop-up blocker may have stopped them)"
        )),
        None => {}
    }
    let unasked = evidence.host_loads.saturating_sub(evidence.suite_opens);
    if unasked > 0 {
        said.push(format!(
            "reloaded or navigated the host page {unasked} time(s)"
        ));
    }
    if let Some(to) = &evidence.moved_to {
        said.push(format!("navigated the host page away, to {to}"));
    }
    let moves: u32 = evidence
        .records
        .iter()
        .map(|r| r.address_change_count)
        .sum();
    if let Some((from, to)) = evidence
        .records
        .iter()
        .flat_map(|r| &r.address_changes)
        .next()
    {
        said.push(format!(
            "changed the host page's address {moves} time(s) without loading a page (history or fragment): from {from} to {to}"
        ));
    }
    let history: u32 = evidence.records.iter().map(|r| r.history_call_count).sum();
    if history > 0 {
        let which = each_once(evidence.records.iter().flat_map(|r| &r.history_calls));
        said.push(format!(
            "changed the host page's history in place {history} time(s) ({}), which the site's Back button and router then meet",
            which.join(", ")
        ));
    }
    let swallowed = each_once(evidence.records.iter().flat_map(|r| &r.swallowed));
    if !swallowed.is_empty() {
        said.push(format!(
            "swallowed the site's own events: {}",
            swallowed.join(", ")
        ));
    }
    let focus = each_once(evidence.records.iter().flat_map(|r| &r.focus_taken));
    if !focus.is_empty() {
        said.push(format!(
            "took the keyboard focus from the site while its panel was closed and the visitor had not acted ({})",
            focus.join(", ")
        ));
    }
    if let Some(prompt) = &evidence.leave_prompt {
        said.push(prompt.clone());
    }
    let changes: u32 = evidence.records.iter().map(|r| r.change_count).sum();
    if changes > 0 {
        let mut first: Vec<&str> = Vec::new();
        for change in evidence.records.iter().flat_map(|r| &r.changes) {
            if first.len() < 3 && !first.contains(&change.as_str()) {
                first.push(change);
            }
        }
        said.push(format!(
            "changed the site's own elements {changes} time(s): {}",
            first.join("; ")
        ));
    }
    (!said.is_empty()).then(|| Breach {
        spec: "I7",
        words: format!("the widget {}", said.join("; ")),
    })
}

/// What grew while the page sat open with nothing happening ([`Evidence::idle_footprint`]):
/// the site's storage at all (nothing the widget keeps there needs to grow then), the page's
/// elements in each half of the wait (a panel built late grows once; a list appended to on
/// every poll grows in both).
fn idle_growth(footprint: &[Footprint]) -> Vec<String> {
    let (Some(first), Some(last)) = (footprint.first(), footprint.last()) else {
        return Vec::new();
    };
    let mut said = Vec::new();
    if last.storage_bytes > first.storage_bytes {
        said.push(format!(
            "kept more in the host site's storage while the page sat open with nothing happening ({} bytes, then {} bytes in localStorage and sessionStorage): a footprint that grows without bound",
            thousands(first.storage_bytes as u64),
            thousands(last.storage_bytes as u64)
        ));
    }
    if footprint.len() > 2 && footprint.windows(2).all(|w| w[1].elements > w[0].elements) {
        let counts: Vec<String> = footprint
            .iter()
            .map(|f| thousands(f.elements as u64))
            .collect();
        said.push(format!(
            "added elements to the page all the while it sat open with nothing happening ({} elements, at the start, halfway and the end): a footprint that grows without bound",
            counts.join(", then ")
        ));
    }
    said
}

/// The distinct strings of `words`, in the order first seen (the records of several page
/// loads say the same thing).
fn each_once<'a>(words: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for w in words {
        if !out.contains(&w.as_str()) {
            out.push(w);
        }
    }
    out
}

fn i8(evidence: &Evidence) -> Option<Breach> {
    let mut said = Vec::new();
    said.extend(idle_growth(&evidence.idle_footprint));
    let allowed = |name: &str| {
        crate::browser::cookies::SESSION_COOKIES.contains(&name)
            || evidence.allowed_cookies.iter().any(|a| a == name)
    };
    let extra: Vec<&str> = evidence
        .cookies
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !allowed(name))
        .collect();
    if !extra.is_empty() {
        let shown: Vec<&str> = extra.iter().take(5).copied().collect();
        said.push(format!(
            "set {} cookie(s) on the host site besides C1's three: {}{}",
            extra.len(),
            shown.join(", "),
            if extra.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    for (name, size) in &evidence.cookies {
        if *size >= COOKIE_LIMIT_BYTES && allowed(name) {
            said.push(format!(
                "set the cookie {name} at {} bytes (under 4 KB allowed)",
                thousands(*size as u64)
            ));
        }
    }
    if let Some((route, count)) = busiest_route(&evidence.calls) {
        said.push(format!(
            "called {route} {} times within {} s ({CALLS_PER_WINDOW} allowed)",
            thousands(count as u64),
            CALL_WINDOW_MS / 1000
        ));
    }
    (!said.is_empty()).then(|| Breach {
        spec: "I8",
        words: format!("the widget {}", said.join("; ")),
    })
}

/// The route called most often within any [`CALL_WINDOW_MS`], when that is over the limit.
pub fn busiest_route(calls: &[ApiCall]) -> Option<(String, usize)> {
    let mut by_route: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for call in calls {
        by_route.entry(&call.route).or_default().push(call.at_ms);
    }
    by_route
        .into_iter()
        .map(|(route, mut times)| {
            times.sort_unstable();
            let mut most = 0;
            let mut first = 0;
            for (i, &t) in times.iter().enumerate() {
                while t - times[first] >= CALL_WINDOW_MS {
                    first += 1;
                }
                most = most.max(i + 1 - first);
            }
            (route.to_owned(), most)
        })
        .filter(|(_, most)| *most > CALLS_PER_WINDOW)
        .max_by_key(|(_, most)| *most)
}

/// True when the page at `now` is another page than the one the suite opened at `opened`:
/// another origin or path (a query the browser spells otherwise is the same page; a reload of
/// the same page is counted from the documents the site served).
pub fn left_the_page(opened: &str, now: &str) -> bool {
    match (url::Url::parse(opened), url::Url::parse(now)) {
        (Ok(a), Ok(b)) => a.origin() != b.origin() || a.path() != b.path(),
        _ => opened != now,
    }
}

/// The statement of I6–I8 a message made by [`after_check_failure`] or
/// [`crate::pages::page_health::PageTrouble::as_breach`] starts with (`I7: the widget …`).
pub fn statement_of(message: &str) -> Option<&'static str> {
    ["I6", "I7", "I8"]
        .into_iter()
        .find(|spec| message.starts_with(&format!("{spec}: ")))
}

/// `5012` → `5,012`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
