//! The World: one per scenario, with its own workspace and (when a step needs one) its own
//! browser session. Mechanics live here and in the page objects; steps stay one-liners.

use std::{sync::Arc, time::Duration};

use fantoccini::Client;

use crate::{
    backend::{CreatedWorkspace, Entry, IDENTIFY_ROUTE, PAGE_ERRORS_ROUTE, RestAnswer},
    browser::Browser,
    cookies::{self, BrowserCookie, SESSION_COOKIES},
    error::{Result, SuiteError},
    pages::{
        herodesk::{self, HerodeskState},
        host_page::{self, HostPageVisit},
        host_watch::{self, PageError},
        widget_frame::{self, ContactView},
    },
    suite::{Suite, current},
    wait::{DEFAULT_TIMEOUT, Probe, settled, until},
};

/// How long a call count must stay unchanged before "exactly N calls" is trusted.
const QUIET: Duration = Duration::from_millis(500);

/// State of one scenario.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct HerodeskWorld {
    suite: Arc<Suite>,
    /// The scenario's own workspace.
    pub workspace: CreatedWorkspace,
    browser: Option<Browser>,
    /// The last REST answer (token API scenarios).
    pub last_answer: Option<RestAnswer>,
    /// Journal mark: "since" for counts of the current step.
    pub mark: u64,
    /// The session cookies as they were when a Given step saw them set.
    pub saved_cookies: Vec<BrowserCookie>,
    /// How a page script's own fetch ended (`ok:200`, `blocked:TypeError`).
    pub page_fetch: Option<String>,
    /// The forged value a step put into a session cookie (H3).
    pub tampered_value: Option<String>,
    /// The scenario's key ([`crate::harvest::scenario_key`]), set by the before hook.
    pub scenario: String,
    /// When the scenario's World was made (its start).
    started: std::time::Instant,
    /// The scenario's deadline (`--scenario-timeout`), started by the before hook.
    pub deadline: Option<crate::deadline::Deadline>,
}

impl std::fmt::Debug for HerodeskWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HerodeskWorld")
            .field("workspace", &self.workspace.widget_id)
            .field("browser", &self.browser.is_some())
            .field("mark", &self.mark)
            .finish()
    }
}

impl HerodeskWorld {
    /// A World with a fresh workspace of the run in progress.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when no run is in progress or the workspace cannot be created.
    pub async fn new() -> Result<Self> {
        let suite = current().ok_or_else(|| SuiteError::Mock("no run in progress".into()))?;
        let workspace = suite.backend.create_workspace().await?;
        Ok(Self {
            suite,
            workspace,
            browser: None,
            last_answer: None,
            mark: 0,
            saved_cookies: Vec::new(),
            page_fetch: None,
            tampered_value: None,
            scenario: String::new(),
            started: std::time::Instant::now(),
            deadline: None,
        })
    }

    /// The last REST answer, or an error saying no step asked for one.
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] when no earlier step called the REST API.
    pub fn last_answer(&self) -> Result<&RestAnswer> {
        self.last_answer.as_ref().ok_or_else(|| {
            SuiteError::Expectation(
                "no REST answer yet: a When step must call the API first".into(),
            )
        })
    }

    /// The run's shared context.
    pub fn suite(&self) -> &Suite {
        &self.suite
    }

    /// The scenario's browser, opened on first use (no cookies, no storage).
    ///
    /// # Errors
    /// [`SuiteError::Session`] or [`SuiteError::Driver`].
    pub async fn client(&mut self) -> Result<&Client> {
        if self.browser.is_none() {
            if let Some(deadline) = self.deadline.as_ref().filter(|d| d.expired()) {
                return Err(SuiteError::Expectation(deadline.message()));
            }
            let browser = self.suite.pool.open().await?;
            if let Some(deadline) = &self.deadline {
                deadline.watch(browser.stop_handle()).await;
            }
            self.browser = Some(browser);
        }
        Ok(self
            .browser
            .as_ref()
            .map(Browser::client)
            .expect("opened just above"))
    }

    /// The scenario's browser, if it opened one (never opens one).
    pub fn open_client(&self) -> Option<&Client> {
        self.browser.as_ref().map(Browser::client)
    }

    /// True when the scenario's deadline has passed (its browser was stopped).
    pub fn past_deadline(&self) -> Option<String> {
        self.deadline
            .as_ref()
            .filter(|d| d.expired())
            .map(crate::deadline::Deadline::message)
    }

    /// What is wrong with the page itself (a dialog, a stuck page, a page left), if anything.
    pub async fn page_trouble(&self) -> Option<crate::page_health::PageTrouble> {
        let client = self.open_client()?;
        crate::page_health::diagnose(client, self.suite.mock.site_url()).await
    }

    /// Closes the scenario's browser for good (its page is stuck); the pool opens another.
    pub async fn discard_browser(&mut self) {
        if let Some(b) = self.browser.take() {
            crate::browser::BrowserPool::discard(b).await;
        }
    }

    /// Gives the scenario's browser back to the pool (reset for the next scenario).
    pub async fn close_browser(&mut self) {
        if let Some(b) = self.browser.take() {
            self.suite.pool.release(b, self.suite.mock.site_url()).await;
        }
    }

    /// Opens a host page of this workspace.
    ///
    /// # Errors
    /// WebDriver errors and timeouts.
    pub async fn open_page(&mut self, visit: &HostPageVisit) -> Result<()> {
        let site = self.workspace.site_url.clone();
        self.harvest_page().await;
        let client = self.client().await?;
        host_page::open(client, &site, visit).await
    }

    /// Reads the run's harvest (coverage, mutation testing) from the page the browser is on,
    /// before it leaves it or the scenario ends. Nothing when the run harvests nothing.
    pub async fn harvest_page(&self) {
        if let (Some(harvest), Some(client)) = (&self.suite.harvest, self.open_client()) {
            harvest.read_page(client, &self.scenario).await;
        }
    }

    /// Boots the widget on the open page as `email`, with the token the site's server would
    /// get for it, `times` times in a row in one script.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when there is no token; WebDriver errors.
    pub async fn boot_with_server_token(&mut self, email: &str, times: u32) -> Result<()> {
        let token = self
            .suite
            .backend
            .auth_token_for(&self.workspace, email)
            .await?;
        let client = self.client().await?;
        herodesk::boot(
            client,
            serde_json::json!({ "email": email, "auth_token": token }),
            times,
        )
        .await
    }

    /// Boots twice in one script, as `first` and then as `second` (the same contact spelt
    /// otherwise), each with the token the site's server gets for it: no identify answer can
    /// come in between (H2).
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when there is no token; WebDriver errors.
    pub async fn boot_two_spellings(&mut self, first: &str, second: &str) -> Result<()> {
        let backend = self.suite.backend.clone();
        let mut boots = Vec::new();
        for email in [first, second] {
            let token = backend.auth_token_for(&self.workspace, email).await?;
            boots.push(serde_json::json!({ "email": email, "auth_token": token }));
        }
        let client = self.client().await?;
        herodesk::boot_each(client, boots).await
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

    /// The widget's calls so far in this scenario, per route ([`crate::traffic`]), read from
    /// the in-process mock's journal.
    pub fn calls(&self) -> crate::traffic::CallSummary {
        let filter = herodesk_mock::journal::Filter {
            workspace: Some(self.workspace.widget_id.clone()),
            ..Default::default()
        };
        crate::traffic::CallSummary {
            duration_ms: u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            ..crate::traffic::CallSummary::of(&self.suite.mock.state.journal.entries(&filter))
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

    /// Waits until the widget shows a contact in `state` (e.g. `verified`).
    ///
    /// # Errors
    /// A timeout that says what the widget showed instead.
    pub async fn wait_for_contact_state(&mut self, state: &str) -> Result<ContactView> {
        self.wait_for_contact_state_within(state, DEFAULT_TIMEOUT)
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
            || async {
                Ok(match widget_frame::contact(&client).await? {
                    Some(view) if view.state == state => Probe::Ready(view),
                    Some(view) => {
                        Probe::NotYet(format!("state `{}` for `{}`", view.state, view.email))
                    }
                    None => Probe::NotYet("no widget iframe or contact element yet".into()),
                })
            },
        )
        .await
    }

    /// Waits until all three session cookies are set and returns them, in spec order.
    ///
    /// # Errors
    /// A timeout naming the cookies that were there.
    pub async fn session_cookies(&mut self) -> Result<Vec<BrowserCookie>> {
        let client = self.client().await?.clone();
        until(
            "the three session cookies to be set",
            DEFAULT_TIMEOUT,
            || async {
                let all = cookies::all(&client).await?;
                let found: Vec<_> = SESSION_COOKIES
                    .iter()
                    .filter_map(|name| all.iter().find(|c| c.name == *name).cloned())
                    .collect();
                Ok(if found.len() == SESSION_COOKIES.len() {
                    Probe::Ready(found)
                } else {
                    Probe::NotYet(format!(
                        "cookies {:?}",
                        all.iter().map(|c| &c.name).collect::<Vec<_>>()
                    ))
                })
            },
        )
        .await
    }

    /// The names of the session cookies present, once they have stopped changing.
    ///
    /// # Errors
    /// WebDriver errors, or a timeout when they keep changing.
    pub async fn settled_session_cookie_names(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        settled("the session cookies", QUIET, DEFAULT_TIMEOUT, || async {
            Ok(cookies::all(&client)
                .await?
                .into_iter()
                .filter(|c| SESSION_COOKIES.contains(&c.name.as_str()))
                .map(|c| c.name)
                .collect::<Vec<_>>())
        })
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
        until(what, DEFAULT_TIMEOUT, || async {
            let s = herodesk::state(&client).await?;
            Ok(if check(&s) {
                Probe::Ready(s)
            } else {
                Probe::NotYet(format!("{s:?}"))
            })
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
            Some(client) => (
                host_watch::page_id(client).await?,
                host_watch::errors(client).await?,
            ),
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
