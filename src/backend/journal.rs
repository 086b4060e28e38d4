//! The workspace's journal through the admin API: entries after a mark, the widget's own calls,
//! and the calls within a time window.

use std::time::Duration;

use super::{Backend, Entry};
use crate::error::{Result, SuiteError};

impl Backend {
    /// The workspace's journal entries for `route` (all routes when `None`) after `after_seq`.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn journal(
        &self,
        wid: &str,
        route: Option<&str>,
        after_seq: u64,
    ) -> Result<Vec<Entry>> {
        let mut query = vec![("after_seq", after_seq.to_string())];
        if let Some(route) = route {
            query.push(("route", route.to_owned()));
        }
        let request = self
            .http
            .get(format!("{}/admin/workspaces/{wid}/journal", self.api_url))
            .query(&query);
        self.send_checked(request, "reading the journal")
            .await?
            .json()
            .await
            .map_err(Self::mock_error)
    }

    /// The widget's own calls ([`crate::backend::traffic::is_widget_call`]) of the workspace after
    /// `after_seq`, in order of arrival.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn widget_calls(&self, wid: &str, after_seq: u64) -> Result<Vec<Entry>> {
        let mut calls = self.journal(wid, None, after_seq).await?;
        calls.retain(crate::backend::traffic::is_widget_call);
        Ok(calls)
    }

    /// The widget's calls of `route` within `window` of the first request after `after_seq`
    /// (the host page's, when a step took the mark just before loading it), once the window
    /// is over: waits for its end. Returns them, and when the window began (ms since epoch).
    ///
    /// # Errors
    /// [`SuiteError::Mock`]; [`SuiteError::Expectation`] when nothing came after the mark.
    pub async fn widget_calls_in_window(
        &self,
        wid: &str,
        after_seq: u64,
        route: &str,
        window: Duration,
    ) -> Result<Vec<Entry>> {
        let start = self
            .journal(wid, None, after_seq)
            .await?
            .first()
            .map(|e| e.at_ms)
            .ok_or_else(|| {
                SuiteError::Expectation("no request reached the backend after the mark".into())
            })?;
        let end = start + u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        // Not a condition: the budget is a number of calls in this much time, so the window
        // must have passed before they are counted.
        if end > now {
            tokio::time::sleep(Duration::from_millis(end - now)).await;
        }
        let mut calls = self.widget_calls(wid, after_seq).await?;
        calls.retain(|e| e.route == route && e.at_ms < end);
        Ok(calls)
    }

    /// The highest journal sequence number of the workspace so far (0 when empty): a mark
    /// to count "calls since".
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when the admin API does not answer.
    pub async fn journal_mark(&self, wid: &str) -> Result<u64> {
        Ok(self
            .journal(wid, None, 0)
            .await?
            .last()
            .map(|e| e.seq)
            .unwrap_or(0))
    }
}
