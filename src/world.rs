//! The World: one per scenario, with its own workspace and (when a step needs one) its own
//! browser session; it hands each step one operation to call, and the after hook the evidence.
//! Mechanics live here and in the page objects; steps stay one-liners. Its questions to the
//! journal are in `journal_reads.rs`, its reads of the widget in the browser in
//! `widget_reads.rs`, the in-flight windows made by held answers in `held_answers.rs`, what it
//! watches over time in `contact_watch.rs`, what it observes on customer pages in `embedding.rs`.

use std::{sync::Arc, time::Duration};

use fantoccini::Client;

use crate::{
    backend::{CreatedWorkspace, RestAnswer},
    browser::Browser,
    browser::cookies::BrowserCookie,
    error::{Result, SuiteError},
    pages::{
        herodesk,
        host_page::{self, HostPageVisit},
    },
    run::suite::{Suite, current},
};

mod contact_forms;
pub mod contact_watch;
mod conversation_reads;
pub mod embedding;
mod event_reads;
mod guest_reads;
mod held_answers;
mod identify_window;
mod journal_reads;
mod nothing_pending;
mod page_clock;
mod panel_reads;
mod reaction;
mod session_cookies;
mod widget_reads;

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
    /// The scenario's key ([`crate::pages::harvest::scenario_key`]), set by the before hook.
    pub scenario: String,
    /// When the scenario's World was made (its start).
    started: std::time::Instant,
    /// The scenario's deadline (`--scenario-timeout`), started by the before hook.
    pub deadline: Option<crate::deadline::Deadline>,
    /// Host pages the suite itself opened (spec I7: any other document is the widget's doing).
    suite_opens: usize,
    /// The address of the host page the suite last opened, once it rendered.
    opened_address: Option<String>,
    /// The page's footprint when it was last left alone: before, halfway and after (spec I8:
    /// a footprint that grows while nothing happens grows without bound).
    idle_footprint: Vec<crate::pages::guest_watch::Footprint>,
    /// When (ms since the epoch, the journal's clock) the suite ran the page clock forward:
    /// the widget's timers of that span ran within it, so its calls came at once, as the
    /// suite made them, not as the widget paced them (spec I8 leaves them out).
    clock_runs: Vec<(u64, u64)>,
    /// Why the scenario was not run: an earlier scenario showed the build a gross bad guest
    /// ([`crate::guest::alarm`]).
    pub refused: Option<crate::guest::Breach>,
    /// The scenario's host pages run on a virtual clock (`--clock virtual`), set by the
    /// before hook.
    pub virtual_clock: bool,
    /// The scenario's trace so far (`--trace`), set by the before hook when it is recorded.
    pub trace: Option<crate::report::trace::Recorder>,
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
            suite_opens: 0,
            opened_address: None,
            idle_footprint: Vec::new(),
            clock_runs: Vec::new(),
            refused: None,
            virtual_clock: false,
            trace: None,
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
            if let Some(breach) = self.suite.guest_alarm.tripped() {
                let refused = crate::guest::alarm::not_run(&breach);
                let words = format!("{}: {}", refused.spec, refused.words);
                self.refused = Some(refused);
                return Err(SuiteError::Expectation(words));
            }
            if let Some(words) = self.suite.pages_lost.refusal() {
                return Err(SuiteError::Session(words));
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
            .filter(|d| d.expired() && d.alarm().is_none())
            .map(crate::deadline::Deadline::message)
    }

    /// True when the scenario's browser was stopped, by its deadline or by the run's alarm.
    pub fn browser_stopped(&self) -> bool {
        self.deadline
            .as_ref()
            .is_some_and(crate::deadline::Deadline::expired)
    }

    /// The bad guest's breach this scenario was not run (to its end) for, if the run's alarm
    /// refused its browser or stopped it.
    pub fn refusal(&self) -> Option<crate::guest::Breach> {
        self.refused
            .clone()
            .or_else(|| self.deadline.as_ref().and_then(|d| d.alarm()))
    }

    /// What is wrong with the page itself (a dialog, a stuck page, a page left), if anything.
    pub async fn page_trouble(&self) -> Option<crate::pages::page_health::PageTrouble> {
        let client = self.open_client()?;
        crate::pages::page_health::diagnose(client, self.suite.mock.site_url()).await
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
        let visit = &HostPageVisit {
            virtual_clock: self.virtual_clock,
            ..visit.clone()
        };
        self.harvest_page().await;
        self.note_suite_open(visit.url(&site));
        let client = self.client().await?;
        host_page::open(client, &site, visit).await?;
        self.note_opened_address().await;
        Ok(())
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
        self.boot_with_server_token_and(email, serde_json::Map::new(), times)
            .await
    }

    /// Boots as `email` with the token the site's server gets for it and a `message` to
    /// pre-fill (D5), as a single-page app does on navigation.
    ///
    /// # Errors
    /// [`SuiteError::Mock`] when there is no token; WebDriver errors.
    pub async fn boot_with_server_token_and_message(
        &mut self,
        email: &str,
        message: &str,
    ) -> Result<()> {
        let mut more = serde_json::Map::new();
        more.insert("message".into(), message.into());
        self.boot_with_server_token_and(email, more, 1).await
    }

    /// Boots as `email` with the site server's token for it and `more` parameters, `times`
    /// times in a row in one script.
    async fn boot_with_server_token_and(
        &mut self,
        email: &str,
        mut more: serde_json::Map<String, serde_json::Value>,
        times: u32,
    ) -> Result<()> {
        let token = self
            .suite
            .backend
            .auth_token_for(&self.workspace, email)
            .await?;
        more.insert("email".into(), email.into());
        more.insert("auth_token".into(), token.into());
        let client = self.client().await?;
        herodesk::boot(client, serde_json::Value::Object(more), times).await
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
}
