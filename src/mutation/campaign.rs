//! What the campaign learns and hands on: the coverage pass (the whole selection against the
//! schemata, no mutant on, through the suite's own runner) and each mutant's outcome. The
//! mutants' own runs are trials ([`super::trial`]) that a [`Campaign`] runs in its browsers.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};

use super::{
    coverage::{self, MutantCoverage, ScenarioRef},
    kill_log::{Kill, KillLog},
    plan::{self, Scheduler},
    schemata::{Mutant, Schemata},
    trial::{self, BatchEnd, Tested},
};
/// A mutant's hit limit is this many times the most its code ran on one page of the coverage
/// pass (Stryker's own factor), plus a floor for code that ran a handful of times.
const HIT_FACTOR: u64 = 100;
const HIT_FLOOR: u64 = 10_000;

use crate::{
    Verdict,
    browser::BrowserPool,
    plan::{RunPlan, Widget},
    runner::run_plan_with_pool,
};

/// What became of a mutant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A scenario failed: the suite said "does not conform".
    Killed,
    /// Every scenario that executes its code passed.
    Survived,
    /// No scenario executes its code (counted as a survivor in the score).
    NoCoverage,
    /// It made the code loop until Stryker's hit limit stopped it, or its run took far
    /// longer than the same scenarios took without it.
    Timeout,
    /// The suite could not run its scenarios (a lost browser, twice): no verdict.
    CouldNotRun,
}

impl Status {
    /// How the reports name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Killed => "killed",
            Self::Survived => "survived",
            Self::NoCoverage => "no coverage",
            Self::Timeout => "timeout",
            Self::CouldNotRun => "could not run",
        }
    }
}

/// One mutant's outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MutantResult {
    /// The mutant.
    pub mutant: Mutant,
    /// What became of it.
    pub status: Status,
    /// The scenario that killed it and what it saw, or why there is no verdict.
    pub detail: String,
    /// How many scenarios execute its code.
    pub covering: usize,
    /// How many runs of its scenarios it took before the campaign knew (a scenario that
    /// failed a group counts again in the search for its culprit).
    pub scenarios_run: usize,
    /// Wall time spent on it, in seconds (for mutants tested together, the time of the
    /// trial until its verdict).
    pub seconds: f64,
    /// How many mutants were switched on together when the verdict came: 1 for a mutant
    /// tested alone; a survivor of a group passed its scenarios with the others on.
    #[serde(default = "alone")]
    pub together: usize,
}

fn alone() -> usize {
    1
}

/// What the coverage pass learnt. Saved as `baseline.json` for worker processes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// Which scenarios execute each mutant.
    pub coverage: MutantCoverage,
    /// How long each scenario took: `(file, line, seconds)`.
    pub durations: Vec<(String, usize, f64)>,
    /// How many scenarios the pass ran.
    pub scenarios: usize,
    /// How long it took, in seconds.
    pub seconds: f64,
}

impl Baseline {
    /// A scheduler for batches of `concurrency` scenarios, timed by this pass.
    pub fn scheduler(&self, concurrency: usize) -> Scheduler {
        let durations = self
            .durations
            .iter()
            .map(|(file, line, secs)| ((file.clone(), *line), Duration::from_secs_f64(*secs)))
            .collect();
        Scheduler::new(durations, concurrency)
    }
}

/// Runs the selection of `base` against the schemata with no mutant on, harvesting which
/// mutants each scenario's pages executed. Its reports (`cucumber.json`, `spec.html`) go to
/// `<work>/baseline/`.
///
/// # Errors
/// The verdict when it is not "conforms": mutants of a build that already fails its suite, or
/// of a schemata that does not behave as the build, would say nothing.
pub async fn coverage_pass(
    base: &RunPlan,
    schemata: &Schemata,
    work: &std::path::Path,
    pool: Arc<BrowserPool>,
) -> Result<Baseline, Verdict> {
    let started = Instant::now();
    let widget = work.join("coverage-pass.js");
    if let Err(e) = schemata.write_activated(&widget, &[], 0) {
        return Err(Verdict::CouldNotRun(
            format!("cannot write {}: {e}", widget.display()).into(),
        ));
    }
    let harvest = Arc::new(coverage::coverage_harvest());
    let plan = base.for_build(
        Widget::File(widget),
        base.only_engine().engine,
        Some(work.join("baseline")),
        Some(harvest.clone()),
    );
    let verdict = run_plan_with_pool(&plan, pool).await.0;
    let Verdict::Conforms { scenarios } = verdict else {
        return Err(verdict);
    };
    let durations = plan::durations(&work.join("baseline/cucumber.json"))
        .into_iter()
        .map(|((file, line), d)| (file, line, d.as_secs_f64()))
        .collect();
    Ok(Baseline {
        coverage: MutantCoverage::from_harvest(&harvest.take()),
        durations,
        scenarios,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Tests mutants one trial after the other with one browser pool.
#[derive(Debug)]
pub struct Campaign {
    base: RunPlan,
    schemata: Schemata,
    coverage: MutantCoverage,
    scheduler: Scheduler,
    pool: Arc<BrowserPool>,
    active: PathBuf,
    timeout_factor: f64,
    kill_log: KillLog,
}

impl Campaign {
    /// A campaign over `schemata` with the plan of `base` (engine, browsers, concurrency,
    /// features), the coverage pass's `baseline`, and `pool`. Each trial's copy of the
    /// widget is written to `<work>/active.js`; the kills are shared through `kill_log`.
    pub fn new(
        base: RunPlan,
        schemata: Schemata,
        baseline: Baseline,
        pool: Arc<BrowserPool>,
        work: &std::path::Path,
        timeout_factor: f64,
        kill_log: KillLog,
    ) -> Self {
        Self {
            scheduler: baseline.scheduler(base.concurrency),
            coverage: baseline.coverage,
            base,
            schemata,
            pool,
            active: work.join("active.js"),
            timeout_factor,
            kill_log,
        }
    }

    /// Runs `mutant` alone against the scenarios that execute it until one fails.
    ///
    /// # Errors
    /// The interrupted verdict when Ctrl-C or SIGTERM stopped the run: the campaign stops.
    pub async fn test(&mut self, mutant: &Mutant) -> Result<MutantResult, Verdict> {
        let mut tested = self
            .test_together(std::slice::from_ref(mutant), None)
            .await?;
        Ok(tested.results.remove(0))
    }

    /// Runs `mutants` switched on together against the scenarios that execute them until
    /// each has a verdict, or for at most `batches` batches ([`trial::run`]).
    ///
    /// # Errors
    /// The interrupted verdict when Ctrl-C or SIGTERM stopped the run: the campaign stops.
    pub async fn test_together(
        &mut self,
        mutants: &[Mutant],
        batches: Option<usize>,
    ) -> Result<Tested, Verdict> {
        // Every worker's kills since this worker's last trial.
        for kill in self.kill_log.new_kills() {
            self.scheduler.killed_by(&kill.scenario, kill.line);
        }
        let mutants = mutants
            .iter()
            .map(|m| (m.clone(), self.coverage.scenarios(&m.id)))
            .collect();
        let this = &*self;
        let tested = trial::run(mutants, batches, &self.scheduler, |on, batch| async move {
            this.run_together(&on, &batch).await
        })
        .await?;
        for (mutant, scenario) in &tested.kills {
            self.log_kill(mutant, scenario);
        }
        Ok(tested)
    }

    /// Shares a kill with the other workers; a log that cannot be written still teaches
    /// this worker.
    fn log_kill(&mut self, mutant: &Mutant, scenario: &ScenarioRef) {
        let kill = Kill {
            line: mutant.line,
            scenario: scenario.clone(),
        };
        if self.kill_log.append(&kill).is_err() {
            self.scheduler.killed_by(&kill.scenario, kill.line);
        }
    }

    /// Runs `batch` with `mutants` switched on; a lost browser is the suite's trouble, not
    /// the mutants': once more then.
    async fn run_together(
        &self,
        mutants: &[Mutant],
        batch: &[ScenarioRef],
    ) -> Result<BatchEnd, Verdict> {
        let ids: Vec<&str> = mutants.iter().map(|m| m.id.as_str()).collect();
        let limit: u64 = mutants
            .iter()
            .map(|m| self.coverage.max_hits(&m.id) * HIT_FACTOR + HIT_FLOOR)
            .sum();
        if let Err(e) = self.schemata.write_activated(&self.active, &ids, limit) {
            let why = format!("cannot write {}: {e}", self.active.display());
            return Ok(BatchEnd::CouldNotRun(why));
        }
        let end = self.run_batch(batch).await?;
        if matches!(end, BatchEnd::CouldNotRun(_)) {
            return self.run_batch(batch).await;
        }
        Ok(end)
    }

    async fn run_batch(&self, batch: &[ScenarioRef]) -> Result<BatchEnd, Verdict> {
        let harvest = Arc::new(coverage::hit_harvest());
        let lines: Vec<_> = batch.iter().map(ScenarioRef::place).collect();
        let plan = self.base.at_lines(&lines).for_build(
            Widget::File(self.active.clone()),
            self.base.only_engine().engine,
            None,
            Some(harvest.clone()),
        );
        let limit = self.scheduler.time_limit(batch, self.timeout_factor);
        // Dropping a run that overran stops its browsers (a dropped session stops its
        // driver's process group); the pool opens fresh ones for the next run.
        let Ok((verdict, ..)) =
            tokio::time::timeout(limit, run_plan_with_pool(&plan, self.pool.clone())).await
        else {
            return Ok(BatchEnd::Timeout(format!(
                "no verdict within {:.0} s",
                limit.as_secs_f64()
            )));
        };
        if verdict.interruption().is_some() {
            return Err(verdict);
        }
        if coverage::hit_limit_reached(&harvest.take()) {
            return Ok(BatchEnd::Timeout(
                "Stryker's hit limit stopped an endless loop".into(),
            ));
        }
        Ok(match verdict {
            Verdict::Conforms { .. } => BatchEnd::Passed,
            Verdict::DoesNotConform { failures } => {
                let by = failures
                    .iter()
                    .filter_map(|f| batch.iter().find(|s| s.name == f.scenario).cloned())
                    .collect();
                let what = failures
                    .first()
                    .map(|f| {
                        format!(
                            "{} [{}]: {}",
                            f.scenario,
                            f.specs.join(","),
                            f.message.lines().next().unwrap_or_default()
                        )
                    })
                    .unwrap_or_else(|| "cucumber reported a failure".into());
                BatchEnd::Killed { by, what }
            }
            Verdict::CouldNotRun(why) => BatchEnd::CouldNotRun(why.to_string()),
        })
    }
}
