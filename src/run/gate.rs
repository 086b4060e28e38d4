//! The gate after one engine's scenarios: the baseline's judgement (`--baseline`), which sets
//! each scenario's final status for the reports ([`crate::report::write_final`]).

use crate::{
    browser::Engine, outcomes::ScenarioResult, outcomes::status::Status, plan::RunPlan,
    verdict::Verdict,
};

/// Judges `results` against the plan's baseline, if any, and returns the verdict: only
/// new failures, flaky scenarios not known as flaky, and known failures that now pass (unless
/// `--allow-fixed`) fail it. A run that reached no verdict on the widget keeps its own.
pub fn judge(
    plan: &RunPlan,
    engine: Engine,
    verdict: Verdict,
    results: &mut [ScenarioResult],
) -> Verdict {
    let judgeable = match &verdict {
        Verdict::Conforms { .. } => true,
        Verdict::DoesNotConform { failures } => !failures.is_empty(),
        Verdict::CouldNotRun(_) => false,
    };
    if !judgeable || results.is_empty() {
        return verdict;
    }
    let baseline = match &plan.baseline {
        Ok(Some(b)) => b,
        Ok(None) => return verdict,
        // The runner refuses a bad baseline before any browser starts; a run on a caller's
        // pool gets here.
        Err(why) => return Verdict::CouldNotRun(why.clone().into()),
    };
    let gate = baseline.judge(engine, results, plan.allow_fixed);
    println!("\nBaseline: {}", crate::baseline::tally(results));
    for r in results.iter().filter(|r| r.status != Status::Passed) {
        println!(
            "  {:<16} {}{}",
            r.status.label(),
            r.key,
            r.status
                .reason()
                .map(|why| format!("  ({why})"))
                .unwrap_or_default()
        );
    }
    // "Conforms (N scenarios passed)" counts only the scenarios that passed: an expected
    // failure must not read as a pass (the baseline's line above names them).
    let passed = results.iter().filter(|r| !r.status.failed_at_all()).count();
    Verdict::of_failures(passed, gate)
}
