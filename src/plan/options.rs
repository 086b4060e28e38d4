//! What a run is asked to do: the widget build, the selection, the engines, the browsers and
//! the mock's network, with the defaults the main command and `cargo test` share.

use std::path::PathBuf;

use herodesk_mock::MockConfig;

use crate::{
    browser::{BrowserConfig, Engine},
    selection::{Catalogue, ScenarioId, Selection, Shard},
};

/// What to run and against which widget build.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The widget build (`livechat.js`) to serve in place of the reference widget.
    pub widget: PathBuf,
    /// A URL to fetch the widget build from instead of `widget` (a CDN, a build server).
    pub widget_url: Option<String>,
    /// A cucumber tag expression (`@spec-C4`, `not @slow`).
    pub tags: Option<String>,
    /// Only scenarios whose name contains this text.
    pub name: Option<String>,
    /// Only the scenarios at these places (feature file name, line of the scenario or of its
    /// example row): an exact list, for the mutation campaign ([`Selection::at_lines`]).
    pub lines: Option<Vec<(String, usize)>>,
    /// How many scenarios (and browsers) run at once.
    pub concurrency: usize,
    /// The engines to run the scenarios in, one after the other.
    pub engines: Vec<Engine>,
    /// Browser and driver binaries, or a remote WebDriver endpoint.
    pub browser: BrowserConfig,
    /// Where the mock's two servers listen and the names browsers reach them by.
    pub mock_network: MockNetwork,
    /// The folder of `.feature` files.
    pub features: PathBuf,
    /// The temporary folder `features` is when `--features` merged several folders
    /// ([`crate::plan::feature_folders`]): kept here so it lives as long as the run's options.
    pub merged_features: Option<std::sync::Arc<tempfile::TempDir>>,
    /// Deliberate backend defects (empty except when proving spec-A scenarios can fail).
    pub mock_defects: herodesk_mock::defects::Defects,
    /// Where `junit.xml` and `cucumber.json` go; `None` writes no report files.
    pub report_dir: Option<PathBuf>,
    /// Only this stable part of the selection (CI spreading the suite over machines).
    pub shard: Option<Shard>,
    /// Runs every selected scenario this many times (1: once) and names the flaky ones.
    pub repeat: usize,
    /// No step-by-step console output (progress lines and the verdict only).
    pub quiet: bool,
    /// Read a value from every page each scenario loads (coverage, mutation testing); what
    /// was read stays in the [`crate::pages::harvest::Harvest`] for the caller.
    pub harvest: Option<std::sync::Arc<crate::pages::harvest::Harvest>>,
    /// Measures the widget build's coverage (`--coverage`): [`crate::runner::run`] instruments
    /// it and writes the reports into `<report dir>/coverage/` ([`crate::coverage`]).
    pub coverage: bool,
    /// Known failures to judge the run against (`--baseline`, [`crate::baseline`]).
    pub baseline: Option<PathBuf>,
    /// A known failure that now passes does not fail the gate (`--allow-fixed`).
    pub allow_fixed: bool,
    /// Writes the run's failures as a baseline here (`--update-baseline`).
    pub update_baseline: Option<PathBuf>,
    /// Each scenario's deadline (`--scenario-timeout`; [`crate::deadline`]).
    pub scenario_timeout: std::time::Duration,
    /// The whole run's deadline (`--timeout`), if any: the run then ends with its reports.
    pub timeout: Option<std::time::Duration>,
    /// Stops starting scenarios after the first failure (the ones already started finish):
    /// a quicker "no" where only the verdict matters, as in the breakage gate. The verdict
    /// then names the failures found before the stop, not every one.
    pub fail_fast: bool,
    /// Whose clock the host pages follow (`--clock`).
    pub clock: ClockMode,
    /// Which scenarios get a trace page (`--trace`; [`crate::report::trace`]).
    pub trace: crate::report::trace::TraceMode,
}

/// Whose clock the widget's timers follow (`--clock`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClockMode {
    /// A virtual page clock: a step bounded by a statement's time runs the widget's timers
    /// forward to the bound, and a "never" runs them over its horizon, then both wait in
    /// real time for what the clock cannot reach.
    #[default]
    Virtual,
    /// The browser's own timers: every bound is waited out in real time.
    Real,
}

impl RunOptions {
    /// The reference widget, every scenario, binaries from PATH.
    pub fn reference() -> Self {
        Self {
            widget: project_path("fixtures/widget/livechat.js"),
            widget_url: None,
            tags: None,
            name: None,
            lines: None,
            concurrency: default_concurrency(),
            engines: vec![Engine::Firefox],
            browser: BrowserConfig::default(),
            mock_network: MockNetwork::default(),
            features: project_path("features"),
            merged_features: None,
            mock_defects: Default::default(),
            report_dir: None,
            shard: None,
            repeat: 1,
            quiet: false,
            harvest: None,
            coverage: false,
            baseline: None,
            allow_fixed: false,
            update_baseline: None,
            scenario_timeout: crate::deadline::DEFAULT_SCENARIO_TIMEOUT,
            timeout: None,
            fail_fast: false,
            clock: ClockMode::Virtual,
            // What the project's own runs (breakage, mutation, coverage) need: no cost.
            trace: crate::report::trace::TraceMode::Off,
        }
    }

    /// The selection these options ask for (tags, name, shard, lines).
    ///
    /// # Errors
    /// Why it is invalid (a bad tag expression).
    pub fn selection(&self) -> Result<Selection, String> {
        Ok(
            Selection::new(self.tags.as_deref(), self.name.clone(), self.shard)?
                .at_lines(self.lines.as_deref()),
        )
    }

    /// The scenarios these options select, in run order, read from the feature files now
    /// (a run reads them once, in its [`crate::plan::RunPlan`]).
    ///
    /// # Errors
    /// Why the selection is invalid (a bad tag expression) or empty.
    pub fn selected(&self) -> Result<Vec<ScenarioId>, String> {
        self.selection()?
            .pick_some(&Catalogue::read(&self.features), &self.features)
    }
}

/// Where the mock's servers listen and which host names the browsers use to reach them. The
/// defaults suit browsers on this machine; a remote browser (a Selenium Grid node on another
/// machine) needs an address it can reach and names that resolve there and here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockNetwork {
    /// The IP address both servers bind (`0.0.0.0` for every interface).
    pub listen: std::net::IpAddr,
    /// The host name of the Herodesk API origin (default: the listen address, or 127.0.0.1).
    pub api_host: Option<String>,
    /// The host name of the host site origin (default: `localhost`). It must differ from the
    /// API's, so the two are different sites for cookies as on a real deployment.
    pub site_host: Option<String>,
}

impl Default for MockNetwork {
    fn default() -> Self {
        Self {
            listen: std::net::Ipv4Addr::LOCALHOST.into(),
            api_host: None,
            site_host: None,
        }
    }
}

impl MockNetwork {
    /// Writes these addresses and names into the mock's configuration. Ports stay 0 (any free
    /// one) so concurrent runs on one machine never collide.
    pub(crate) fn apply(&self, config: &mut MockConfig) {
        config.api_addr = std::net::SocketAddr::new(self.listen, 0);
        config.site_addr = std::net::SocketAddr::new(self.listen, 0);
        // A browser cannot be sent to 0.0.0.0: when listening on every interface, name the
        // API by loopback unless the caller said which name remote browsers use.
        config.api_host = self.api_host.clone().or_else(|| {
            self.listen
                .is_unspecified()
                .then(|| std::net::Ipv4Addr::LOCALHOST.to_string())
        });
        config.site_host = self.site_host.clone();
    }
}

/// The default report folder: `herodesk-report` in the current folder, where the person or
/// the CI job running the gate is (never inside the suite's own source tree).
pub fn default_report_dir() -> PathBuf {
    PathBuf::from("herodesk-report")
}

/// A path among the project's own files (features, fixtures, the spec, `tools/js`): in the
/// source checkout, or in the copies embedded in an installed binary
/// ([`crate::plan::project_files`]), so the suite works from any current directory.
pub fn project_path(relative: &str) -> PathBuf {
    crate::plan::project_files::root().join(relative)
}

/// Two scenarios at once per core, at most 8: most of a scenario is waiting (for the widget,
/// the mock, the page clock's settle), so the cores idle at one per core. Measured on 2 cores
/// (docs/measurements.md, "Scenarios at once"): the whole suite took 88, 62, 61 and 64 s in
/// Chromium at 2, 4, 6 and 8 at once, and 85, 59, 59 and 65 s in Firefox.
pub fn default_concurrency() -> usize {
    (cores() * 2).clamp(1, 8)
}

/// One browser per core, for runs that multiply their browsers by processes (each mutation
/// worker runs its own).
pub fn one_per_core() -> usize {
    cores().clamp(1, 8)
}

/// Worker processes for a campaign of many small runs (the breakage gate's variants), each
/// with [`one_per_core`] browsers: two and a half per core, at most 8. Such a run mostly
/// waits (a settle window, a real-time bound, a page load), so on 2 cores the workers' summed
/// time per variant stayed the same from three workers to five and the wall time fell with
/// them: 218, 181 and 146 s at 3, 4 and 5, 144 s at 8 with the cores busy
/// (docs/measurements.md, "The time of `cargo test`").
pub fn waiting_workers() -> usize {
    (cores() * 5 / 2).clamp(1, 8)
}

/// The machine's cores (2 when it cannot be told).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
