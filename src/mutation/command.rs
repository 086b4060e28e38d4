//! The command line of `cargo run --release --bin mutation`: build the schemata, run the
//! coverage pass, test the mutants (all, some, or a sample), write the reports.

use std::{ffi::OsString, path::PathBuf, sync::Arc, time::Instant};

use clap::Parser;

use super::{
    campaign::{MutantResult, coverage_pass},
    endpoint::Remote,
    kill_log::KillLog,
    plan,
    report::Report,
    rounds::{Rounds, Tester, test_all},
    schemata::{Schemata, one_line},
    tester::Campaign,
    workers::{Workers, save_baseline},
    writers,
};
use crate::{
    RunOptions, Verdict,
    browser::{BrowserPool, Engine, Engines, reaper},
    plan::RunPlan,
    plan::options::{one_per_core, project_path},
};

/// Mutation testing of a widget build against the conformance suite: Stryker's mutants of
/// the build, each run against the scenarios that execute it, and the mutation score.
///
/// Exit codes: 0 the campaign ran (whatever the score), 2 it could not run (no node or
/// tools, no browser, or the suite does not pass against the unmutated schemata), 130/143
/// interrupted (the reports then hold the mutants tested so far).
#[derive(Debug, Clone, Parser)]
#[command(name = "mutation", about, long_about = None)]
pub struct Args {
    /// The widget build to mutate (default: the reference widget).
    #[arg(long, value_name = "PATH")]
    pub widget: Option<PathBuf>,
    /// Test a random sample of N mutants (a quick estimate of the score).
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// The sample's seed: the same seed picks the same mutants.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// The browser engine: chromium (default, faster here) or firefox.
    #[arg(long, default_value = "chromium", value_name = "ENGINE")]
    pub browser: Engines,
    /// Where mutation.txt, mutation.html, mutation.json and the build go.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// A mutant's batch of scenarios may take this many times as long as the same scenarios
    /// took in the coverage pass (plus 30 s) before it counts as a timeout.
    #[arg(long, default_value_t = 3.0, value_name = "F")]
    pub timeout_factor: f64,
    /// Scenarios (and browsers) at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Only these mutants (ids, comma-separated), e.g. to re-run survivors.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub mutants: Vec<String>,
    /// Only scenarios matching this tag expression, in the coverage pass and after it.
    #[arg(long, value_name = "EXPR")]
    pub tags: Option<String>,
    /// Only scenarios whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Worker processes testing mutants at once, each with its own browsers and mock (1: in
    /// this process). With --webdriver-url they share the Grid's slots: workers × concurrency
    /// should not exceed them.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub workers: usize,
    /// How many batches of scenarios each mutant runs alone before the ones still alive are
    /// tested in groups (most kills come in the first batches).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub alone: usize,
    /// How many mutants still alive after their first batches are switched on together (a
    /// group that passes spares a run per member; one that fails is split until each failure
    /// has its culprit alone). 1: every mutant alone to its verdict. Default: two groups per
    /// worker.
    #[arg(long, value_name = "K")]
    pub group_size: Option<usize>,
    /// Where the browsers are (a Selenium Grid) and where each worker's mock listens.
    #[command(flatten)]
    pub remote: Remote,
    /// Internal: serve as a worker in this folder of the build (see `mutation::workers`).
    #[arg(long, hide = true, value_name = "DIR")]
    pub worker: Option<PathBuf>,
    /// Internal: the program workers run (default: this one; a test passes the `mutation`
    /// binary, as its own program is the test).
    #[arg(long, hide = true, value_name = "PATH")]
    pub worker_program: Option<PathBuf>,
}

impl Args {
    /// The run options every run of the campaign starts from: the engine, the concurrency
    /// and the selection (tags, name) these arguments ask for, quiet (a campaign's progress
    /// is its mutants, not their steps).
    ///
    /// # Errors
    /// [`Stopped`] when `--browser` names more than one engine.
    pub fn base_options(&self) -> Result<RunOptions, Stopped> {
        let mut options = RunOptions {
            engines: vec![one_engine(self.browser)?],
            // Each worker runs its own browsers: one per core each, not the gate's two.
            concurrency: self.concurrency.unwrap_or_else(one_per_core).max(1),
            tags: self.tags.clone(),
            name: self.name.clone(),
            quiet: true,
            ..RunOptions::reference()
        };
        self.remote.apply(&mut options);
        Ok(options)
    }

    /// The arguments a worker gets (`--worker DIR` is added per worker).
    fn worker_args(&self, base: &RunPlan) -> Vec<OsString> {
        let mut out: Vec<OsString> = vec![
            "--browser".into(),
            base.engines.first().map_or("chromium", |e| e.name()).into(),
            "--concurrency".into(),
            base.concurrency.to_string().into(),
            "--timeout-factor".into(),
            self.timeout_factor.to_string().into(),
        ];
        // The rounds are the coordinator's; a worker runs the trials it is handed.
        if let Some(tags) = &self.tags {
            out.extend(["--tags".into(), tags.into()]);
        }
        if let Some(name) = &self.name {
            out.extend(["--name".into(), name.into()]);
        }
        out.extend(self.remote.worker_args());
        out
    }
}

/// Why a campaign ended without a report, and its exit code.
#[derive(Debug)]
pub struct Stopped {
    /// 2 (could not run) or the signal's code.
    pub exit_code: u8,
    /// What happened, for people.
    pub message: String,
    /// The mutants tested before an interruption, reported all the same (boxed: a report is
    /// large, and most errors have none).
    pub partial: Option<Box<Report>>,
}

impl Stopped {
    fn could_not_run(message: impl Into<String>) -> Self {
        Self {
            exit_code: 2,
            message: message.into(),
            partial: None,
        }
    }
}

/// Runs the campaign `args` ask for and writes its reports.
///
/// # Errors
/// [`Stopped`] when it could not run or was interrupted.
pub async fn run(args: Args) -> Result<Report, Stopped> {
    let started = Instant::now();
    let engine = one_engine(args.browser)?;
    let widget = args
        .widget
        .clone()
        .unwrap_or_else(|| project_path("fixtures/widget/livechat.js"));
    let report_dir = args
        .report
        .clone()
        .unwrap_or_else(|| project_path("target/mutation"));
    // Before the build and the coverage pass: a Grid that is not there is a "could not run"
    // in seconds.
    let concurrency = args.base_options()?.concurrency;
    args.remote
        .check(engine, args.workers, concurrency)
        .await
        .map_err(Stopped::could_not_run)?;
    let work = report_dir.join("build");
    std::fs::create_dir_all(&work)
        .map_err(|e| Stopped::could_not_run(format!("cannot create {}: {e}", work.display())))?;
    let schemata = Schemata::build(&widget, &work).map_err(Stopped::could_not_run)?;
    eprintln!(
        "mutation: {} mutants of {} in one schemata build",
        schemata.mutants.len(),
        widget.display()
    );

    let base = RunPlan::new(args.base_options()?);
    let pool = BrowserPool::new(engine, base.browser.clone())
        .map(Arc::new)
        .map_err(|e| Stopped::could_not_run(e.to_string()))?;

    let outcome = campaign(&args, base, schemata, &work, pool.clone()).await;
    pool.shutdown().await;
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    // A remote session left by a batch dropped at its time limit goes back to the Grid.
    reaper::close_remote_sessions().await;

    let (mut results, baseline, interrupted) = outcome?;
    // Reports list mutants in the widget's order, whatever order they finished in.
    results.sort_by_key(|r| r.mutant.id.parse::<u64>().unwrap_or(u64::MAX));
    let report = Report {
        widget: widget.display().to_string(),
        engine: engine.name().to_owned(),
        mutants_total: baseline.2,
        sample: args.sample,
        seed: args.seed,
        scenarios: baseline.0,
        coverage_pass_seconds: baseline.1,
        seconds: started.elapsed().as_secs_f64(),
        results,
    };
    writers::write_all(&report, &report_dir).map_err(Stopped::could_not_run)?;
    match interrupted {
        None => Ok(report),
        Some(verdict) => Err(Stopped {
            exit_code: verdict.exit_code(),
            message: format!(
                "{} (the reports hold the mutants tested so far)",
                verdict.headline()
            ),
            partial: Some(Box::new(report)),
        }),
    }
}

/// The coverage pass's scenarios, its seconds, and how many mutants the build has.
type BaselineFacts = (usize, f64, usize);

async fn campaign(
    args: &Args,
    base: RunPlan,
    schemata: Schemata,
    work: &std::path::Path,
    pool: Arc<BrowserPool>,
) -> Result<(Vec<MutantResult>, BaselineFacts, Option<Verdict>), Stopped> {
    let baseline = coverage_pass(&base, &schemata, work, pool.clone())
        .await
        .map_err(|verdict| Stopped {
            exit_code: if verdict.interruption().is_some() {
                verdict.exit_code()
            } else {
                2
            },
            message: match &verdict {
                // Not the schemata's fault: no browser, a Grid that stopped answering…
                Verdict::CouldNotRun(why) => format!("the coverage pass could not run: {why}"),
                _ => format!(
                    "the suite must pass against the schemata with no mutant on before \
                     mutants can say anything; it did not (its reports: {}):\n{}",
                    work.join("baseline").display(),
                    verdict.headline()
                ),
            },
            partial: None,
        })?;
    eprintln!(
        "mutation: coverage pass: {} scenarios in {:.0} s reach {} of {} mutants",
        baseline.scenarios,
        baseline.seconds,
        baseline.coverage.covered(),
        schemata.mutants.len()
    );
    let facts = (baseline.scenarios, baseline.seconds, schemata.mutants.len());
    let kill_log = KillLog::afresh(work).map_err(Stopped::could_not_run)?;
    let chosen: Vec<_> = schemata
        .mutants
        .iter()
        .filter(|m| args.mutants.is_empty() || args.mutants.contains(&m.id))
        .cloned()
        .collect();
    let mut chosen = plan::sample(&chosen, args.sample, args.seed);
    // The mutants with the most scenarios first: a survivor among them takes minutes, and
    // started last it would keep one worker busy while the others idle.
    chosen.sort_by_key(|m| std::cmp::Reverse(baseline.coverage.scenarios(&m.id).len()));
    let total = chosen.len();
    let mut done = 0;
    let progress = |r: &MutantResult| {
        done += 1;
        eprintln!(
            "mutation: {done}/{total} #{} {} {} {}: {} ({} runs of its {} scenarios, {:.1} s)",
            r.mutant.id,
            r.mutant.location(),
            r.mutant.mutator,
            one_line(&r.mutant.replacement, 40),
            r.status.label(),
            r.scenarios_run,
            r.covering,
            r.seconds
        );
    };
    let coverage = baseline.coverage.clone();
    let mut tester = if args.workers > 1 {
        // The coordinator's browsers would only idle while the workers run.
        pool.shutdown().await;
        save_baseline(work, &baseline).map_err(Stopped::could_not_run)?;
        let exe = match &args.worker_program {
            Some(p) => p.clone(),
            None => std::env::current_exe()
                .map_err(|e| Stopped::could_not_run(format!("cannot find this program: {e}")))?,
        };
        Tester::Workers(Workers {
            exe,
            args: args.worker_args(&base),
            count: args.workers,
            build: work.to_owned(),
        })
    } else {
        Tester::InProcess(Box::new(Campaign::new(
            base,
            schemata,
            baseline,
            pool,
            work,
            args.timeout_factor,
            kill_log,
        )))
    };
    let rounds = Rounds {
        alone: args.alone.max(1),
        group_size: args.group_size.map(|k| k.max(1)),
        workers: args.workers,
    };
    let (results, stopped) = test_all(&mut tester, chosen, rounds, &coverage, progress).await;
    Ok((results, facts, stopped))
}

fn one_engine(engines: Engines) -> Result<Engine, Stopped> {
    match engines.list().as_slice() {
        [one] => Ok(*one),
        _ => Err(Stopped::could_not_run(
            "--browser takes one engine (chromium, firefox or webkit)",
        )),
    }
}

#[cfg(test)]
mod tests;
