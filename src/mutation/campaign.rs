//! What the campaign learns and hands on: the coverage pass (the whole selection against the
//! schemata, no mutant on, through the suite's own runner) and each mutant's outcome. The
//! mutants' own runs are trials ([`super::trial`]) that a [`super::tester::Campaign`] runs
//! in its browsers.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};

use super::{
    coverage::{self, MutantCoverage},
    plan::{self, Scheduler},
    schemata::{Mutant, Schemata},
};
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
