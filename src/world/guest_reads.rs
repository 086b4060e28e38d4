//! The World's evidence for spec I6–I8 at the end of a scenario ([`crate::guest`] weighs it):
//! the guest records of every host page load (earlier ones from the journal, the page in the
//! browser read directly), the windows, where the page is, whether leaving it would prompt,
//! the host site's cookies, and the widget's calls to the API.

use std::time::Duration;

use super::HerodeskWorld;
use crate::{
    browser::cookies,
    browser::run_queue,
    guest::{ApiCall, CoreWaits, Evidence, PageCondition},
    pages::{
        guest_watch::{self, GuestRecord},
        host_watch,
    },
};

/// Host-page documents as the journal names their routes.
const HOST_PAGE_ROUTES: [&str; 2] = ["GET /w/{wid}/", "GET /w/{wid}/{*path}"];
/// The route host pages send their guest records to as they go away.
const GUEST_REPORTS_ROUTE: &str = herodesk_mock::site::page_reports::GUEST_REPORTS_ROUTE;
/// How long one question to the page may take: a page held by the widget answers late, and
/// the evidence must not cost the run more than that.
const ASK_WITHIN: Duration = Duration::from_secs(6);
/// An answer to a trivial script later than this means the page's main thread is held.
const HELD_AFTER: Duration = Duration::from_secs(1);

impl HerodeskWorld {
    /// Notes that the suite itself is opening the host page at `address` (so a document the
    /// widget loads is told from the suite's own, even when the widget leaves it at once).
    pub(super) fn note_suite_open(&mut self, address: String) {
        self.suite_opens += 1;
        self.opened_address = Some(address);
    }

    /// Notes where the page the suite opened ended up once it rendered.
    pub(super) async fn note_opened_address(&mut self) {
        if let Some(client) = self.open_client()
            && let Some(address) = ask(guest_watch::address(client)).await
        {
            self.opened_address = Some(address);
        }
    }

    /// Leaves the page alone for `time` of real time: spec I6–I8 speak of what the widget does
    /// while a page sits open with nothing happening, so the time itself is the condition.
    /// The page's footprint (the host site's storage, its elements) is read before, halfway
    /// and after (I8: a footprint that grows while nothing happens grows without bound).
    pub async fn leave_the_page_alone(&mut self, time: Duration) -> crate::error::Result<()> {
        let before = self.footprint().await;
        tokio::time::sleep(time / 2).await;
        let halfway = self.footprint().await;
        tokio::time::sleep(time - time / 2).await;
        let after = self.footprint().await;
        self.idle_footprint = match (before, halfway, after) {
            (Some(a), Some(b), Some(c)) => vec![a, b, c],
            _ => Vec::new(),
        };
        Ok(())
    }

    /// The page's footprint now, `None` off a page or when it does not answer.
    async fn footprint(&self) -> Option<guest_watch::Footprint> {
        ask(guest_watch::footprint(self.open_client()?)).await
    }

    /// Fails with the widget's breach of `spec` (`I6`, `I7` or `I8`) so far, in plain words.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] naming what the widget did.
    pub async fn kept_promise_of_a_guest(&self, spec: &str) -> crate::error::Result<()> {
        let breaches = crate::guest::judge(&self.guest_evidence(PageCondition::Usable).await);
        match breaches.into_iter().find(|b| b.spec == spec) {
            Some(doubt) if crate::guest::is_doubt(&doubt) => {
                Err(crate::error::SuiteError::Machine(
                    doubt.words[crate::error::INFRASTRUCTURE.len()..].to_owned(),
                ))
            }
            Some(breach) => Err(crate::error::SuiteError::Expectation(breach.words)),
            None => Ok(()),
        }
    }

    /// Calls a page made to the API during the scenario (`journal` is the scenario's own) that
    /// name no workspace (no `wid`): a widget that calls paths of its own making is still
    /// held to I8. Only page calls count (a CORS request carries an `Origin`); a call of
    /// another scenario running at the same time counts too, but it comes from the same build.
    fn unattributed_page_calls(
        &self,
        journal: &[herodesk_mock::journal::Entry],
    ) -> Vec<herodesk_mock::journal::Entry> {
        let Some(since_ms) = journal.iter().map(|e| e.at_ms).min() else {
            return Vec::new();
        };
        let filter = herodesk_mock::journal::Filter {
            since_ms: Some(since_ms),
            ..Default::default()
        };
        self.suite
            .mock
            .state
            .journal
            .entries(&filter)
            .into_iter()
            .filter(|e| {
                e.workspace.is_none()
                    && e.server == "api"
                    && e.method != "OPTIONS"
                    && e.headers.contains_key("origin")
            })
            .collect()
    }

    /// What the scenario showed of the widget as a guest on the host page; of a page known to
    /// be stuck or gone only the journal is read.
    pub async fn guest_evidence(&self, page: PageCondition) -> Evidence {
        let wid = &self.workspace.widget_id;
        let filter = herodesk_mock::journal::Filter {
            workspace: Some(wid.clone()),
            ..Default::default()
        };
        let journal = self.suite.mock.state.journal.entries(&filter);
        let stray = self.unattributed_page_calls(&journal);
        let mut evidence = Evidence {
            host_loads: journal
                .iter()
                .filter(|e| e.server == "site" && HOST_PAGE_ROUTES.contains(&e.route.as_str()))
                .count(),
            suite_opens: self.suite_opens,
            calls: journal
                .iter()
                // A CORS preflight is the browser's, not a call of the widget's.
                .filter(|e| e.server == "api" && e.method != "OPTIONS")
                .chain(stray.iter())
                // Calls a run of the page clock set off came at the pace the suite gave them.
                .filter(|e| !self.during_a_clock_run(e.at_ms))
                .map(|e| ApiCall {
                    route: e.route.clone(),
                    at_ms: e.at_ms,
                })
                .collect(),
            allowed_cookies: vec![herodesk_mock::site::demo::USER_COOKIE.to_owned()],
            idle_footprint: self.idle_footprint.clone(),
            stuck: page == PageCondition::Stuck,
            ..Evidence::default()
        };
        let earlier: Vec<GuestRecord> = journal
            .iter()
            .filter(|e| e.route == GUEST_REPORTS_ROUTE)
            .filter_map(|e| serde_json::from_str(&e.body).ok())
            .collect();
        let client = self.open_client().filter(|_| page == PageCondition::Usable);
        let Some(client) = client else {
            evidence.records = earlier;
            evidence.core_waits = self.core_waits(&evidence.records);
            return evidence;
        };
        let asked = std::time::Instant::now();
        let current = ask(guest_watch::record(client)).await.flatten();
        // A page that took this long to answer one script is held by the widget (its record
        // shows it): the other questions to its scripts would each wait as long.
        let held = asked.elapsed() > HELD_AFTER;
        evidence.held = held;
        let current_page = current.as_ref().map(|r| r.page.clone());
        evidence.records = earlier
            .into_iter()
            .filter(|r| Some(&r.page) != current_page.as_ref())
            .chain(current)
            .collect();
        evidence.core_waits = self.core_waits(&evidence.records);
        evidence.windows = ask(guest_watch::window_count(client)).await;
        if let (Some(opened), Some(now)) = (
            &self.opened_address,
            ask(guest_watch::address(client)).await,
        ) && crate::guest::left_the_page(opened, &now)
        {
            evidence.moved_to = Some(now);
        }
        evidence.cookies = ask(cookies::all(client))
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let size = c.name.len() + c.value.len();
                (c.name, size)
            })
            .collect();
        if !held {
            let harness = self.harness_globals();
            evidence.globals = ask(host_watch::new_globals(client, &harness))
                .await
                .unwrap_or_default();
            evidence.builtins = ask(host_watch::changed_builtins(client))
                .await
                .unwrap_or_default();
        }
        // Last: it runs the page's `beforeunload` handlers.
        if !held && ask(host_watch::page_id(client)).await.flatten().is_some() {
            evidence.leave_prompt = ask(guest_watch::leave_prompt(client)).await.flatten();
        }
        evidence
    }
}

impl HerodeskWorld {
    /// How long the page processes of the scenario's browser waited for a core since the
    /// first main-thread gap of `records` (nothing to read when there is no gap, or the
    /// browser is remote).
    fn core_waits(&self, records: &[GuestRecord]) -> CoreWaits {
        let first_gap = records
            .iter()
            .flat_map(|r| r.gaps.iter().map(|(start, _)| *start))
            .reduce(f64::min);
        match (
            first_gap,
            self.browser.as_ref().and_then(|b| b.process_group()),
        ) {
            (Some(since), Some(group)) => CoreWaits(run_queue::waits_since(group, since)),
            _ => CoreWaits::default(),
        }
    }
}

/// The answer of one question to the page, `None` when it failed or came too late.
async fn ask<T>(question: impl Future<Output = crate::error::Result<T>>) -> Option<T> {
    tokio::time::timeout(ASK_WITHIN, question)
        .await
        .ok()
        .and_then(Result::ok)
}
