//! The browsers' side of the campaign: a [`Campaign`] runs trials ([`super::trial`]) one after
//! the other through the suite's own runner and one browser pool, writing each trial's copy
//! of the widget with its mutants switched on.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
};

use super::{
    batch_trace,
    campaign::Baseline,
    coverage::{self, MutantCoverage, ScenarioRef},
    kill_log::{Kill, KillLog},
    loaded::Loaded,
    plan::Scheduler,
    schemata::{Mutant, Schemata},
    trial::{self, BatchEnd, Request, Tested},
};
use crate::{
    Verdict,
    browser::BrowserPool,
    plan::{RunPlan, Widget},
    runner::run_plan_with_pool,
};

/// A mutant's hit limit is this many times the most its code ran on one page of the coverage
/// pass (Stryker's own factor), plus a floor for code that ran a handful of times.
const HIT_FACTOR: u64 = 100;
const HIT_FLOOR: u64 = 10_000;

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
    /// Which mutants are known to load: a run of them needs no preflight page load.
    loaded: Mutex<Loaded>,
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
            loaded: Mutex::default(),
        }
    }

    /// Runs the request's mutants switched on together against the scenarios that execute
    /// them until each has a verdict, or for at most its `batches` batches ([`trial::run`]);
    /// mutants the request says have `loaded` before need no preflight.
    ///
    /// # Errors
    /// The interrupted verdict when Ctrl-C or SIGTERM stopped the run: the campaign stops.
    pub async fn test_together(&mut self, request: &Request) -> Result<Tested, Verdict> {
        let Request {
            mutants,
            batches,
            loaded,
        } = request;
        if *loaded {
            let mut known = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            known.alone(mutants.iter().map(|m| m.id.as_str()));
        }
        // Every worker's kills since this worker's last trial.
        for kill in self.kill_log.new_kills() {
            self.scheduler.killed_by(&kill.scenario, kill.line);
        }
        let mutants = mutants
            .iter()
            .map(|m| (m.clone(), self.coverage.scenarios(&m.id)))
            .collect();
        let this = &*self;
        let tested = trial::run(mutants, *batches, &self.scheduler, |on, batch| async move {
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
        let known_to_load = {
            let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            loaded.knows(&ids)
        };
        let started = std::time::Instant::now();
        let mut end = self.run_batch(batch, known_to_load).await?;
        if matches!(end, BatchEnd::CouldNotRun(_)) {
            end = self.run_batch(batch, known_to_load).await?;
        }
        batch_trace::record(&ids, batch.len(), started.elapsed(), &end);
        if end == BatchEnd::Passed {
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            loaded.passed(&ids);
        }
        Ok(end)
    }

    /// Runs `batch` with the build written for it; `known_to_load`: without the preflight.
    async fn run_batch(
        &self,
        batch: &[ScenarioRef],
        known_to_load: bool,
    ) -> Result<BatchEnd, Verdict> {
        let harvest = Arc::new(coverage::hit_harvest());
        let lines: Vec<_> = batch.iter().map(ScenarioRef::place).collect();
        let mut plan = self.base.at_lines(&lines).for_build(
            Widget::File(self.active.clone()),
            self.base.only_engine().engine,
            None,
            Some(harvest.clone()),
        );
        plan.known_to_load = known_to_load;
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
