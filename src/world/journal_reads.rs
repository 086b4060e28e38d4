//! The World's questions to the mock's journal: marks, the widget's calls in this scenario,
//! counts read only once they have settled, and whether its requests carried the booted
//! identity (D2).

use std::time::Duration;

use super::{HerodeskWorld, QUIET};
use crate::{
    backend::{CallReads, Entry, IDENTIFY_ROUTE, UNREAD_ROUTE, identify_email},
    browser::wait::{DEFAULT_TIMEOUT, Probe, settled, until},
    error::Result,
};

impl HerodeskWorld {
    /// Waits until a call to `route` made since the mark is in flight (asked, not answered):
    /// a step that must act while the backend holds a call starts only once the call exists.
    ///
    /// # Errors
    /// A timeout naming the route; [`SuiteError::Mock`].
    pub async fn wait_for_in_flight(&self, route: &str) -> Result<()> {
        self.react(&format!("a call to {route} in flight"), || async {
            let calls = self
                .suite
                .backend
                .journal(&self.workspace.widget_id, Some(route), self.mark)
                .await?;
            Ok(Probe::ready_if(calls.iter().any(|c| c.in_flight), || {
                format!("{} call(s), none in flight", calls.len())
            }))
        })
        .await
    }

    /// Watches that the widget makes no request carrying a contact's session from now on: after
    /// a sign-out the anonymous visitor has no session, so nothing of the last contact may be
    /// asked for in their name (D2, F5). A "never" ([`Self::watch_never`]): the page's timers
    /// within the horizon run on the page clock, a poll among them.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] naming the first such request; mock errors.
    pub async fn watch_no_session_requests(&mut self) -> Result<()> {
        let backend = self.suite.backend.clone();
        let wid = self.workspace.widget_id.clone();
        let after = backend.journal_mark(&wid).await?;
        self.watch_never("no request with a contact's session", || async {
            Ok(backend
                .journal(&wid, None, after)
                .await?
                .into_iter()
                .filter(|e| e.server == "api" && e.method != "OPTIONS")
                .find_map(|e| {
                    e.session_contact().map(|contact| {
                        format!(
                            "the widget called {} with the session of contact {contact} after the \
                             page had signed that contact out",
                            e.route
                        )
                    })
                }))
        })
        .await
    }

    /// Takes a journal mark: later counts "since the mark" ignore what came before.
    ///
    /// # Errors
    /// [`SuiteError::Mock`].
    pub async fn mark_journal(&mut self) -> Result<()> {
        self.mark = self
            .suite
            .backend
            .journal_mark(&self.workspace.widget_id)
            .await?;
        Ok(())
    }

    /// Opens the page of `visit` as a new visit: the journal is marked first, so the counts a
    /// later step asks for ("exactly 1 identify call") are of this visit's calls only.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Mock`] when the journal cannot be read, WebDriver errors,
    /// or a page that does not render.
    pub async fn visit(&mut self, visit: &crate::pages::host_page::HostPageVisit) -> Result<()> {
        self.mark_journal().await?;
        self.open_page(visit).await
    }

    /// The widget's calls so far in this scenario, per route ([`crate::backend::traffic`]), read
    /// from the in-process mock's journal.
    pub fn calls(&self) -> crate::backend::traffic::CallSummary {
        let filter = herodesk_mock::journal::Filter {
            workspace: Some(self.workspace.widget_id.clone()),
            ..Default::default()
        };
        crate::backend::traffic::CallSummary {
            duration_ms: u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            ..crate::backend::traffic::CallSummary::of(
                &self.suite.mock.state.journal.entries(&filter),
            )
        }
    }

    /// The widget's calls since the journal mark that the backend refused as unauthorised
    /// (401): a session it did not accept.
    ///
    /// # Errors
    /// [`SuiteError::Mock`].
    pub async fn refused_calls_since_mark(&self) -> Result<Vec<Entry>> {
        let mut calls = self
            .suite
            .backend
            .widget_calls(&self.workspace.widget_id, self.mark)
            .await?;
        calls.retain(|e| e.status == 401);
        Ok(calls)
    }

    /// The widget's calls after `after_seq` besides the unread poll (whose count depends on
    /// how long the steps took: G3's rate, not a budget), once their number has settled (a
    /// negative check's read, "at most N calls": [`settled`]).
    ///
    /// # Errors
    /// [`SuiteError::Mock`], or a timeout when calls keep coming.
    pub async fn settled_calls_besides_the_poll(&self, after_seq: u64) -> Result<Vec<Entry>> {
        let backend = &self.suite.backend;
        let wid = &self.workspace.widget_id;
        let read = || async {
            let mut calls = backend.widget_calls(wid, after_seq).await?;
            calls.retain(|e| e.route != UNREAD_ROUTE);
            Ok(calls)
        };
        settled(
            "the number of the widget's calls",
            QUIET,
            DEFAULT_TIMEOUT,
            || async { Ok(read().await?.len()) },
        )
        .await?;
        read().await
    }

    /// The widget's unread polls in the first `window` of the page load that began after the
    /// journal mark; waits for the window to end (the statement's own time, G3).
    ///
    /// # Errors
    /// [`SuiteError::Mock`], or no page load after the mark.
    pub async fn unread_polls_in_first(&self, window: Duration) -> Result<Vec<Entry>> {
        self.suite
            .backend
            .widget_calls_in_window(&self.workspace.widget_id, self.mark, UNREAD_ROUTE, window)
            .await
    }

    /// Waits until the widget has made a request to the widget-facing API after `after_seq`.
    /// Not a reaction wait: on a page load restored from cookies the first request may be
    /// the unread poll (C4), which follows the widget's poll (G3), so the wait is the full
    /// [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    /// A timeout when no request comes; [`SuiteError::Mock`].
    pub async fn wait_for_a_widget_request(&self, after_seq: u64) -> Result<()> {
        let backend = &self.suite.backend;
        let wid = &self.workspace.widget_id;
        until(
            "the widget to make a request to the backend",
            DEFAULT_TIMEOUT,
            || async {
                let n = backend
                    .journal(wid, None, after_seq)
                    .await?
                    .iter()
                    .filter(|e| e.path.starts_with("/widget/") && e.method != "OPTIONS")
                    .count();
                Ok(Probe::ready_if(n > 0, || "no widget request yet".into()))
            },
        )
        .await
    }

    /// D2's check: the email of the verified contact the widget shows, and the widget's
    /// requests after `after_seq` that carried neither that email (an identify call) nor the
    /// session of the uuid cookie as it was when the check began. Waits for the verified
    /// contact ([`Self::wait_for_contact_state`], a reaction) and for a first request
    /// ([`Self::wait_for_a_widget_request`], which may be the poll).
    ///
    /// # Errors
    /// Timeouts; WebDriver or mock errors.
    pub async fn requests_without_the_booted_identity(
        &mut self,
        after_seq: u64,
    ) -> Result<(String, Vec<String>)> {
        let uuid = self.contact_uuid_cookie().await?;
        let email = self
            .wait_for_contact_state("verified")
            .await?
            .email
            .to_lowercase();
        self.wait_for_a_widget_request(after_seq).await?;
        let anonymous = self
            .widget_requests(after_seq)
            .await?
            .iter()
            .filter(|r| {
                let by_email = identify_email(r).as_deref() == Some(email.as_str());
                let by_session = uuid.is_some() && r.session_contact() == uuid.as_deref();
                !(by_email || by_session)
            })
            .map(|r| format!("{} {}", r.route, r.body))
            .collect();
        Ok((email, anonymous))
    }

    /// Identify calls after `after_seq`, once the count has settled.
    ///
    /// # Errors
    /// [`SuiteError::Mock`], or a timeout when calls keep coming.
    pub async fn settled_identify_calls(
        &self,
        after_seq: u64,
    ) -> Result<Vec<herodesk_mock::journal::Entry>> {
        let backend = &self.suite.backend;
        let wid = &self.workspace.widget_id;
        let count = settled(
            "the number of identify calls",
            QUIET,
            DEFAULT_TIMEOUT,
            || async {
                Ok(backend
                    .journal(wid, Some(IDENTIFY_ROUTE), after_seq)
                    .await?
                    .len())
            },
        )
        .await?;
        let calls = backend
            .journal(wid, Some(IDENTIFY_ROUTE), after_seq)
            .await?;
        debug_assert!(calls.len() >= count);
        Ok(calls)
    }
}
