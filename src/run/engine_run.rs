//! One engine's run, once the runner has it guarded (signals, `--timeout`): the selection,
//! the widget build, the mock and a first browser, the preflight, the rounds of scenarios
//! (each with its crash retry), the baseline's judgement and the reports.

use std::sync::Arc;

use herodesk_mock::{MockConfig, start};

use crate::{
    backend::Backend,
    browser::BrowserPool,
    crash_retry::{self, Retried},
    error::SuiteError,
    outcomes::ScenarioResult,
    plan::widget_source,
    plan::{EngineRun, RunPlan},
    run::suite::{Suite, set_current},
    selection::ScenarioId,
    stability::Stability,
    verdict::Verdict,
};

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

/// Selects the scenarios, prepares the run and runs every round: the part of a run that a
/// signal may cut short.
pub(crate) async fn select_and_run(
    run: &EngineRun<'_>,
    pool: Arc<BrowserPool>,
) -> (Verdict, RunStats, Vec<ScenarioResult>) {
    let plan = run.plan;
    let nothing = |why: String| {
        (
            Verdict::CouldNotRun(why.into()),
            RunStats::default(),
            Vec::new(),
        )
    };
    if let Some(none) = &plan.empty_shard {
        // More CI shards than scenarios: this machine has nothing to do, which is no failure.
        eprintln!("{none}");
        if let Some(dir) = &run.report_dir {
            crate::report::cut_short::write_empty(dir);
        }
        return (
            Verdict::Conforms { scenarios: 0 },
            RunStats::default(),
            Vec::new(),
        );
    }
    let selected = match &plan.selected {
        Ok(s) => s,
        Err(why) => return nothing(why.clone()),
    };
    // A build that is not JavaScript text is the build's fault, known before any browser
    // starts for it.
    let script = match widget_source::load(&plan.widget).await {
        Ok(widget_source::Build::Script(script)) => script,
        Ok(widget_source::Build::NotJavaScript(cause)) => {
            eprintln!("{cause}");
            let started = std::time::Instant::now();
            let (verdict, results, retried) = without_the_build(run, selected, &cause, pool).await;
            let (verdict, results) = judged_and_written(run, verdict, results, &retried, started);
            return (verdict, RunStats::default(), results);
        }
        Err(e) => return nothing(e.to_string()),
    };
    let suite = match prepare(plan, script, pool).await {
        Ok(suite) => Arc::new(suite),
        Err(e) => return nothing(e.to_string()),
    };
    let started = std::time::Instant::now();
    // A build that does not even load gets its verdict at once, every scenario of the widget
    // failed with the cause, instead of one timeout per scenario.
    // A build known to load (a mutant that passed a run before) spares the page load.
    let preflight = if plan.known_to_load {
        Ok(None)
    } else {
        crate::preflight::check(&suite).await
    };
    let (verdict, results, retried) = match preflight {
        Err(e) => (
            Verdict::CouldNotRun(e.to_string().into()),
            Vec::new(),
            Retried::default(),
        ),
        Ok(Some(cause)) => {
            eprintln!("preflight: the build did not load: {cause}");
            without_the_build(run, selected, &cause, suite.pool.clone()).await
        }
        Ok(None) => {
            let current = CurrentRun::set(suite.clone());
            let rounds = run_rounds(run, selected).await;
            drop(current);
            rounds
        }
    };
    let (verdict, results) = judged_and_written(run, verdict, results, &retried, started);
    let count = |route: &str| {
        let filter = herodesk_mock::journal::Filter {
            route: Some(route.into()),
            ..Default::default()
        };
        suite.mock.state.journal.entries(&filter).len()
    };
    let stats = RunStats {
        scenarios: selected.len() * plan.repeat.max(1),
        page_loads: count("GET /w/{wid}/"),
        widget_loads: count("GET /livechat.js"),
        identify_calls: count(crate::backend::IDENTIFY_ROUTE),
    };
    (verdict, stats, results)
}

/// The run in progress for the Worlds, cleared when dropped: also when a signal drops the run
/// half-way, or the global would keep the mock and the pool (and its profiles) alive.
struct CurrentRun;

impl CurrentRun {
    fn set(suite: Arc<Suite>) -> Self {
        set_current(Some(suite));
        Self
    }
}

impl Drop for CurrentRun {
    fn drop(&mut self) {
        set_current(None);
    }
}

/// Starts the mock serving `script` (the widget build) and proves a browser session can be opened,
/// so that a missing browser or driver is "could not run", never a failed scenario.
async fn prepare(
    plan: &RunPlan,
    script: String,
    pool: Arc<BrowserPool>,
) -> Result<Suite, SuiteError> {
    let mut config = MockConfig::loopback(script);
    plan.mock_network.apply(&mut config);
    config.defects = plan.mock_defects.clone();
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
        harvest: plan.harvest.clone(),
        guest_alarm: Default::default(),
        pages_lost: Default::default(),
    })
}

/// Notes the second tries, lets the baseline judge and writes the final reports.
fn judged_and_written(
    run: &EngineRun<'_>,
    verdict: Verdict,
    mut results: Vec<ScenarioResult>,
    retried: &Retried,
    started: std::time::Instant,
) -> (Verdict, Vec<ScenarioResult>) {
    for r in &mut results {
        r.retry = retried.note(&r.key).map(str::to_owned);
    }
    let verdict = crate::gate::judge(run.plan, run.engine, verdict, &mut results);
    crate::report::write_final(run, &results, started.elapsed(), &verdict);
    (verdict, results)
}

/// The run of a build that did not load (`cause`): the scenarios of statements that do not
/// involve the widget ([`crate::verdict::involves_the_widget`]: area A, the backend's token
/// endpoint) run as usual with the reference widget as the page's client, the others fail
/// with the cause. The verdict so blames the widget's statements only.
async fn without_the_build(
    run: &EngineRun<'_>,
    selected: &[ScenarioId],
    cause: &str,
    pool: Arc<BrowserPool>,
) -> (Verdict, Vec<ScenarioResult>, Retried) {
    let catalogue = &run.plan.catalogue;
    let (backend_only, of_the_widget): (Vec<ScenarioId>, Vec<ScenarioId>) =
        selected.iter().cloned().partition(|s| {
            let specs = catalogue.specs(&s.file, s.line);
            !specs.is_empty()
                && !specs
                    .iter()
                    .any(|spec| crate::verdict::involves_the_widget(spec))
        });
    let (_, failed) = crate::report::cut_short::fail_all(run, &of_the_widget, cause);
    let mut results = failed.results();
    let mut retried = Retried::default();
    if !backend_only.is_empty() {
        eprintln!(
            "{} scenario(s) of the backend alone (area A) run all the same, with the reference \
             widget as the page's client",
            backend_only.len()
        );
        match reference_suite(run.plan, pool).await {
            Ok(suite) => {
                let current = CurrentRun::set(Arc::new(suite));
                let (_, ran, ran_retried) = run_rounds(run, &backend_only).await;
                drop(current);
                results.extend(ran);
                retried = ran_retried;
            }
            // The suite's own failure: no verdict on what did not run.
            Err(e) => return (Verdict::CouldNotRun(e.into()), results, retried),
        }
    }
    results.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let passed = results.iter().filter(|r| r.failure.is_none()).count();
    let failures = results.iter().filter_map(|r| r.failure.clone()).collect();
    (Verdict::of_failures(passed, failures), results, retried)
}

/// A mock serving the reference widget, for the scenarios of the backend alone.
async fn reference_suite(plan: &RunPlan, pool: Arc<BrowserPool>) -> Result<Suite, String> {
    let path = crate::plan::options::project_path("fixtures/widget/livechat.js");
    let script = std::fs::read_to_string(&path)
        .map_err(|e| format!("the reference widget {} is unreadable: {e}", path.display()))?;
    prepare(plan, script, pool).await.map_err(|e| e.to_string())
}

/// Runs the selection `--repeat` times; a scenario that failed in any round fails the
/// verdict, named flaky when it also passed in another. In each round, a scenario that lost
/// its browser gets a second try ([`crash_retry`]).
async fn run_rounds(
    run: &EngineRun<'_>,
    selected: &[ScenarioId],
) -> (Verdict, Vec<ScenarioResult>, Retried) {
    let repeat = run.plan.repeat;
    if repeat <= 1 {
        let (verdict, _, results, retried) = crash_retry::run(&run.pass(), selected).await;
        return (verdict, results, retried);
    }
    let mut stability = Stability::default();
    let mut all_retried = Retried::default();
    for round in 1..=repeat {
        let one = run.pass().in_folder(&format!("round-{round}"));
        eprintln!("round {round}/{repeat}");
        let (verdict, outcomes, results, retried) = crash_retry::run(&one, selected).await;
        // A round where nothing ran (reports unwritable, features unparsable) will not
        // improve in the next one.
        if let Verdict::CouldNotRun(_) = &verdict
            && outcomes.finished() == 0
        {
            return (
                verdict.prefixed(&format!("round {round}: ")),
                Vec::new(),
                Retried::default(),
            );
        }
        stability.add(&results);
        all_retried.extend(retried);
    }
    let report = stability.report(repeat);
    println!("\n{report}");
    if let Some(dir) = &run.report_dir
        && let Err(e) = crate::report::file::write(&dir.join("stability.txt"), &report)
    {
        eprintln!("stability.txt not written: {e}");
    }
    (stability.verdict(repeat), stability.results(), all_retried)
}
