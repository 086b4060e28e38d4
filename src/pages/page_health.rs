//! What went wrong with the page itself, beyond what a step expected: a native dialog the
//! widget opened, a page that stopped answering (a widget blocking the main thread), a page
//! the widget navigated away from. Asked when a scenario failed and by the preflight, so the
//! verdict names the real cause in plain words instead of a timeout or a raw driver error.

use std::{fmt, time::Duration};

use fantoccini::Client;

/// How long the page gets to answer a trivial script before it counts as stopped.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// Trouble with the page, each the widget's doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageTrouble {
    /// A native dialog (`alert`, `confirm`, `prompt`) is open, with its text.
    Dialog(String),
    /// The page did not answer a trivial script in time.
    Unresponsive,
    /// The browser is no longer on the host page.
    LeftHostPage(String),
    /// The page crashed or its browser is gone (the driver's words). A page that used too
    /// much memory ends this way; so does a browser the machine killed. Whose fault it was is
    /// told by a second try in a new browser ([`crate::crash_retry`]).
    Crashed(String),
}

impl PageTrouble {
    /// True when the browser should not be reused (its page is stuck).
    pub fn spoils_the_browser(&self) -> bool {
        matches!(self, Self::Unresponsive | Self::Crashed(_))
    }

    /// The trouble as a bad guest's breach, where it is one (spec I6: a page held until it
    /// stops answering; I7: a page the widget left), in words that follow "I6: ".
    pub fn as_breach(&self) -> Option<String> {
        match self {
            Self::Unresponsive => Some(format!(
                "I6: the widget held the host page's main thread: {self}"
            )),
            // The after-scenario check's words (`guest::failure`), so a verdict says it one way.
            Self::LeftHostPage(url) => Some(format!(
                "I7: the widget navigated the host page away, to {url}"
            )),
            _ => None,
        }
    }
}

impl fmt::Display for PageTrouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dialog(text) => write!(f, "the widget opened a native dialog: {text:?}"),
            Self::Unresponsive => write!(
                f,
                "the page stopped answering for {} s (does the widget block the main thread?)",
                // Two waits: see `stuck_or_crashing`.
                2 * ANSWER_WITHIN.as_secs()
            ),
            Self::LeftHostPage(url) => write!(f, "the page left the host page (now at {url})"),
            Self::Crashed(why) => write!(f, "the page crashed or its browser was lost ({why})"),
        }
    }
}

/// What a raw WebDriver error in a step's failure means for the page, in plain words: an
/// element or frame that went stale was on a page that was replaced (reloaded, navigated or
/// rewritten) while the step used it, which is what a bad guest does to the page.
pub fn explain_driver_words(message: &str) -> Option<&'static str> {
    let lower = message.to_ascii_lowercase();
    if lower.contains("stale element") || lower.contains("no longer attached") {
        Some(
            "an element the step used was taken out of the page under it (the page was reloaded, navigated or rewritten)",
        )
    } else if lower.contains("no such frame") || lower.contains("frame was detached") {
        Some(
            "the widget's frame the step used was removed under it (the page was reloaded, navigated or rewritten)",
        )
    } else if lower.contains("no such window") {
        Some("the window the step used was closed under it")
    } else {
        None
    }
}

/// Looks for trouble on the page `client` is on; `site_origin` is the host site's origin.
/// `None` when the page is fine.
pub async fn diagnose(client: &Client, site_origin: &str) -> Option<PageTrouble> {
    match tokio::time::timeout(ANSWER_WITHIN, client.get_alert_text()).await {
        Err(_) => return Some(stuck_or_crashing(client).await),
        Ok(Ok(text)) => {
            // Closed, so the browser can be reset and reused.
            let _ = tokio::time::timeout(ANSWER_WITHIN, client.dismiss_alert()).await;
            return Some(PageTrouble::Dialog(text));
        }
        Ok(Err(e)) if crate::error::browser_lost(&e) => {
            return Some(PageTrouble::Crashed(crate::error::driver_words(&e)));
        }
        Ok(Err(_)) => {}
    }
    match tokio::time::timeout(
        ANSWER_WITHIN,
        client.execute("return String(location.href);", vec![]),
    )
    .await
    {
        Err(_) => Some(stuck_or_crashing(client).await),
        Ok(Ok(url)) => {
            let url = url.as_str().unwrap_or_default().to_owned();
            if url.is_empty() || url.starts_with("about:tabcrashed") {
                // No navigation leads to an empty address: Firefox shows one for a moment
                // after the tab's content process died, before it quits.
                return Some(PageTrouble::Crashed(format!(
                    "the page's address became {url:?}: its content process died"
                )));
            }
            (!url.starts_with(site_origin.trim_end_matches('/')))
                .then_some(PageTrouble::LeftHostPage(url))
        }
        Ok(Err(e)) if crate::error::browser_lost(&e) => {
            Some(PageTrouble::Crashed(crate::error::driver_words(&e)))
        }
        Ok(Err(e)) if e.is_no_such_window() => {
            top_level_gone(client).await.map(PageTrouble::Crashed)
        }
        Ok(Err(_)) => None,
    }
}

/// A page that did not answer in time: stuck, or busy on its way to a crash (a page eating
/// memory answers nothing while its collector thrashes, then its tab crashes). One more
/// wait as long tells them apart.
async fn stuck_or_crashing(client: &Client) -> PageTrouble {
    match tokio::time::timeout(ANSWER_WITHIN, client.get_alert_text()).await {
        Ok(Err(e)) if crate::error::browser_lost(&e) => {
            PageTrouble::Crashed(crate::error::driver_words(&e))
        }
        _ => PageTrouble::Unresponsive,
    }
}

/// The driver's words when the tab itself is gone, not merely the frame the session was in:
/// Firefox answers "Browsing context has been discarded" the moment a tab's content process
/// dies (and quits a moment later), which is also its answer about an iframe the widget
/// removed.
async fn top_level_gone(client: &Client) -> Option<String> {
    match tokio::time::timeout(ANSWER_WITHIN, client.window()).await {
        Ok(Err(e)) if crate::error::browser_lost(&e) || e.is_no_such_window() => {
            Some(crate::error::driver_words(&e))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn troubles_say_what_happened_in_plain_words() {
        assert_eq!(
            PageTrouble::Dialog("Loaded!".into()).to_string(),
            "the widget opened a native dialog: \"Loaded!\""
        );
        assert!(
            PageTrouble::Unresponsive
                .to_string()
                .contains("block the main thread")
        );
        assert_eq!(
            PageTrouble::LeftHostPage("about:blank".into()).to_string(),
            "the page left the host page (now at about:blank)"
        );
        assert!(PageTrouble::Unresponsive.spoils_the_browser());
        assert!(PageTrouble::Crashed("tab crashed".into()).spoils_the_browser());
        assert!(!PageTrouble::Dialog("x".into()).spoils_the_browser());
    }

    #[test]
    fn raw_driver_errors_are_said_as_what_happened_to_the_page() {
        let stale = "reading the contact: stale element reference: stale element not found";
        assert!(explain_driver_words(stale).is_some_and(|w| w.contains("reloaded, navigated")));
        assert!(explain_driver_words("no such frame").is_some());
        assert_eq!(
            explain_driver_words("expected 1 identify call, saw 2"),
            None
        );
        assert_eq!(
            PageTrouble::Unresponsive
                .as_breach()
                .as_deref()
                .map(|b| &b[..4]),
            Some("I6: ")
        );
        assert!(PageTrouble::Dialog("x".into()).as_breach().is_none());
        // The preflight names a page the widget left as the after-scenario check does.
        assert_eq!(
            PageTrouble::LeftHostPage("about:blank".into())
                .as_breach()
                .as_deref(),
            Some("I7: the widget navigated the host page away, to about:blank")
        );
    }
}
