//! The World's reads of the widget in the browser: the contact it shows, its state
//! properties, and what it threw into the host page (its session cookies are in
//! `session_cookies.rs`).

use std::time::Duration;

use super::HerodeskWorld;
use crate::{
    backend::{Entry, PAGE_ERRORS_ROUTE},
    browser::wait::{Probe, until},
    error::Result,
    pages::{
        herodesk::{self, HerodeskState},
        host_watch::{self, PageError},
        widget_frame::{self, ContactView},
    },
};

impl HerodeskWorld {
    /// Waits until the widget shows a contact in `state` (e.g. `verified`).
    ///
    /// # Errors
    /// A timeout that says what the widget showed instead.
    pub async fn wait_for_contact_state(&mut self, state: &str) -> Result<ContactView> {
        let client = self.client().await?.clone();
        self.react(
            &format!("the widget to show a contact in state `{state}`"),
            || contact_in_state(&client, state),
        )
        .await
    }

    /// [`Self::wait_for_contact_state`] with an explicit timeout (for scenarios that wait out
    /// the widget's own timeout).
    ///
    /// # Errors
    /// A timeout that says what the widget showed instead.
    pub async fn wait_for_contact_state_within(
        &mut self,
        state: &str,
        timeout: Duration,
    ) -> Result<ContactView> {
        let client = self.client().await?.clone();
        until(
            &format!("the widget to show a contact in state `{state}`"),
            timeout,
            || contact_in_state(&client, state),
        )
        .await
    }

    /// Requests the browser made to the widget-facing API after `after_seq`, once they have
    /// stopped coming for a moment (the unread poll may keep adding; only the count of
    /// identify calls is waited on to settle).
    ///
    /// # Errors
    /// [`SuiteError::Mock`].
    pub async fn widget_requests(&self, after_seq: u64) -> Result<Vec<Entry>> {
        self.settled_identify_calls(after_seq).await?;
        Ok(self
            .suite
            .backend
            .journal(&self.workspace.widget_id, None, after_seq)
            .await?
            .into_iter()
            .filter(|e| {
                e.server == "api" && e.path.starts_with("/widget/") && e.method != "OPTIONS"
            })
            .collect())
    }

    /// Waits until `Herodesk`'s state satisfies `check`.
    ///
    /// # Errors
    /// A timeout that shows the state last read.
    pub async fn wait_for_state(
        &mut self,
        what: &str,
        check: impl Fn(&HerodeskState) -> bool,
    ) -> Result<HerodeskState> {
        let client = self.client().await?.clone();
        self.react(what, || async {
            let s = herodesk::state(&client).await?;
            Ok(if check(&s) {
                Probe::Ready(s)
            } else {
                Probe::NotYet(format!("{s:?}"))
            })
        })
        .await
    }

    /// Watches that `Herodesk.isBooted` stays false (E1: a boot that must not be
    /// processed): a negative check ([`Self::watch_never`]).
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] with what it became.
    pub async fn watch_is_booted_stays_false(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.watch_never("Herodesk.isBooted to stay false", || async {
            let state = herodesk::state(&client).await?;
            Ok((state.is_booted != Some(false))
                .then(|| format!("it became {}", herodesk::in_words(state.is_booted))))
        })
        .await
    }

    /// Uncaught errors and unhandled rejections that reached the host page on any page load
    /// of this scenario, except those the host page raised on purpose (spec I4): the widget's.
    /// Earlier page loads reported theirs to the journal; the page in the browser now is read
    /// directly, so its latest errors are not missed.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] or a WebDriver error.
    pub async fn widget_errors(&self) -> Result<Vec<PageError>> {
        let (current, mut errors) = match self.open_client() {
            Some(client) => {
                let read = host_watch::page_errors(client).await?;
                (read.page, read.errors)
            }
            None => (None, Vec::new()),
        };
        let reported = self
            .suite
            .backend
            .journal(&self.workspace.widget_id, Some(PAGE_ERRORS_ROUTE), 0)
            .await?;
        let earlier = reported
            .iter()
            .filter_map(|e| serde_json::from_str::<PageError>(&e.body).ok())
            .filter(|e| current.as_deref() != Some(e.page.as_str()));
        errors.splice(0..0, earlier);
        errors.retain(|e| !e.is_host_noise());
        Ok(errors)
    }
}

/// Whether the widget shows a contact in `state`, and what it shows otherwise.
async fn contact_in_state(client: &fantoccini::Client, state: &str) -> Result<Probe<ContactView>> {
    Ok(match widget_frame::contact(client).await? {
        Some(view) if view.state == state => Probe::Ready(view),
        Some(view) => Probe::NotYet(format!("state `{}` for `{}`", view.state, view.email)),
        None => Probe::NotYet("no widget iframe or contact element yet".into()),
    })
}
