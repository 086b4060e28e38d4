//! The World's questions to the mock's journal: marks, the widget's calls in this scenario,
//! counts read only once they have settled.

use std::time::Duration;

use super::{HerodeskWorld, QUIET};
use crate::{
    backend::{Entry, IDENTIFY_ROUTE},
    browser::wait::{DEFAULT_TIMEOUT, Probe, settled},
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

    /// The widget's calls after `after_seq`, except those of the `besides` routes, once their
    /// number has settled.
    ///
    /// # Errors
    /// [`SuiteError::Mock`], or a timeout when calls keep coming.
    pub async fn settled_widget_calls(
        &self,
        after_seq: u64,
        besides: &[&str],
    ) -> Result<Vec<Entry>> {
        let backend = &self.suite.backend;
        let wid = &self.workspace.widget_id;
        let read = || async {
            let mut calls = backend.widget_calls(wid, after_seq).await?;
            calls.retain(|e| !besides.contains(&e.route.as_str()));
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

    /// The widget's calls of `route` in the first `window` of the page load that began after
    /// the journal mark; waits for the window to end.
    ///
    /// # Errors
    /// [`SuiteError::Mock`], or no page load after the mark.
    pub async fn calls_in_first(&self, route: &str, window: Duration) -> Result<Vec<Entry>> {
        self.suite
            .backend
            .widget_calls_in_window(&self.workspace.widget_id, self.mark, route, window)
            .await
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
