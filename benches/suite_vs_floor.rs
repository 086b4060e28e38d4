//! Benchmark, not a test: how close the whole suite comes to the floor of what its browsers
//! must do. Per engine, in one run on this machine:
//!
//! - (b) the suite: every scenario against the reference widget, at the default concurrency,
//!   counting from the mock's journal the host pages loaded, widget scripts loaded and identify
//!   calls made;
//! - (a) the floor: a bare fantoccini loop, no Cucumber, with the same number of browsers, that
//!   loads the same number of host pages and waits for each widget to boot, identifying as
//!   many new contacts as the suite did;
//! - the ratio b/a (goal ≤ 1.5).
//!
//! `cargo bench --bench suite_vs_floor [-- firefox|chromium|webkit|all] [--concurrency N]` (default:
//! all engines, one browser per core).

use std::{sync::Arc, time::Instant};

use herodesk_conformance::{
    RunOptions, Verdict,
    backend::Backend,
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    browser::{BrowserPool, Engine, Engines, reaper},
    pages::{
        herodesk,
        host_page::{self, HostPageVisit},
    },
    runner::{RunStats, project_path, run_with_stats},
};
use herodesk_mock::{MockConfig, start};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let engines = args
        .iter()
        .find(|a| !a.starts_with('-') && a.parse::<usize>().is_err())
        .map_or("all", String::as_str)
        .parse::<Engines>()
        .unwrap_or_else(|e| panic!("{e}"));
    let concurrency = args
        .iter()
        .position(|a| a == "--concurrency")
        .and_then(|i| args.get(i + 1))
        .map_or(RunOptions::reference().concurrency, |n| {
            n.parse().expect("--concurrency N")
        });
    let mut rows = Vec::new();
    for engine in engines.list() {
        let (suite_secs, stats) = suite(engine, concurrency).await;
        let floor_secs = floor(engine, concurrency, &stats).await;
        rows.push((engine, suite_secs, floor_secs, stats));
    }
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    println!(
        "\nconcurrency {concurrency} ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "| engine | scenarios | page loads | widget loads | identify calls | floor (a) | suite (b) | b/a |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (engine, b, a, s) in rows {
        println!(
            "| {engine} | {} | {} | {} | {} | {a:.1} s | {b:.1} s | {:.2} |",
            s.scenarios,
            s.page_loads,
            s.widget_loads,
            s.identify_calls,
            b / a
        );
    }
}

/// The whole suite in `engine`: seconds from pool creation to verdict, and what it did.
async fn suite(engine: Engine, concurrency: usize) -> (f64, RunStats) {
    let options = RunOptions {
        engines: vec![engine],
        concurrency,
        quiet: true,
        ..RunOptions::reference()
    };
    let started = Instant::now();
    let pool = Arc::new(BrowserPool::new(engine, options.browser.clone()).expect("pool"));
    let (verdict, stats) = run_with_stats(options, pool.clone()).await;
    pool.shutdown().await;
    let secs = started.elapsed().as_secs_f64();
    assert!(
        matches!(verdict, Verdict::Conforms { .. }),
        "{engine}: {}",
        verdict.headline()
    );
    eprintln!("{engine}: suite {secs:.1} s, {stats:?}");
    (secs, stats)
}

/// The floor in `engine`: `stats.page_loads` host pages over `concurrency` browsers, each
/// waited on until the widget has booted; the first `stats.identify_calls` pages sign in a new
/// contact (an identify call), the rest the contact their browser already knows.
async fn floor(engine: Engine, concurrency: usize, stats: &RunStats) -> f64 {
    let started = Instant::now();
    let script = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let mock = start(MockConfig::loopback(script)).await.expect("mock");
    let backend = Backend::new(mock.api_url());
    let workspace = backend.create_workspace().await.expect("workspace");
    let pool = BrowserPool::new(engine, RunOptions::reference().browser).expect("pool");
    let site = workspace.site_url.clone();
    let pages = stats.page_loads;
    let identifies = stats.identify_calls;
    let lanes = (0..concurrency).map(|lane| {
        let (pool, site) = (&pool, &site);
        async move {
            let browser = pool.open().await.expect("browser");
            let client = browser.client();
            for page in (lane..pages).step_by(concurrency) {
                let email = if page < identifies {
                    format!("visitor{page}@example.com")
                } else {
                    format!("visitor{lane}@example.com")
                };
                host_page::open(client, site, &HostPageVisit::signed_in(&email))
                    .await
                    .expect("page");
                until("the widget to boot", DEFAULT_TIMEOUT, || async {
                    let s = herodesk::state(client).await?;
                    Ok(if s.is_booted == Some(true) {
                        Probe::Ready(())
                    } else {
                        Probe::NotYet(format!("{s:?}"))
                    })
                })
                .await
                .expect("boot");
            }
            browser
        }
    });
    let browsers = futures::future::join_all(lanes).await;
    for b in browsers {
        pool.release(b, mock.site_url()).await;
    }
    pool.shutdown().await;
    let secs = started.elapsed().as_secs_f64();
    eprintln!("{engine}: floor {secs:.1} s for {pages} page loads");
    secs
}
