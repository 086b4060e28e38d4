//! The engine loop: one run of the suite per selected engine, each starting the mock and the
//! browsers, running the selected scenarios (`--repeat` times), stopping everything, and
//! saying the verdict. Used by the main command, `cargo test`'s binaries and the benchmark.
//!
//! The other jobs of a run live next door: what to run in [`crate::plan`], one engine's
//! run in [`crate::engine_run`], the widget fetch in [`crate::plan::widget_source`], one pass
//! of cucumber in [`crate::scenarios`], the verdict's rules in [`crate::verdict`], Ctrl-C in
//! [`crate::browser::signals`], writing a baseline from the results in [`crate::baseline::update`].

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::{
    browser::{
        BrowserPool, Engine, reaper,
        signals::{self, Listener},
    },
    engine_run::select_and_run,
    outcomes::ScenarioResult,
    plan::{EngineRun, RunPlan},
};

// The paths callers have always used (`runner::project_path`, `runner::RunOptions`, …).
pub use crate::engine_run::RunStats;
pub use crate::{
    plan::options::{
        MockNetwork, RunOptions, default_concurrency, default_report_dir, project_path,
    },
    verdict::Verdict,
};

/// Runs in one process take turns: the World finds its run through one global.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Runs the suite in each selected engine and returns the verdict; never panics on a failing
/// widget or a missing browser, and stops every driver and browser it started before
/// returning. With several engines, each writes its reports in a subfolder named after it and
/// the verdict is the worst of theirs. On Ctrl-C or SIGTERM it stops every browser, runs no
/// further engine and returns an interrupted verdict (exit code 130 or 143). With
/// `--coverage`, each engine runs the build instrumented by [`crate::coverage`].
pub async fn run(options: RunOptions) -> Verdict {
    run_plan(RunPlan::new(options)).await.0
}

/// Each engine's scenarios with their final statuses and backend calls.
pub type EngineResults = Vec<(Engine, Vec<ScenarioResult>)>;

/// Like [`run`], also giving each engine's scenario results (for `--compare`), and writing
/// `--update-baseline` from them.
pub async fn run_detailed(options: RunOptions) -> (Verdict, EngineResults) {
    run_plan(RunPlan::new(options)).await
}

/// [`run_detailed`] of a plan.
pub async fn run_plan(plan: RunPlan) -> (Verdict, EngineResults) {
    // A run that was SIGKILLed left its temporary folder: gone now, whatever this run does.
    crate::browser::run_folder::sweep(&std::env::temp_dir());
    // A feature line that matches no step would be skipped and blamed on the widget: it is
    // refused, with the closest known steps, before anything starts.
    if let Err(why) = crate::spec::step_catalogue::check_features(&plan.features) {
        return (Verdict::CouldNotRun(why.into()), Vec::new());
    }
    // Before any browser starts: a report folder that is a file, or that another live run
    // is writing, is refused at once.
    let _report_lock = match plan
        .report_dir
        .as_deref()
        .map(crate::run::report_lock::claim)
    {
        None => None,
        Some(Ok(lock)) => lock,
        Some(Err(why)) => return (Verdict::CouldNotRun(why.into()), Vec::new()),
    };
    if plan.coverage {
        return (with_coverage(&plan).await, Vec::new());
    }
    // A baseline that names no scenario of ours is refused before any browser starts.
    let previous = match &plan.baseline {
        Ok(b) => b.clone(),
        Err(why) => return (Verdict::CouldNotRun(why.clone().into()), Vec::new()),
    };
    let several = plan.engines.len() > 1;
    let mut verdicts = Vec::new();
    let mut all_results = Vec::new();
    let started = std::time::Instant::now();
    for &engine in &plan.engines {
        // `--timeout` is the whole run's: each engine gets what the ones before it left.
        let timeout = plan
            .timeout
            .map(|limit| limit.saturating_sub(started.elapsed()));
        if let (Some(limit), Some(left)) = (plan.timeout, timeout)
            && left.is_zero()
        {
            let why = format!(
                "not run: the run's --timeout of {} s had passed",
                limit.as_secs()
            );
            verdicts.push((engine, Verdict::CouldNotRun(why.into())));
            break;
        }
        if several {
            println!("\n=== {engine} ===");
        }
        let one = EngineRun {
            plan: &plan,
            engine,
            report_dir: plan.report_dir_of(engine),
            timeout,
        };
        let (verdict, results) = run_engine(&one).await;
        let interrupted = verdict.interruption().is_some();
        if several && !interrupted {
            println!("\n{engine}: {}", verdict.headline());
        }
        verdicts.push((engine, verdict));
        all_results.push((engine, results));
        if interrupted {
            break;
        }
    }
    let per_engine: Vec<(Engine, Verdict, &[ScenarioResult])> = verdicts
        .iter()
        .zip(&all_results)
        .map(|((engine, verdict), (_, results))| (*engine, verdict.clone(), results.as_slice()))
        .collect();
    let verdict = Verdict::combine(verdicts.clone());
    if let Some(dir) = &plan.report_dir {
        let bytes = crate::plan::widget_source::bytes(&plan.widget).await;
        let file = crate::report::verdict_json::VerdictFile::new(
            &verdict,
            &per_engine,
            plan.widget.describe(),
            bytes.as_deref(),
        );
        if let Err(e) = file.write(dir) {
            eprintln!("{} not written: {e}", crate::report::verdict_json::FILE);
        }
    }
    if let Some(path) = &plan.update_baseline
        && verdict.interruption().is_none()
    {
        crate::baseline::update::write(path, &all_results, previous.as_deref());
    }
    if several && verdict.interruption().is_none() {
        // Engines that never got their turn are columns of "not run".
        let mut columns = all_results.clone();
        for &engine in &plan.engines[columns.len()..] {
            columns.push((engine, Vec::new()));
        }
        if let Some(dir) = &plan.report_dir {
            crate::report::spec_page::write_matrix(dir, &plan.features, &columns, &verdict);
        }
    }
    (verdict, all_results)
}

/// `--coverage`: the build instrumented once ([`crate::coverage`]); each engine runs the plan
/// of the instrumented build (no coverage of its own, so this goes one level deep) with a
/// harvest of its own, then writes its coverage report.
/// A missing `node` or `tools/js/node_modules`, or a build Istanbul cannot parse, is "could
/// not run" (exit 2); so is a run whose widget conformed but whose report could not be written.
async fn with_coverage(plan: &RunPlan) -> Verdict {
    let instrumented = match crate::coverage::Instrumented::new(&plan.widget).await {
        Ok(i) => i,
        Err(why) => return Verdict::CouldNotRun(why.into()),
    };
    let several = plan.engines.len() > 1;
    let mut verdicts = Vec::new();
    for &engine in &plan.engines {
        if several {
            println!("\n=== {engine} ===");
        }
        let report_dir = plan.report_dir_of(engine);
        let (one, harvest) = instrumented.plan_for(plan, engine, report_dir.clone());
        let verdict = Box::pin(run_plan(one)).await.0;
        let interrupted = verdict.interruption().is_some();
        let verdict = if interrupted {
            verdict
        } else {
            instrumented
                .report(&harvest.take(), report_dir.as_deref(), verdict)
                .await
        };
        if several && !interrupted {
            println!("\n{engine}: {}", verdict.headline());
        }
        verdicts.push((engine, verdict));
        if interrupted {
            break;
        }
    }
    Verdict::combine(verdicts)
}

async fn run_engine(run: &EngineRun<'_>) -> (Verdict, Vec<ScenarioResult>) {
    let pool = match BrowserPool::new(run.engine, run.plan.browser.clone()) {
        Ok(pool) => Arc::new(pool),
        Err(e) => return (Verdict::CouldNotRun(e.to_string().into()), Vec::new()),
    };
    let (verdict, _, results) = guarded(run, pool.clone()).await;
    pool.shutdown().await;
    // Anything still registered (a session that failed mid-close) goes now.
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    reaper::close_remote_sessions().await;
    (verdict, results)
}

/// Like [`run`], with browsers from `pool`, which stays open for the caller's next run (its
/// browsers are reset between scenarios either way). The caller shuts the pool down.
pub async fn run_with_pool(options: RunOptions, pool: Arc<BrowserPool>) -> Verdict {
    run_with_stats(options, pool).await.0
}

/// Like [`run_with_pool`], also counting what the browsers did.
pub async fn run_with_stats(options: RunOptions, pool: Arc<BrowserPool>) -> (Verdict, RunStats) {
    let (verdict, stats, _) = run_plan_with_pool(&RunPlan::new(options), pool).await;
    (verdict, stats)
}

/// Like [`run_with_stats`] for a plan (in its first engine), also giving every scenario's
/// result, judged by the baseline.
pub async fn run_plan_with_pool(
    plan: &RunPlan,
    pool: Arc<BrowserPool>,
) -> (Verdict, RunStats, Vec<ScenarioResult>) {
    guarded(&plan.only_engine(), pool).await
}

/// One engine's run, guarded: one run at a time in the process, stopped by a signal or by
/// its deadline with its reports written.
async fn guarded(
    run: &EngineRun<'_>,
    pool: Arc<BrowserPool>,
) -> (Verdict, RunStats, Vec<ScenarioResult>) {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    if let Some(signal) = signals::interrupted() {
        // An earlier run was interrupted: the process is stopping and no driver may start.
        return (
            Verdict::interrupted(signal),
            RunStats::default(),
            Vec::new(),
        );
    }
    // Listening before the first browser starts, so a Ctrl-C never finds one unattended; in a
    // task of its own, so the browsers stop the moment the signal arrives, even while this
    // task is busy (a driver's stop can block it for seconds).
    let mut stopper = tokio::spawn(signals::stop_on_signal(Listener::new()));
    crate::outcomes::set_in_progress(None);
    let mut work = Box::pin(select_and_run(run, pool));
    let limit = run.timeout;
    let timer = async move {
        match limit {
            Some(limit) => tokio::time::sleep(limit).await,
            None => std::future::pending().await,
        }
    };
    let stopped = tokio::select! {
        biased;
        stopped = &mut stopper => stopped.ok(),
        () = timer => {
            stopper.abort();
            drop(work);
            return (timed_out(run).await, RunStats::default(), Vec::new());
        }
        done = &mut work => {
            let Some(signal) = signals::interrupted() else {
                stopper.abort();
                return done;
            };
            // The signal stopped the browsers under the run, which then ended on its own as
            // "could not run": the verdict must still say it was interrupted, once everything
            // is stopped.
            let _ = stopper.await;
            crate::report::cut_short::write_interrupted(run, signal);
            return (Verdict::interrupted(signal), RunStats::default(), Vec::new());
        }
    };
    let Some(signal) = stopped else {
        // The signal task itself failed (it never does): the run goes on unguarded.
        return work.await;
    };
    // Everything is stopped; dropping the unfinished run now runs the destructors that
    // `process::exit` would skip (profiles, the mock, the run in progress).
    drop(work);
    // Said in the reports too: the half-written ones were dropped with the run, unrenamed.
    crate::report::cut_short::write_interrupted(run, signal);
    (
        Verdict::interrupted(signal),
        RunStats::default(),
        Vec::new(),
    )
}

/// The end of a run stopped at its `--timeout` (the unfinished work is dropped already): its
/// browsers stopped, its reports written, and its verdict: "does not conform" when a scenario
/// had already failed as the widget's, else "could not run" (exit 2: no verdict on the
/// widget in the time given).
async fn timed_out(run: &EngineRun<'_>) -> Verdict {
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    reaper::close_remote_sessions().await;
    // Whole seconds as given (an engine after the first gets what was left of them).
    let limit = run.timeout.unwrap_or_default().as_secs_f64().ceil();
    let why = format!("stopped at its --timeout of {limit} s");
    eprintln!("the run was {why}: stopping browsers and drivers");
    crate::report::cut_short::write_cut_short(run, &why);
    let done = crate::outcomes::in_progress();
    let failures: Vec<_> = done
        .as_ref()
        .map(|o| o.failures())
        .unwrap_or_default()
        .into_iter()
        .filter(|f| !f.is_infrastructure())
        .collect();
    let finished = done.map_or(0, |o| o.finished());
    if failures.is_empty() {
        Verdict::CouldNotRun(
            format!("the run was {why} ({finished} scenario(s) finished, none failed)").into(),
        )
    } else {
        Verdict::DoesNotConform { failures }
    }
}
