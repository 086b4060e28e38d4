//! The compare stage (`--compare OLD`): runs one plan per build, production and candidate, and
//! hands on what changed between them (`compare.json`, `compare.html`, the exit code).
//!
//! `--compare OLD`: the same selection against the build in production (OLD) and the
//! candidate (`--widget`), in the same engines with the same mock configuration, and what
//! changed: per statement and per scenario (regressed, fixed, unchanged) and the widget's calls
//! per route ([`diff`]), as text, `compare.json` and `compare.html` ([`report`]).
//!
//! Each engine gets one browser pool for both builds (the old one runs first); each build gets
//! its own mock instance, so the two journals never mix. The builds' own reports go to
//! `<report>/old/` and `<report>/new/`.

mod change;
pub mod diff;
pub mod report;
mod threshold;

use std::sync::Arc;

use crate::{
    browser::{BrowserPool, Engine, reaper},
    outcomes::ScenarioResult,
    plan::{RunPlan, Widget},
    runner::run_plan_with_pool,
    verdict::Verdict,
};

pub use diff::{Comparison, Threshold};

/// The build to compare against: a file (or a folder holding `livechat.js`) or a URL, as
/// [`Widget::parse`] reads `--compare OLD`.
pub type OldBuild = Widget;

/// How a comparison ended.
#[derive(Debug)]
pub enum Outcome {
    /// Both builds ran: the comparison (exit 0 or 1 by [`Comparison::exit_code`]).
    Compared(Box<Comparison>),
    /// A build could not be run, or a signal stopped the run: that verdict (exit 2, 130, 143).
    Stopped(Verdict),
}

impl Outcome {
    /// The exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Compared(c) => c.exit_code(),
            Self::Stopped(v) => v.exit_code(),
        }
    }
}

/// Runs `plan`'s selection against `old` and then against `plan`'s build, per engine, and
/// compares. `--baseline` and `--update-baseline` do not apply: the old build is the baseline.
pub async fn run(plan: RunPlan, old: OldBuild, threshold: Threshold) -> Outcome {
    let plain = plan.without_baseline();
    let new_name = plain.widget.describe();
    let several = plain.engines.len() > 1;
    let (mut old_runs, mut new_runs) = (Vec::new(), Vec::new());
    for &engine in &plain.engines {
        let folder = |side: &str| {
            plain.report_dir.as_ref().map(|d| {
                let d = d.join(side);
                if several { d.join(engine.name()) } else { d }
            })
        };
        let harvest = plain.harvest.clone();
        let old_plan = plain.for_build(old.clone(), engine, folder("old"), harvest.clone());
        let new_plan = plain.for_build(plain.widget.clone(), engine, folder("new"), harvest);
        match both(engine, &old_plan, &new_plan).await {
            Ok((o, n)) => {
                old_runs.push((engine, o));
                new_runs.push((engine, n));
            }
            Err(stopped) => return Outcome::Stopped(stopped),
        }
    }
    let comparison = Comparison::of(old.describe(), new_name, threshold, &old_runs, &new_runs);
    if let Some(dir) = &plain.report_dir {
        match report::write(dir, &comparison) {
            Ok(()) => println!(
                "Comparison: {} and {}",
                dir.join("compare.html").display(),
                dir.join("compare.json").display()
            ),
            Err(e) => eprintln!("compare.json / compare.html not written: {e}"),
        }
    }
    Outcome::Compared(Box::new(comparison))
}

/// The old build's results and then the new build's, in `engine`, with one browser pool;
/// the verdict that stopped it when either could not run or a signal came.
async fn both(
    engine: Engine,
    old: &RunPlan,
    new: &RunPlan,
) -> Result<(Vec<ScenarioResult>, Vec<ScenarioResult>), Verdict> {
    let pool = match BrowserPool::new(engine, old.browser.clone()) {
        Ok(pool) => Arc::new(pool),
        Err(e) => return Err(Verdict::CouldNotRun(e.to_string().into())),
    };
    let mut out = Vec::new();
    for (side, options) in [("old", old), ("new", new)] {
        eprintln!("\n=== {engine}: the {side} build ===");
        let (verdict, _, results) = run_plan_with_pool(options, pool.clone()).await;
        println!(
            "{engine}, {side} build: {}",
            verdict.headline().lines().last().unwrap_or_default()
        );
        let stopped = verdict.interruption().is_some()
            || (matches!(verdict, Verdict::CouldNotRun(_)) && results.is_empty());
        if stopped {
            out.clear();
            pool.shutdown().await;
            let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
            reaper::close_remote_sessions().await;
            return Err(verdict.prefixed(&format!("the {side} build: ")));
        }
        out.push(results);
    }
    pool.shutdown().await;
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    reaper::close_remote_sessions().await;
    let new = out.pop().unwrap_or_default();
    let old = out.pop().unwrap_or_default();
    Ok((old, new))
}
