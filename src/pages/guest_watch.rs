//! What the host page's guest watch recorded of the widget (spec I6, I7), and the questions
//! about the page as the site made it that only the browser can answer: how many windows are
//! open, where the page is now, whether leaving it would prompt. The watch itself is the
//! mock's `mock-server/src/site/scripts/guest_watch.js`; this is the only code of the suite
//! that knows the names it records under.

use fantoccini::Client;
use serde::Deserialize;

use crate::error::{Result, SuiteError};

/// Main-thread gaps, the reference worker's gaps, changes to the site's elements and to the
/// page's address, as one host page load recorded them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GuestRecord {
    /// Which page load of the scenario recorded it.
    pub page: String,
    /// Gaps of the main thread's heartbeat once the page was parsed: start and end, in
    /// milliseconds since the epoch.
    pub gaps: Vec<(f64, f64)>,
    /// Gaps of the reference heartbeat in the page's worker, on the same clock.
    pub worker_gaps: Vec<(f64, f64)>,
    /// Whether the worker heartbeat ran (a page that may not start workers judges without).
    pub worker: bool,
    /// Long animation frames (Chromium only) with the scripts that ran in them.
    pub frames: Vec<LongFrame>,
    /// When the page's visibility changed, and to what.
    pub hidden: Vec<(f64, String)>,
    /// Changes to the site's own elements, in words (the first 50).
    pub changes: Vec<String>,
    /// How many changes there were in all.
    pub change_count: u32,
    /// Changes of the page's address that loaded no new page (`history.pushState`, a
    /// fragment): from and to (the first 10).
    pub address_changes: Vec<(String, String)>,
    /// How many there were in all.
    pub address_change_count: u32,
    /// Calls of `window.open`, the page's and its frames' (a pop-up blocker may have stopped
    /// them; the windows the browser holds are counted apart).
    pub window_open_count: u32,
    /// Calls of `history.pushState` and `replaceState`, the page's and its frames' (the
    /// first 10), whether or not the address changed.
    pub history_calls: Vec<String>,
    /// How many there were in all.
    pub history_call_count: u32,
    /// The site's own events (a key, a click, a wheel at its heading) a listener of the
    /// widget's stopped or cancelled, with how: asked at the end of a scenario.
    pub swallowed: Vec<String>,
    /// Where the widget took the keyboard focus while its panel was closed and the visitor
    /// had not acted (`to <iframe>`), each once.
    pub focus_taken: Vec<String>,
    /// A record of the span the page spent in its handlers as it went away (`pagehide`,
    /// `visibilitychange`), sent apart from the page's record: its only gap is that span.
    pub leaving: bool,
}

/// One long animation frame (Chromium's Long Animation Frames API).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LongFrame {
    /// Start, in milliseconds since the epoch.
    pub start: f64,
    /// How long it took, in milliseconds.
    pub duration: f64,
    /// The scripts that ran in it.
    pub scripts: Vec<FrameScript>,
}

/// A script that ran in a long animation frame.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FrameScript {
    /// The script's URL.
    pub source: String,
    /// How long it ran, in milliseconds.
    pub duration: f64,
}

/// The guest record of the page the browser is on (`None` off a host page).
///
/// # Errors
/// A WebDriver error.
pub async fn record(client: &Client) -> Result<Option<GuestRecord>> {
    // The watch compares the site's elements as they look with the widget's stylesheets on
    // and off (`checkStyles`) and gives the site's heading a few events (`checkEvents`) when
    // asked: asked here, at the end of a scenario, since doing so restyles the page for a
    // moment and the widget may react to the events.
    super::host_watch::read(
        client,
        "(window.hostGuest && typeof window.hostGuest.checkStyles === 'function' \
         && (window.hostGuest.checkStyles(), window.hostGuest.checkFields(), \
         window.hostGuest.checkEvents()), window.hostGuest)",
        "the page's guest record",
    )
    .await
}

/// Has the guest watch compare the site's elements as they look now, with the widget's
/// stylesheets on and off (`checkStyles`): what it finds is in the page's record, judged at
/// the end of the scenario. For a state the end of the scenario does not see (a narrow window).
///
/// # Errors
/// A WebDriver error.
pub async fn check_styles(client: &Client) -> Result<()> {
    client
        .execute(
            "if (window.hostGuest && typeof window.hostGuest.checkStyles === 'function') \
             window.hostGuest.checkStyles();",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver(
            "asking the guest watch to compare styles",
        ))?;
    Ok(())
}

/// The interval of the host page's main-thread heartbeat (`guest_watch.js`, `BEAT_MS`).
pub const BEAT: std::time::Duration = std::time::Duration::from_millis(50);

/// What the page the browser is on says of itself for a reaction bound: how many heartbeats
/// its main thread has run (`None` off a host page) and whether it has finished loading (its
/// scripts, the widget's among them, have run).
///
/// # Errors
/// A WebDriver error.
pub async fn liveliness(client: &Client) -> Result<Liveliness> {
    // A string, not an object: a page that extends `Object.prototype` (spec I2's polluted
    // profile) makes WebKitWebDriver refuse to send an object back ("cannot serialize cyclic
    // structures"), which would charge the page's own habits to the widget.
    let v = client
        .execute(
            "var g = window.hostGuest;
             return String(g && typeof g.beats === 'number' ? g.beats : -1) + ' '
                  + String(document.readyState === 'complete');",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver("reading the page's heartbeat"))?;
    v.as_str().and_then(Liveliness::parse).ok_or_else(|| {
        SuiteError::Expectation(format!("the page's heartbeat is not readable: {v}"))
    })
}

/// How much the page has run and whether it has loaded ([`liveliness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Liveliness {
    /// Heartbeats of the main thread since the page's guest watch started.
    pub beats: Option<u64>,
    /// `document.readyState` is `complete`.
    pub loaded: bool,
}

impl Liveliness {
    /// Reads what [`liveliness`]'s script returns: the beats (`-1` for none) and whether the
    /// page has loaded, separated by a space.
    fn parse(text: &str) -> Option<Self> {
        let (beats, loaded) = text.split_once(' ')?;
        let beats: i64 = beats.parse().ok()?;
        Some(Self {
            beats: u64::try_from(beats).ok(),
            loaded: loaded.parse().ok()?,
        })
    }
}

/// How many windows and tabs the browser has open.
///
/// # Errors
/// A WebDriver error.
pub async fn window_count(client: &Client) -> Result<usize> {
    client
        .windows()
        .await
        .map(|w| w.len())
        .map_err(SuiteError::webdriver("counting the browser's windows"))
}

/// The address of the page the browser is on.
///
/// # Errors
/// A WebDriver error.
pub async fn address(client: &Client) -> Result<String> {
    client
        .current_url()
        .await
        .map(|u| u.to_string())
        .map_err(SuiteError::webdriver("reading the page's address"))
}

/// What leaving the page would do: a `beforeunload` event is dispatched to the page as the
/// browser would dispatch it, and `Some(words)` says how a handler asked the visitor to stay
/// (the drivers accept the real prompt silently, so it is asked of the page itself), as
/// words that follow "the widget".
/// Handlers run: ask this last.
///
/// # Errors
/// A WebDriver error.
pub async fn leave_prompt(client: &Client) -> Result<Option<String>> {
    let answer = client
        .execute(
            "var e;
             try { e = document.createEvent('BeforeUnloadEvent'); }
             catch (x) { return null; }
             e.initEvent('beforeunload', false, true);
             var dispatched = window.dispatchEvent(e);
             var value = e.returnValue;
             var said = value === undefined || value === null ? '' : String(value);
             return JSON.stringify({ canceled: e.defaultPrevented || !dispatched, said: said });",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver("asking the page about leaving it"))?;
    #[derive(Deserialize)]
    struct Leave {
        canceled: bool,
        said: String,
    }
    let Some(text) = answer.as_str() else {
        return Ok(None);
    };
    let leave: Leave = serde_json::from_str(text)
        .map_err(|e| SuiteError::Expectation(format!("the page's answer is unreadable: {e}")))?;
    Ok(match (leave.canceled, leave.said.is_empty()) {
        (false, true) => None,
        (_, false) => Some(format!(
            "asks the visitor to confirm leaving the page (its `beforeunload` handler sets {:?})",
            leave.said
        )),
        (true, true) => Some(
            "asks the visitor to confirm leaving the page (its `beforeunload` handler cancels the unload)"
                .to_owned(),
        ),
    })
}

/// What the widget may keep on the host site while a page sits open (spec I8), read at
/// once: what its storage holds and how many elements the page has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Footprint {
    /// Bytes (keys and values, in UTF-16 code units) the host site's `localStorage` and
    /// `sessionStorage` hold; 0 for a store the page may not use.
    pub storage_bytes: usize,
    /// Elements of the page's document and of the documents of its frames the page may read
    /// (a frame of another origin counts as its `<iframe>` alone).
    pub elements: usize,
}

/// The host page's [`Footprint`] now.
///
/// # Errors
/// A WebDriver error, or an answer that is not a footprint.
pub async fn footprint(client: &Client) -> Result<Footprint> {
    let v = client
        .execute(
            "var storage = 0;
             ['localStorage', 'sessionStorage'].forEach(function (name) {
               try {
                 var store = window[name];
                 for (var i = 0; i < store.length; i++) {
                   var key = store.key(i);
                   storage += key.length + String(store.getItem(key)).length;
                 }
               } catch (e) { /* a store the page may not use */ }
             });
             function elements(doc) {
               var all = doc.getElementsByTagName('*'), n = all.length;
               Array.prototype.forEach.call(doc.getElementsByTagName('iframe'), function (f) {
                 try { if (f.contentDocument) n += elements(f.contentDocument); }
                 catch (e) { /* a frame of another origin */ }
               });
               return n;
             }
             return JSON.stringify({ storage_bytes: storage, elements: elements(document) });",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver(
            "reading the host site's storage and elements",
        ))?;
    v.as_str()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or_else(|| SuiteError::Expectation(format!("the page's footprint is unreadable: {v}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heartbeat_words_read_back_and_anything_else_is_unreadable() {
        assert_eq!(
            Liveliness::parse("42 true"),
            Some(Liveliness {
                beats: Some(42),
                loaded: true
            })
        );
        assert_eq!(
            Liveliness::parse("-1 false"),
            Some(Liveliness {
                beats: None,
                loaded: false
            })
        );
        assert_eq!(Liveliness::parse("42"), None);
        assert_eq!(Liveliness::parse("x true"), None);
    }
}
