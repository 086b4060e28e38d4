//! The command-line stage: reads the main command's arguments and environment (clap), and hands
//! the plan stage what was asked ([`RunOptions`]) with the command to run (a run, a list, …).

mod values;

use std::path::PathBuf;
pub use values::MAX_CONCURRENCY;
use values::concurrency;

use clap::Parser;

use crate::{
    browser::{BrowserConfig, Engines},
    plan::options::{
        ClockMode, MockNetwork, RunOptions, default_concurrency, default_report_dir, project_path,
    },
    report::trace::TraceMode,
    selection::Shard,
};

/// Runs the Herodesk widget conformance suite and prints a verdict.
///
/// Exit codes: 0 the widget conforms, 1 it does not (a scenario failed), 2 the suite could not
/// run (no browser or driver, widget file missing, …).
#[derive(Debug, Parser)]
#[command(name = "herodesk-conformance", version, about, long_about = None)]
pub struct Cli {
    /// The widget build to test: a livechat.js file (default: the reference widget).
    #[arg(long, env = "HERODESK_WIDGET", value_name = "PATH")]
    pub widget: Option<PathBuf>,
    /// The widget build to test, fetched from a URL (instead of --widget).
    #[arg(
        long,
        env = "HERODESK_WIDGET_URL",
        value_name = "URL",
        conflicts_with = "widget"
    )]
    pub widget_url: Option<String>,
    /// Only scenarios matching this tag expression, e.g. `@spec-C4` or `not @slow`.
    #[arg(long, env = "HERODESK_TAGS", value_name = "EXPR")]
    pub tags: Option<String>,
    /// Only scenarios whose name contains this text.
    #[arg(long, env = "HERODESK_NAME", value_name = "TEXT")]
    pub name: Option<String>,
    /// How many scenarios (and browsers) run at once, 1 to 32 (default: two per core, at most
    /// 8).
    #[arg(long, env = "HERODESK_CONCURRENCY", value_name = "N", value_parser = concurrency)]
    pub concurrency: Option<usize>,
    /// The browser engine(s): firefox, chromium, webkit, or all (each in turn, reported per
    /// engine).
    #[arg(
        long,
        env = "HERODESK_BROWSER",
        default_value = "firefox",
        value_name = "ENGINE"
    )]
    pub browser: Engines,
    /// A WebDriver endpoint that is already running (Selenium Grid, a cloud service, a driver
    /// started by hand): no driver is spawned; see also --mock-listen.
    #[arg(long, env = "WEBDRIVER_URL", value_name = "URL")]
    pub webdriver_url: Option<String>,
    /// The IP address the mock's servers listen on (0.0.0.0 for a remote browser).
    #[arg(
        long,
        env = "HERODESK_MOCK_LISTEN",
        default_value = "127.0.0.1",
        value_name = "IP"
    )]
    pub mock_listen: std::net::IpAddr,
    /// The host name browsers reach the mock's Herodesk API by (default: the listen address).
    #[arg(long, env = "HERODESK_MOCK_API_HOST", value_name = "HOST")]
    pub mock_api_host: Option<String>,
    /// The host name browsers reach the mock's host site by (default: localhost).
    #[arg(long, env = "HERODESK_MOCK_SITE_HOST", value_name = "HOST")]
    pub mock_site_host: Option<String>,
    /// The geckodriver binary.
    #[arg(
        long,
        env = "HERODESK_GECKODRIVER",
        default_value = "geckodriver",
        value_name = "PATH"
    )]
    pub geckodriver: PathBuf,
    /// The Firefox binary (default: the one geckodriver finds on PATH).
    #[arg(long, env = "HERODESK_FIREFOX", value_name = "PATH")]
    pub firefox: Option<PathBuf>,
    /// The chromedriver binary.
    #[arg(
        long,
        env = "HERODESK_CHROMEDRIVER",
        default_value = "chromedriver",
        value_name = "PATH"
    )]
    pub chromedriver: PathBuf,
    /// The Chromium binary (default: the one chromedriver finds).
    #[arg(long, env = "HERODESK_CHROMIUM", value_name = "PATH")]
    pub chromium: Option<PathBuf>,
    /// The WebKitWebDriver binary.
    #[arg(
        long,
        env = "HERODESK_WEBKITDRIVER",
        default_value = "WebKitWebDriver",
        value_name = "PATH"
    )]
    pub webkitdriver: PathBuf,
    /// The MiniBrowser binary (default: the one WebKitWebDriver was built with).
    #[arg(long, env = "HERODESK_MINIBROWSER", value_name = "PATH")]
    pub minibrowser: Option<PathBuf>,
    /// The Xvfb binary WebKit's private display comes from.
    #[arg(
        long,
        env = "HERODESK_XVFB",
        default_value = "Xvfb",
        value_name = "PATH"
    )]
    pub xvfb: PathBuf,
    /// Only part I of N of the selected scenarios (e.g. 2/4), the same split on every machine,
    /// for spreading a run over N CI machines; merge their reports with `--merge-junit`.
    #[arg(long, env = "HERODESK_SHARD", value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Runs each selected scenario N times and names any that failed even once as flaky.
    #[arg(long, env = "HERODESK_REPEAT", default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: u32,
    /// Prints progress and the verdict only, not every step.
    #[arg(long, env = "HERODESK_QUIET")]
    pub quiet: bool,
    /// Measures the widget's coverage (Istanbul): lcov, HTML and which scenarios ran each
    /// line, in the report folder's coverage/ (needs node and scripts/install-deps.sh).
    #[arg(long, env = "HERODESK_COVERAGE")]
    pub coverage: bool,
    /// A folder of your own `.feature` files (written from `--list-steps`), run instead of
    /// ours; repeatable. Add --with-ours to run them with ours.
    #[arg(long = "features", value_name = "DIR")]
    pub features: Vec<PathBuf>,
    /// With --features: run our feature files too.
    #[arg(long, requires = "features")]
    pub with_ours: bool,
    /// Lists the selected scenarios (file:line and name) and runs nothing.
    #[arg(long)]
    pub list: bool,
    /// Prints every step a feature file can use, with an example line of each, and runs
    /// nothing (docs/steps.md is the same catalogue, `--format markdown`).
    #[arg(long, conflicts_with_all = ["list", "merge_junit", "compare"])]
    pub list_steps: bool,
    /// With --list-steps: text (default) or markdown.
    #[arg(long, value_enum, default_value_t = ListFormat::Text, value_name = "FORMAT",
          requires = "list_steps")]
    pub format: ListFormat,
    /// Merges the JUnit files of several shards into OUT and exits: `--merge-junit OUT IN...`.
    #[arg(long, value_name = "FILE", num_args = 2.., conflicts_with = "list")]
    pub merge_junit: Option<Vec<PathBuf>>,
    /// Known failures (a JSON file, docs/baseline.md): the run fails only on a new failure, a
    /// flaky scenario not known as flaky, or a known failure that now passes.
    #[arg(long, env = "HERODESK_BASELINE", value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: a known failure that now passes does not fail the run.
    #[arg(long, env = "HERODESK_ALLOW_FIXED")]
    pub allow_fixed: bool,
    /// Writes this run's failures as a baseline to FILE (sorted; reasons kept from
    /// --baseline).
    #[arg(long, env = "HERODESK_UPDATE_BASELINE", value_name = "FILE")]
    pub update_baseline: Option<PathBuf>,
    /// Compares the build with OLD (a path or URL, like --widget): the same selection against
    /// both, per statement and scenario (regressed, fixed, unchanged) and the widget's calls
    /// per route; compare.json and compare.html. Exit 1 when a statement regressed or a
    /// route's calls grew over the threshold.
    #[arg(long, env = "HERODESK_COMPARE", value_name = "OLD", conflicts_with_all = ["list", "coverage"])]
    pub compare: Option<String>,
    /// With --compare: a route's calls in a scenario are flagged when they grow more than this
    /// many times (and by at least --traffic-floor calls).
    #[arg(
        long,
        env = "HERODESK_TRAFFIC_THRESHOLD",
        default_value_t = 1.5,
        value_name = "RATIO"
    )]
    pub traffic_threshold: f64,
    /// With --compare: the smallest growth in calls that is flagged.
    #[arg(
        long,
        env = "HERODESK_TRAFFIC_FLOOR",
        default_value_t = 3,
        value_name = "N"
    )]
    pub traffic_floor: usize,
    /// Each scenario's deadline in seconds: past it the scenario fails (the widget's fault),
    /// its browser is replaced and the run goes on.
    #[arg(long, env = "HERODESK_SCENARIO_TIMEOUT", value_name = "SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub scenario_timeout: u64,
    /// The whole run's deadline in seconds (none by default): past it the run stops, writes
    /// its reports and says it timed out (exit 2, or 1 if a scenario had failed already).
    #[arg(long, env = "HERODESK_TIMEOUT", value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub timeout: Option<u64>,
    /// Whose clock the widget's timers follow: `virtual` runs them forward to a statement's
    /// bound and decides a "never" once nothing pending could break it; `real` waits each
    /// bound and window out.
    #[arg(long, env = "HERODESK_CLOCK", value_enum, default_value_t = ClockMode::Virtual,
          value_name = "CLOCK")]
    pub clock: ClockMode,
    /// Which scenarios get a trace, one HTML page each beside their artefacts: every step's
    /// time and outcome, a screenshot and the cookies after it, the mock's calls and the
    /// console on one timeline. `on-failure` records every scenario and keeps failures'.
    #[arg(long, env = "HERODESK_TRACE", value_enum, default_value_t = TraceMode::OnFailure,
          value_name = "WHEN")]
    pub trace: TraceMode,
    /// Where the reports go: junit.xml, cucumber.json, verdict.json (default: herodesk-report in
    /// the current folder).
    #[arg(long, env = "HERODESK_REPORT_DIR", value_name = "DIR")]
    pub report: Option<PathBuf>,
}

/// How `--list-steps` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// For a terminal.
    Text,
    /// Markdown, as `docs/steps.md`.
    Markdown,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the suite and give a verdict.
    Run,
    /// Print the selected scenarios.
    List,
    /// Print the step catalogue.
    ListSteps(ListFormat),
    /// Compare the build with an old one.
    Compare {
        /// The old build.
        old: crate::compare::OldBuild,
        /// When a route's growth is flagged.
        threshold: crate::compare::Threshold,
    },
    /// Refuse to run, and why (exit 2): `--features` folders that cannot be run.
    Refused(String),
    /// Merge shard JUnit files.
    MergeJunit {
        /// The merged file.
        out: PathBuf,
        /// The shards' files.
        inputs: Vec<PathBuf>,
    },
}

impl Cli {
    /// The run these options ask for.
    pub fn into_options(self) -> RunOptions {
        self.into_command().1
    }

    /// What to do, and the run options (for `Command::Run` and `Command::List`).
    pub fn into_command(mut self) -> (Command, RunOptions) {
        let command = if let Some(files) = self.merge_junit.take() {
            let (out, inputs) = files.split_first().expect("clap asks for at least two");
            Command::MergeJunit {
                out: out.clone(),
                inputs: inputs.to_vec(),
            }
        } else if let Some(old) = self.compare.take() {
            Command::Compare {
                old: crate::compare::OldBuild::parse(&old),
                threshold: crate::compare::Threshold {
                    ratio: self.traffic_threshold,
                    floor: self.traffic_floor,
                },
            }
        } else if self.list_steps {
            Command::ListSteps(self.format)
        } else if self.list {
            Command::List
        } else {
            Command::Run
        };
        let folder = match command {
            Command::ListSteps(_) | Command::MergeJunit { .. } => Ok(None),
            _ => crate::plan::feature_folders::gather(&self.features, self.with_ours).map(Some),
        };
        let mut options = self.options();
        match folder {
            Ok(Some(folder)) => {
                options.features = folder.path;
                options.merged_features = folder.merged;
            }
            Ok(None) => {}
            Err(why) => return (Command::Refused(why), options),
        }
        (command, options)
    }

    fn options(self) -> RunOptions {
        let widget = self
            .widget
            .map(|p| if p.is_dir() { p.join("livechat.js") } else { p })
            .unwrap_or_else(|| project_path("fixtures/widget/livechat.js"));
        RunOptions {
            widget,
            widget_url: self.widget_url,
            tags: self.tags,
            name: self.name,
            lines: None,
            concurrency: self.concurrency.unwrap_or_else(default_concurrency),
            engines: self.browser.list(),
            browser: BrowserConfig {
                geckodriver: self.geckodriver,
                firefox: self.firefox,
                chromedriver: self.chromedriver,
                chromium: self.chromium,
                webkitdriver: self.webkitdriver,
                minibrowser: self.minibrowser,
                xvfb: self.xvfb,
                webdriver_url: self.webdriver_url.filter(|u| !u.trim().is_empty()),
            },
            mock_network: MockNetwork {
                listen: self.mock_listen,
                api_host: self.mock_api_host,
                site_host: self.mock_site_host,
            },
            features: project_path("features"),
            merged_features: None,
            mock_defects: Default::default(),
            report_dir: Some(self.report.unwrap_or_else(default_report_dir)),
            shard: self.shard,
            repeat: self.repeat as usize,
            quiet: self.quiet,
            harvest: None,
            coverage: self.coverage,
            baseline: self.baseline,
            allow_fixed: self.allow_fixed,
            update_baseline: self.update_baseline,
            scenario_timeout: std::time::Duration::from_secs(self.scenario_timeout),
            timeout: self.timeout.map(std::time::Duration::from_secs),
            fail_fast: false,
            clock: self.clock,
            trace: self.trace,
        }
    }
}
