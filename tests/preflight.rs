//! The preflight page load (does the build load at all?) runs before a run's scenarios, unless
//! the plan says the build is known to load: the mutation campaign's culprit searches run
//! mutants that passed a run before, in many short runs, where that page load would be a
//! large share of each.

use std::sync::Arc;

use herodesk_conformance::{
    RunOptions, Verdict,
    browser::{BrowserPool, Engine},
    plan::RunPlan,
    runner::run_plan_with_pool,
};

#[tokio::test(flavor = "current_thread")]
async fn a_build_known_to_load_is_run_without_the_preflight_page_load() {
    let options = RunOptions {
        engines: vec![Engine::Chromium],
        name: Some("the moment isReady turns true, the iframe exists and show opens".into()),
        concurrency: 1,
        quiet: true,
        ..RunOptions::reference()
    };
    let pool = Arc::new(BrowserPool::new(Engine::Chromium, options.browser.clone()).unwrap());
    let mut plan = RunPlan::new(options);
    let mut loads = Vec::new();
    for known in [false, true] {
        plan.known_to_load = known;
        let (verdict, stats, _) = run_plan_with_pool(&plan, pool.clone()).await;
        assert!(
            matches!(verdict, Verdict::Conforms { scenarios: 1 }),
            "known_to_load {known}: {}",
            verdict.headline()
        );
        loads.push(stats.page_loads);
    }
    pool.shutdown().await;
    assert_eq!(
        loads[0],
        loads[1] + 1,
        "host page loads with the preflight, then without: {loads:?}"
    );
}
