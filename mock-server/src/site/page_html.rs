//! The host page's HTML, from the askama template `mock-server/templates/host/page.html`:
//! the page's own scripts (by nonce, so a strict policy allows them), the queue stub and the
//! calls, and the widget script where the layout puts it. Text is auto-escaped; the scripts
//! are written as they are, and every value inside them comes from `script_json`.

use askama::Template;
use serde_json::json;

use super::{
    encode::{script_json, url_encode},
    page_clock::{PAGE_CLOCK, PageClock},
    page_profile::{self, GUEST_WATCH, PAGE_WATCH, Profile, SNAPSHOT},
    placement::Placement,
};

/// Calls `show` the moment `isReady` turns true, noting whether the iframe existed then (E2).
const SHOW_WHEN_READY: &str = include_str!("scripts/show_when_ready.js");
/// Right after the widget script: notes whether a widget already ready has its iframe (E2).
const READY_AFTER_SCRIPT: &str = include_str!("scripts/ready_after_script.js");

/// Where the widget script stands relative to the page's own calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Queue stub and calls first, script last (the documented pre-authentication snippet),
    /// placed in the body, in `<head>` or by a late loader.
    Stub(Placement),
    /// Script first, calls after it, no stub (the documented message and z-index examples).
    ScriptFirst,
    /// Script first and the calls right after it, both in `<head>`: the calls reach the widget
    /// before `<body>` exists (D3).
    ScriptFirstInHead,
}

/// Everything one host page is made of.
pub struct Page<'a> {
    /// The API origin, where `livechat.js` is served.
    pub api_url: &'a str,
    /// The workspace's widget id.
    pub wid: &'a str,
    /// The page's calls to `Herodesk` (recorders, boot, queued commands), as script text.
    pub calls: &'a str,
    /// The signed-in user's email, shown on the page.
    pub user: Option<&'a str>,
    /// A notice for the page's user (the token could not be fetched), or empty.
    pub notice: &'a str,
    /// Where the script goes.
    pub layout: Layout,
    /// What kind of customer page it is (spec I).
    pub profile: Profile,
    /// Add the script that calls `show` the moment `isReady` turns true.
    pub show_when_ready: bool,
    /// This response's nonce for the page's own scripts.
    pub nonce: String,
    /// Whose clock the page's timers follow: a virtual one goes in right after the guest
    /// watch, before every script of the profile and the widget.
    pub clock: PageClock,
    /// The page's `Date` runs this many days ahead of the browser's (a later visit).
    pub days_later: Option<u32>,
}

/// `?days_later=N`: the page's `Date` N days ahead (`__DAYS__` is N).
const DAYS_LATER: &str = include_str!("scripts/days_later.js");

/// One `<script>` element of the page.
enum Script {
    /// An inline script, allowed by the page's nonce.
    Inline(String),
    /// The widget script, loaded with `crossorigin` so its errors keep message and source.
    Src(String),
}

#[derive(Template)]
#[template(path = "host/page.html")]
struct PageHtml<'a> {
    nonce: &'a str,
    wid: &'a str,
    user: Option<&'a str>,
    notice: &'a str,
    head: Vec<Script>,
    body: Vec<Script>,
}

impl Page<'_> {
    /// The page's HTML.
    pub fn render(&self) -> String {
        let wid_in_url = url_encode(self.wid);
        // The page's identity for its error beacons: which page of the scenario an error
        // came from.
        let host_page = json!({
            "id": page_profile::nonce(),
            "wid": self.wid,
            "errorsUrl": page_profile::errors_path(&wid_in_url),
            "guestUrl": page_profile::guest_report_path(&wid_in_url),
            "guestWorkerUrl": page_profile::guest_worker_path(&wid_in_url),
        });
        let inline = |js: &str| Script::Inline(js.to_owned());
        let mut head = vec![
            Script::Inline(format!("window.hostPage = {};\n", script_json(&host_page))),
            inline(PAGE_WATCH),
            inline(GUEST_WATCH),
        ];
        // The E2 check keeps the real timers: it must come before the page clock.
        if self.show_when_ready {
            head.push(inline(SHOW_WHEN_READY));
        }
        if let Some(days) = self.days_later {
            head.push(inline(&DAYS_LATER.replace("__DAYS__", &days.to_string())));
        }
        if self.clock == PageClock::Virtual {
            head.push(inline(PAGE_CLOCK));
        }
        head.extend(self.profile.before_widget().iter().map(|js| inline(js)));
        let src = format!("{}/livechat.js?wid={wid_in_url}", self.api_url);
        let stub = Script::Inline(format!(
            "// Queue stub — must be placed before the widget script
window.Herodesk = window.Herodesk || function() {{
  (window.Herodesk.q = window.Herodesk.q || []).push(arguments);
}};
{}",
            self.calls
        ));
        let mut body = Vec::new();
        // The widget script, and the E2 check of the moment it ends (a late loader's script
        // has no such moment a script of the page could follow).
        let mut widget = vec![Script::Src(src.clone())];
        if self.show_when_ready {
            widget.push(inline(READY_AFTER_SCRIPT));
        }
        match self.layout {
            Layout::Stub(Placement::Body) => {
                body.extend([stub, inline(SNAPSHOT)]);
                body.extend(widget);
            }
            Layout::Stub(Placement::Head) => {
                head.extend([stub, inline(SNAPSHOT)]);
                head.extend(widget);
            }
            Layout::Stub(Placement::Late) => {
                body.extend([
                    stub,
                    inline(SNAPSHOT),
                    inline(&Placement::late_loader(&src)),
                ]);
            }
            Layout::ScriptFirst => {
                body.push(inline(SNAPSHOT));
                body.extend(widget);
                body.push(inline(self.calls));
            }
            Layout::ScriptFirstInHead => {
                head.push(inline(SNAPSHOT));
                head.extend(widget);
                head.push(inline(self.calls));
            }
        }
        body.extend(self.profile.after_widget().iter().map(|js| inline(js)));
        PageHtml {
            nonce: &self.nonce,
            wid: self.wid,
            user: self.user,
            notice: self.notice,
            head,
            body,
        }
        .render()
        .unwrap_or_else(|e| format!("<!doctype html><p>page could not be rendered: {e}</p>"))
    }
}
