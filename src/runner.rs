//! One run of the suite: start the mock and the browsers, run the selected scenarios, stop
//! everything, and say the verdict. Used by the main command and by `cargo test`.

use std::{path::PathBuf, sync::Arc};

use std::io::{self, Write};

use cucumber::{World as _, WriterExt as _, event::ScenarioFinished, writer, writer::Stats as _};
use futures::FutureExt as _;
use herodesk_mock::{MockConfig, start};
use tokio::sync::Mutex;

use crate::{
    artefacts,
    backend::Backend,
    browser::{BrowserConfig, BrowserPool, Engine, reaper},
    error::SuiteError,
    living_doc,
    outcomes::{Failure, Outcomes},
    selection::{ScenarioId, Selected, Selection, Shard},
    stability::Stability,
    suite::{Suite, set_current},
    world::HerodeskWorld,
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
}

impl RunOptions {
    /// The reference widget, every scenario, binaries from PATH.
    pub fn reference() -> Self {
        Self {
            widget: project_path("fixtures/widget/livechat.js"),
            widget_url: None,
            tags: None,
            name: None,
            concurrency: default_concurrency(),
            engines: vec![Engine::Firefox],
            browser: BrowserConfig::default(),
            mock_network: MockNetwork::default(),
            features: project_path("features"),
            mock_defects: Default::default(),
            report_dir: None,
            shard: None,
            repeat: 1,
            quiet: false,
        }
    }

    /// The scenarios these options select, in run order (for `--list`).
    ///
    /// # Errors
    /// Why the selection is empty or invalid.
    pub fn selected(&self) -> Result<Vec<ScenarioId>, String> {
        selected_scenarios(self)
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
    fn apply(&self, config: &mut MockConfig) {
        config.api_addr = std::net::SocketAddr::new(self.listen, 0);
        config.site_addr = std::net::SocketAddr::new(self.listen, 0);
        config.api_host = self.api_host.clone().or_else(|| {
            self.listen
                .is_unspecified()
                .then(|| std::net::Ipv4Addr::LOCALHOST.to_string())
        });
        config.site_host = self.site_host.clone();
    }
}

/// The default report folder.
pub fn default_report_dir() -> PathBuf {
    project_path("target/conformance")
}

/// Where one report file is written.
type ReportOutput = Box<dyn Write>;

/// The report files' outputs: files in `dir`, or sinks when there is no report folder.
fn report_outputs(
    dir: Option<&std::path::Path>,
) -> Result<(ReportOutput, ReportOutput), SuiteError> {
    let Some(dir) = dir else {
        return Ok((Box::new(io::sink()), Box::new(io::sink())));
    };
    let cannot = |what: &str, e: io::Error| {
        SuiteError::Report(format!("cannot write {what} in {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot("the report folder", e))?;
    let junit = std::fs::File::create(dir.join("junit.xml")).map_err(|e| cannot("junit.xml", e))?;
    let json =
        std::fs::File::create(dir.join("cucumber.json")).map_err(|e| cannot("cucumber.json", e))?;
    Ok((
        Box::new(io::BufWriter::new(junit)),
        Box::new(io::BufWriter::new(json)),
    ))
}

/// A path inside this project's source tree.
pub fn project_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// One browser per core: Firefox is CPU-bound while it starts and renders.
pub fn default_concurrency() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8)
}

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every selected scenario passed.
    Conforms {
        /// Scenarios run.
        scenarios: usize,
    },
    /// At least one scenario failed: the widget breaks its promise.
    DoesNotConform {
        /// The scenarios that failed, with the statements they check and what happened.
        failures: Vec<Failure>,
    },
    /// The suite could not run; the text says how to fix it.
    CouldNotRun(String),
}

impl Verdict {
    /// One verdict for runs in several engines: does not conform if any engine found a
    /// failure (each failure names its engine), else could not run if any engine could not,
    /// else conforms.
    pub fn combine(verdicts: Vec<(Engine, Verdict)>) -> Verdict {
        if verdicts.len() == 1 {
            return verdicts
                .into_iter()
                .next()
                .map(|(_, v)| v)
                .expect("one verdict");
        }
        let mut failures = Vec::new();
        let mut could_not = Vec::new();
        let mut scenarios = 0;
        for (engine, verdict) in verdicts {
            match verdict {
                Verdict::Conforms { scenarios: n } => scenarios += n,
                Verdict::DoesNotConform { failures: f } => {
                    failures.extend(f.into_iter().map(|mut f| {
                        f.scenario = format!("[{engine}] {}", f.scenario);
                        f
                    }));
                }
                Verdict::CouldNotRun(why) => could_not.push(format!("[{engine}] {why}")),
            }
        }
        if !failures.is_empty() {
            Verdict::DoesNotConform { failures }
        } else if !could_not.is_empty() {
            Verdict::CouldNotRun(could_not.join("\n"))
        } else if scenarios == 0 {
            Verdict::CouldNotRun("no engine was selected".into())
        } else {
            Verdict::Conforms { scenarios }
        }
    }

    /// 0 conforms, 1 does not conform, 2 could not run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Conforms { .. } => 0,
            Self::DoesNotConform { .. } => 1,
            Self::CouldNotRun(_) => 2,
        }
    }

    /// One line for people.
    pub fn headline(&self) -> String {
        match self {
            Self::Conforms { scenarios } => {
                format!("VERDICT: the widget conforms ({scenarios} scenarios passed)")
            }
            Self::DoesNotConform { failures } => {
                let mut specs: Vec<&str> = failures
                    .iter()
                    .flat_map(|f| f.specs.iter().map(String::as_str))
                    .collect();
                specs.sort_unstable();
                specs.dedup();
                let lines: Vec<String> = failures
                    .iter()
                    .map(|f| format!("  ✘ {}", f.line()))
                    .collect();
                format!(
                    "Failed statements: {}\n{}\nVERDICT: the widget does NOT conform ({} of its scenarios failed)",
                    specs.join(", "),
                    lines.join("\n"),
                    failures.len()
                )
            }
            Self::CouldNotRun(why) => format!("VERDICT: the suite could not run: {why}"),
        }
    }
}

/// Runs in one process take turns: the World finds its run through one global.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Runs the suite in each selected engine and returns the verdict; never panics on a failing
/// widget or a missing browser, and stops every driver and browser it started before
/// returning. With several engines, each writes its reports in a subfolder named after it and
/// the verdict is the worst of theirs.
pub async fn run(options: RunOptions) -> Verdict {
    let several = options.engines.len() > 1;
    let mut verdicts = Vec::new();
    for &engine in &options.engines {
        let mut one = options.clone();
        one.engines = vec![engine];
        if several {
            one.report_dir = options.report_dir.as_ref().map(|d| d.join(engine.name()));
            println!("\n=== {engine} ===");
        }
        let verdict = run_engine(one, engine).await;
        if several {
            println!("\n{engine}: {}", verdict.headline());
        }
        verdicts.push((engine, verdict));
    }
    Verdict::combine(verdicts)
}

async fn run_engine(options: RunOptions, engine: Engine) -> Verdict {
    let pool = match BrowserPool::new(engine, options.browser.clone()) {
        Ok(pool) => Arc::new(pool),
        Err(e) => return Verdict::CouldNotRun(e.to_string()),
    };
    let verdict = run_with_pool(options, pool.clone()).await;
    pool.shutdown().await;
    // Anything still registered (a session that failed mid-close) goes now.
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    reaper::close_remote_sessions().await;
    verdict
}

/// Like [`run`], with browsers from `pool`, which stays open for the caller's next run (its
/// browsers are reset between scenarios either way). The caller shuts the pool down.
pub async fn run_with_pool(options: RunOptions, pool: Arc<BrowserPool>) -> Verdict {
    run_with_stats(options, pool).await.0
}

/// What a run made the browsers do, read from the mock's journal: for benchmarks that compare
/// the suite with a bare loop doing the same page loads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Scenarios run (every round).
    pub scenarios: usize,
    /// Host pages the browsers loaded (`GET /w/{wid}/`).
    pub page_loads: usize,
    /// Widget scripts the browsers loaded (`GET /livechat.js`): a widget that came up.
    pub widget_loads: usize,
    /// Identify calls the widgets made.
    pub identify_calls: usize,
}

/// Like [`run_with_pool`], also counting what the browsers did.
pub async fn run_with_stats(options: RunOptions, pool: Arc<BrowserPool>) -> (Verdict, RunStats) {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    let signals = tokio::spawn(stop_on_signal());
    let scenarios = match selected_scenarios(&options) {
        Ok(s) => s,
        Err(why) => return (Verdict::CouldNotRun(why), RunStats::default()),
    };
    let result = match prepare(&options, pool).await {
        Ok(suite) => {
            let suite = Arc::new(suite);
            set_current(Some(suite.clone()));
            let verdict = run_rounds(&options, &scenarios).await;
            set_current(None);
            let count = |route: &str| {
                let filter = herodesk_mock::journal::Filter {
                    route: Some(route.into()),
                    ..Default::default()
                };
                suite.mock.state.journal.entries(&filter).len()
            };
            let stats = RunStats {
                scenarios: scenarios.len() * options.repeat.max(1),
                page_loads: count("GET /w/{wid}/"),
                widget_loads: count("GET /livechat.js"),
                identify_calls: count(crate::backend::IDENTIFY_ROUTE),
            };
            (verdict, stats)
        }
        Err(e) => (Verdict::CouldNotRun(e.to_string()), RunStats::default()),
    };
    signals.abort();
    if let Some(code) = interrupted() {
        // The signal stopped the browsers under the run, which then ended as "could not run";
        // the exit code must still say it was interrupted, whichever task gets there first.
        let _ = tokio::task::spawn_blocking(reaper::shutdown_all).await;
        reaper::close_remote_sessions().await;
        std::process::exit(code);
    }
    result
}

/// The exit code of the signal that interrupted the run (130 SIGINT, 143 SIGTERM), if any.
static INTERRUPTED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

fn interrupted() -> Option<i32> {
    match INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
        0 => None,
        code => Some(code),
    }
}

/// The widget build's source, from its file or its URL.
async fn read_widget(options: &RunOptions) -> Result<String, SuiteError> {
    let Some(url) = &options.widget_url else {
        return std::fs::read_to_string(&options.widget).map_err(|e| {
            SuiteError::Widget(format!(
                "cannot read the widget build {}: {e}",
                options.widget.display()
            ))
        });
    };
    let fail =
        |why: String| SuiteError::Widget(format!("cannot fetch the widget build {url}: {why}"));
    let response = reqwest::Client::new()
        .get(url)
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    if !response.status().is_success() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let text = response.text().await.map_err(|e| fail(e.to_string()))?;
    if text.trim().is_empty() {
        return Err(fail("the answer is empty".into()));
    }
    Ok(text)
}

/// Reads the widget, starts the mock and proves a browser session can be opened, so that a
/// missing browser or driver is "could not run", never a failed scenario.
async fn prepare(options: &RunOptions, pool: Arc<BrowserPool>) -> Result<Suite, SuiteError> {
    let script = read_widget(options).await?;
    let mut config = MockConfig::loopback(script);
    options.mock_network.apply(&mut config);
    config.defects = options.mock_defects.clone();
    let mock = start(config)
        .await
        .map_err(|e| SuiteError::Mock(e.to_string()))?;
    let backend = Backend::new(mock.api_url());
    let probe = pool.open().await?;
    pool.release(probe, mock.site_url()).await;
    Ok(Suite {
        backend,
        pool,
        mock,
    })
}

/// The scenarios `options` select, or why there are none to run.
fn selected_scenarios(options: &RunOptions) -> Result<Vec<ScenarioId>, String> {
    let selection = Selection::new(options.tags.as_deref(), options.name.clone(), options.shard)?;
    let scenarios = selection.scenarios(&options.features);
    if scenarios.is_empty() {
        return Err(format!(
            "no scenario matched the selection in {}",
            options.features.display()
        ));
    }
    Ok(scenarios)
}

/// Runs the selection `options.repeat` times; a scenario that failed in any round fails the
/// verdict, named flaky when it also passed in another.
async fn run_rounds(options: &RunOptions, scenarios: &[ScenarioId]) -> Verdict {
    if options.repeat <= 1 {
        return run_scenarios(options, scenarios).await.0;
    }
    let mut stability = Stability::default();
    for round in 1..=options.repeat {
        let mut one = options.clone();
        one.report_dir = options
            .report_dir
            .as_ref()
            .map(|d| d.join(format!("round-{round}")));
        eprintln!("round {round}/{}", options.repeat);
        let (verdict, outcomes) = run_scenarios(&one, scenarios).await;
        if let Verdict::CouldNotRun(why) = &verdict
            && outcomes.finished() == 0
        {
            return Verdict::CouldNotRun(format!("round {round}: {why}"));
        }
        stability.add(&outcomes.results());
    }
    let report = stability.report(options.repeat);
    println!("\n{report}");
    if let Some(dir) = &options.report_dir
        && let Err(e) = std::fs::write(dir.join("stability.txt"), &report)
    {
        eprintln!("stability.txt not written: {e}");
    }
    stability.verdict(options.repeat)
}

async fn run_scenarios(options: &RunOptions, scenarios: &[ScenarioId]) -> (Verdict, Arc<Outcomes>) {
    let selected = Selected::of(scenarios);
    let outcomes = Arc::new(Outcomes::new(scenarios.len(), true));
    let recorder = outcomes.clone();
    let failures_dir = options.report_dir.as_ref().map(|d| d.join("failures"));
    if let Some(dir) = &failures_dir {
        // Artefacts of an earlier run would read as this run's.
        let _ = std::fs::remove_dir_all(dir);
    }
    let (junit, json) = match report_outputs(options.report_dir.as_deref()) {
        Ok(outputs) => outputs,
        Err(e) => return (Verdict::CouldNotRun(e.to_string()), outcomes),
    };
    let out: Box<dyn Write> = if options.quiet || options.repeat > 1 {
        Box::new(io::sink())
    } else {
        Box::new(io::stdout())
    };
    let console = writer::Basic::raw(out, writer::Coloring::Auto, 0)
        .summarized()
        .tee::<HerodeskWorld, _>(writer::JUnit::for_tee(junit, 0))
        .tee::<HerodeskWorld, _>(writer::Json::for_tee(json))
        .normalized();
    let writer = HerodeskWorld::cucumber()
        .with_writer(console)
        .with_default_cli()
        .max_concurrent_scenarios(options.concurrency.max(1))
        .after(move |feature, _, scenario, finished, world| {
            let artefacts = failures_dir.as_ref().map(|d| {
                d.join(artefacts::folder_name(
                    &scenario.name,
                    scenario.position.line,
                ))
            });
            let recorder = recorder.clone();
            async move {
                // I4 holds in every scenario: a scenario whose steps passed still fails when
                // the widget threw an uncaught error into the host page.
                let stray = match (&world, finished) {
                    (Some(w), ScenarioFinished::StepPassed) => widget_error_report(w).await,
                    _ => None,
                };
                let failed = match &stray {
                    Some(message) => {
                        recorder.record_after_check(
                            feature,
                            scenario,
                            "I4",
                            message.clone(),
                            artefacts.clone(),
                        );
                        true
                    }
                    None => recorder.record(feature, scenario, finished, artefacts.clone()),
                };
                if let Some(w) = world {
                    if let (true, Some(dir)) = (failed, artefacts) {
                        artefacts::save(w, &dir).await;
                    }
                    w.close_browser().await;
                }
                if let Some(message) = stray {
                    // A panicking after hook is how cucumber marks a scenario failed after
                    // its steps (console, JUnit and JSON reports all show it).
                    panic!("{message}");
                }
            }
            .boxed_local()
        })
        .fail_on_skipped()
        .filter_run(&options.features, move |feature, _, scenario| {
            selected.contains(feature, scenario)
        })
        .await;

    if writer.parsing_errors() > 0 {
        let why = format!(
            "{} feature file(s) could not be parsed",
            writer.parsing_errors()
        );
        return (Verdict::CouldNotRun(why), outcomes);
    }
    let finished = outcomes.finished();
    if finished == 0 {
        return (
            Verdict::CouldNotRun("no scenario matched the selection".into()),
            outcomes,
        );
    }
    let failures = outcomes.failures();
    let verdict = if !failures.is_empty() && failures.iter().all(Failure::is_infrastructure) {
        // Nothing the widget did failed: the suite could not do its job.
        Verdict::CouldNotRun(format!(
            "{} scenario(s) failed for reasons of the suite, not the widget:\n{}",
            failures.len(),
            failures
                .iter()
                .map(|f| format!("  {}", f.line()))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    } else if writer.execution_has_failed() || !failures.is_empty() {
        Verdict::DoesNotConform { failures }
    } else {
        Verdict::Conforms {
            scenarios: finished,
        }
    };
    if let Some(dir) = &options.report_dir {
        write_living_doc(dir, options, &outcomes, &verdict);
    }
    (verdict, outcomes)
}

/// What breaks I4 in a scenario whose steps passed: the uncaught errors the widget threw into
/// the host page, as the failure's message; `None` when there were none, or when they could
/// not be read (a browser that is gone is not the widget's fault).
async fn widget_error_report(world: &HerodeskWorld) -> Option<String> {
    let errors = world.widget_errors().await.ok()?;
    let first = errors.first()?;
    Some(format!(
        "I4: the widget threw into the host page ({} time(s)); first: {}",
        errors.len(),
        first.describe()
    ))
}

/// Writes `spec.html` in the report folder; a failure to write it is reported, not fatal.
fn write_living_doc(
    dir: &std::path::Path,
    options: &RunOptions,
    outcomes: &Outcomes,
    verdict: &Verdict,
) {
    let spec = match std::fs::read_to_string(project_path("docs/spec/widget-spec.md")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("spec.html not written: cannot read docs/spec/widget-spec.md: {e}");
            return;
        }
    };
    let summary = living_doc::RunSummary {
        verdict: verdict
            .headline()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
        widget: options
            .widget_url
            .clone()
            .unwrap_or_else(|| options.widget.display().to_string()),
        when: format!(
            "{} scenarios in {:.0} s, finished {}",
            outcomes.finished(),
            outcomes.elapsed().as_secs_f64(),
            time::OffsetDateTime::now_utc()
        ),
    };
    let path = dir.join("spec.html");
    match living_doc::write(
        &path,
        &spec,
        &options.features,
        &outcomes.results(),
        &summary,
    ) {
        Ok(()) => println!("Spec with this run's results: {}", path.display()),
        Err(e) => eprintln!("spec.html not written: {e}"),
    }
}

/// On Ctrl-C or SIGTERM: stop every driver (and so every browser), then exit 130/143.
async fn stop_on_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return;
    };
    let code = tokio::select! {
        _ = int.recv() => 130,
        _ = term.recv() => 143,
    };
    INTERRUPTED.store(code, std::sync::atomic::Ordering::SeqCst);
    eprintln!("\ninterrupted: stopping browsers and drivers…");
    let _ = tokio::task::spawn_blocking(reaper::shutdown_all).await;
    reaper::close_remote_sessions().await;
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(scenario: &str) -> Failure {
        Failure {
            specs: vec!["C4".into()],
            scenario: scenario.into(),
            message: "expected 0 calls, saw 1".into(),
            artefacts: None,
        }
    }

    #[test]
    fn with_several_engines_a_failure_in_one_is_does_not_conform_and_names_its_engine() {
        let verdict = Verdict::combine(vec![
            (Engine::Firefox, Verdict::Conforms { scenarios: 67 }),
            (
                Engine::Chromium,
                Verdict::DoesNotConform {
                    failures: vec![failure("C4 — no identify")],
                },
            ),
        ]);
        let Verdict::DoesNotConform { failures } = &verdict else {
            panic!("{verdict:?}");
        };
        assert_eq!(failures[0].scenario, "[chromium] C4 — no identify");
        assert_eq!(verdict.exit_code(), 1);
    }

    #[test]
    fn with_several_engines_could_not_run_beats_conforms_but_not_a_failure() {
        let could_not = Verdict::combine(vec![
            (
                Engine::Firefox,
                Verdict::CouldNotRun("no geckodriver".into()),
            ),
            (Engine::Chromium, Verdict::Conforms { scenarios: 67 }),
        ]);
        assert_eq!(
            could_not,
            Verdict::CouldNotRun("[firefox] no geckodriver".into())
        );
        let failed = Verdict::combine(vec![
            (
                Engine::Firefox,
                Verdict::CouldNotRun("no geckodriver".into()),
            ),
            (
                Engine::Chromium,
                Verdict::DoesNotConform {
                    failures: vec![failure("x")],
                },
            ),
        ]);
        assert_eq!(failed.exit_code(), 1);
        let both = Verdict::combine(vec![
            (Engine::Firefox, Verdict::Conforms { scenarios: 67 }),
            (Engine::Chromium, Verdict::Conforms { scenarios: 67 }),
        ]);
        assert_eq!(both, Verdict::Conforms { scenarios: 134 });
    }
}
