//! The World's reads of the widget's callbacks as the host page's recorders saw them: show
//! and hide, onUserEmailSupplied, onUnreadCountChange, several callbacks per event. An event
//! fired in answer to a command, a click, a typed email or an identify answer is a reaction
//! ([`HerodeskWorld::react`]); an unread-count event follows the widget's poll, whose rate the
//! contract does not bound (G3), so a wait for one keeps the full [`DEFAULT_TIMEOUT`].

use std::time::Duration;

use super::HerodeskWorld;
use crate::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, holds, settled, until},
    error::Result,
    pages::host_page,
};

/// How long an event count must hold before "exactly once" is believed.
const EVENT_QUIET: Duration = Duration::from_millis(800);

impl HerodeskWorld {
    /// Waits until the page has seen at least `n` show/hide events and returns them all, in
    /// order (the caller compares order and content). onShow and onHide are reactions to
    /// `show`, `hide` and clicks: [`Self::react`].
    ///
    /// # Errors
    /// A timeout showing the events seen; WebDriver errors.
    pub async fn wait_for_show_hide_events(&mut self, n: usize) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        self.react(
            &format!("the page to see {n} show/hide event(s)"),
            || async {
                let seen: Vec<String> = host_page::recorded_events(&client)
                    .await?
                    .into_iter()
                    .filter(|e| e == "show" || e == "hide")
                    .collect();
                Ok(if seen.len() >= n {
                    Probe::Ready(seen)
                } else {
                    Probe::NotYet(format!("{seen:?}"))
                })
            },
        )
        .await
    }

    /// Waits until the last onUnreadCountChange the page saw was `count`. Not a reaction: the
    /// count follows the widget's unread poll (G3), so the wait is the full
    /// [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    /// A timeout showing the unread events seen; WebDriver errors.
    pub async fn wait_for_unread_count_event(&mut self, count: u64) -> Result<()> {
        let client = self.client().await?.clone();
        let wanted = format!("unread:{count}");
        until(
            &format!("onUnreadCountChange({count})"),
            DEFAULT_TIMEOUT,
            || async {
                let unread = host_page::recorded_unread_events(&client).await?;
                Ok(Probe::ready_if(unread.last() == Some(&wanted), || {
                    format!("{unread:?}")
                }))
            },
        )
        .await
    }

    /// Watches for `time` (the statement's own time) that no onUnreadCountChange repeats the
    /// count before it (G3: on changes only). A negative check ([`holds`]) over the time the
    /// step names.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] with the events, the moment one repeats.
    pub async fn watch_unread_changes_only(&mut self, time: Duration) -> Result<()> {
        let client = self.client().await?.clone();
        holds("onUnreadCountChange on changes only", time, || async {
            let unread = host_page::recorded_unread_events(&client).await?;
            Ok(unread
                .windows(2)
                .any(|pair| pair[0] == pair[1])
                .then(|| format!("the page saw {unread:?}")))
        })
        .await
    }

    /// How many times onUserEmailSupplied fired: waits for `at_least` (a reaction to a typed
    /// email or a boot: [`Self::react`]), then for the count to stay the same for a moment
    /// (a negative check on a second one: [`settled`]).
    ///
    /// # Errors
    /// A timeout when it never fires or the count keeps changing; WebDriver errors.
    pub async fn email_supplied_count(&mut self, at_least: usize) -> Result<usize> {
        let client = self.client().await?.clone();
        let count = || async {
            Ok(host_page::recorded_events(&client)
                .await?
                .iter()
                .filter(|e| *e == "email")
                .count())
        };
        self.react("onUserEmailSupplied to fire", || async {
            let n = count().await?;
            Ok(Probe::ready_if(n >= at_least, || {
                format!("fired {n} time(s)")
            }))
        })
        .await?;
        settled(
            "the onUserEmailSupplied count",
            EVENT_QUIET,
            DEFAULT_TIMEOUT,
            count,
        )
        .await
    }

    /// Watches that the page never sees onUserEmailSupplied (G4, G5): a negative check
    /// ([`Self::watch_never`]), not a reaction.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] with the events, the moment it fires.
    pub async fn watch_no_email_supplied(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.watch_never("no onUserEmailSupplied", || async {
            let events = host_page::recorded_events(&client).await?;
            Ok(events
                .iter()
                .any(|e| e == "email")
                .then(|| format!("the page saw {events:?}")))
        })
        .await
    }

    /// Waits until the page has seen an event of each of `kinds` (`email`, `show`,
    /// `unread:1`, …, by prefix) and returns every event recorded. Two waits: the events
    /// fired in answer to a command, a click or an identify answer (all but `unread…`) are
    /// reactions ([`Self::react`], a fast "no"); an unread-count event follows the widget's
    /// poll (G3), so the wait for the rest is the full [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    /// A timeout naming the kinds missing; WebDriver errors.
    pub async fn wait_for_event_kinds(&mut self, kinds: &[String]) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        let reactions: Vec<String> = kinds
            .iter()
            .filter(|k| !k.starts_with("unread"))
            .cloned()
            .collect();
        self.react(&format!("the page to see the events {reactions:?}"), || {
            events_of_kinds(&client, &reactions)
        })
        .await?;
        until(
            &format!("the page to see the events {kinds:?}"),
            DEFAULT_TIMEOUT,
            || events_of_kinds(&client, kinds),
        )
        .await
    }
}

/// Every event the page recorded once it holds one of each of `kinds` (by prefix).
async fn events_of_kinds(
    client: &fantoccini::Client,
    kinds: &[String],
) -> Result<Probe<Vec<String>>> {
    let events = host_page::recorded_events(client).await?;
    let missing: Vec<&String> = kinds
        .iter()
        .filter(|k| !events.iter().any(|e| e.starts_with(k.as_str())))
        .collect();
    Ok(if missing.is_empty() {
        Probe::Ready(events)
    } else {
        Probe::NotYet(format!("no {missing:?} among {events:?}"))
    })
}
