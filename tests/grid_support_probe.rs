//! Self-check of tests/support/grid.rs against a real Selenium Grid 4 (needs
//! scripts/install-grid.sh, Chromium, chromedriver, Firefox ESR and geckodriver): a standalone
//! server runs a Chromium and a Firefox session; a hub with two one-slot nodes spreads two
//! concurrent Chromium sessions over both nodes; afterwards no Java, driver or browser process
//! the test started is left.

#[path = "support/grid.rs"]
mod grid;

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder};
use grid::Grid;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value};

async fn open(url: &str, caps: Map<String, Value>, what: &str) -> (Client, Duration) {
    let started = Instant::now();
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(caps);
    let client = builder
        .connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot open a {what} session through {url}: {e}"));
    (client, started.elapsed())
}

async fn blank(client: &Client) {
    client.goto("about:blank").await.expect("goto about:blank");
    assert_eq!(
        client.current_url().await.expect("current url").as_str(),
        "about:blank"
    );
}

/// Whether `ancestor` is an ancestor of `pid`.
fn descends_from(pid: i32, ancestor: i32) -> bool {
    let mut current = pid;
    for _ in 0..64 {
        let Some(info) = grid::proc_info(current) else {
            return false;
        };
        if info.ppid == ancestor {
            return true;
        }
        if info.ppid <= 1 {
            return false;
        }
        current = info.ppid;
    }
    false
}

/// Java, driver and browser processes that are descendants of this test, or that started after
/// it and carry a grid marker (others that started meanwhile belong to someone else on this
/// shared machine and are only listed).
fn leftovers(me: i32, my_start: u64) -> (Vec<String>, Vec<String>) {
    let mut ours = Vec::new();
    let mut others = Vec::new();
    for p in grid::processes() {
        if p.state == 'Z' || p.pid == me || !grid::is_grid_program(p.pid) {
            continue;
        }
        let descendant = descends_from(p.pid, me);
        if !descendant && p.start_ticks < my_start {
            continue;
        }
        let program: String = grid::program(p.pid).chars().take(60).collect();
        let line = format!("{} {} ({program})", p.pid, p.comm);
        if descendant || grid::env_var(p.pid, grid::MARKER_VAR).is_some() {
            ours.push(line);
        } else {
            others.push(line);
        }
    }
    (ours, others)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grid_support_probe() {
    let began = Instant::now();
    let me = i32::try_from(std::process::id()).unwrap();
    let my_start = grid::proc_info(me).expect("own /proc entry").start_ticks;
    let jar = grid::jar().unwrap_or_else(|e| panic!("{e}"));

    // Standalone: one Chromium and one Firefox session.
    let t = Instant::now();
    let standalone = Grid::standalone(&jar)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("probe: standalone ready in {:.1?}", t.elapsed());

    let (chromium, took) = open(
        standalone.url(),
        standalone.chromium_capabilities(),
        "Chromium",
    )
    .await;
    eprintln!("probe: standalone Chromium session in {took:.1?}");
    blank(&chromium).await;

    // Chromium's crashpad handlers leave the process group; the marker must still find them.
    let escaped: Vec<String> = grid::processes()
        .into_iter()
        .filter(|p| p.state != 'Z' && p.start_ticks >= my_start && !descends_from(p.pid, me))
        .filter(|p| grid::is_grid_program(p.pid))
        .map(|p| {
            format!(
                "{} {} marker={}",
                p.pid,
                p.comm,
                grid::env_var(p.pid, grid::MARKER_VAR).is_some()
            )
        })
        .collect();
    eprintln!("probe: processes outside the test's tree while Chromium runs: {escaped:?}");

    chromium.close().await.expect("close Chromium session");

    let (firefox, took) = open(standalone.url(), Grid::firefox_capabilities(), "Firefox").await;
    eprintln!("probe: standalone Firefox session in {took:.1?}");
    blank(&firefox).await;
    firefox.close().await.expect("close Firefox session");

    assert_eq!(
        standalone.sessions_per_node(),
        vec![2],
        "{}",
        standalone.log_tails()
    );
    let t = Instant::now();
    standalone.stop().await;
    eprintln!("probe: standalone stopped in {:.1?}", t.elapsed());

    // Hub and two one-slot nodes: two concurrent sessions must land on different nodes.
    let t = Instant::now();
    let hub = Grid::hub_and_nodes(&jar, 2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("probe: hub + 2 nodes ready in {:.1?}", t.elapsed());

    let ((a, took_a), (b, took_b)) = tokio::join!(
        open(hub.url(), hub.chromium_capabilities(), "Chromium"),
        open(hub.url(), hub.chromium_capabilities(), "Chromium"),
    );
    eprintln!(
        "probe: two concurrent Chromium sessions through the hub in {took_a:.1?} and {took_b:.1?}"
    );
    tokio::join!(blank(&a), blank(&b));
    let mut per_node = hub.sessions_per_node();
    per_node.sort_unstable();
    assert_eq!(per_node, vec![1, 1], "{}", hub.log_tails());
    let ids: HashSet<_> = [a.session_id().await, b.session_id().await]
        .into_iter()
        .map(|id| id.expect("session id").expect("a session"))
        .collect();
    assert_eq!(ids.len(), 2);
    let online = hub.log_lines_containing("error sending request");
    assert!(
        online.is_empty(),
        "Selenium Manager tried the network: {online:?}"
    );
    a.close().await.expect("close first session");
    b.close().await.expect("close second session");
    let t = Instant::now();
    hub.stop().await;
    eprintln!("probe: hub and nodes stopped in {:.1?}", t.elapsed());

    let (ours, others) = leftovers(me, my_start);
    if !others.is_empty() {
        eprintln!("probe: ignored (not started by this test): {others:?}");
    }
    assert!(ours.is_empty(), "processes left behind: {ours:?}");
    eprintln!("probe: total {:.1?}", began.elapsed());
}
