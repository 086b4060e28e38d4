//! The mutation campaign past one machine: `mutation --webdriver-url` on a real Selenium Grid 4
//! (a hub and two nodes of one slot each, `tests/support/grid.rs`). The coordinator's coverage
//! pass and both workers take their browsers from the Grid, each worker with its own mock
//! listening on every interface and named by this machine's network address, as for nodes on
//! other machines. The campaign must end with a report whose verdicts are those of a local
//! run (`tests/mutation_smoke.rs`: the two known-killable mutants killed by E1), the two
//! workers' sessions must land on both nodes, no driver or browser may start on this side,
//! and the Grid must hold no session after. And a `--webdriver-url` where nothing answers is
//! "could not run" (exit 2) in seconds, before anything is built.
//!
//! Run alone: `cargo test --test grid_mutation` (about a minute here).

#[path = "support/grid.rs"]
mod grid;

use std::{
    collections::{BTreeSet, HashMap},
    process::Command,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use clap::Parser as _;
use herodesk_conformance::{
    mutation::{
        campaign::Status,
        command::{Args, run},
        schemata::{Mutant, Schemata},
    },
    runner::project_path,
};

/// The mutation binary: workers are processes of it.
const MUTATION: &str = env!("CARGO_BIN_EXE_mutation");

/// The mutant of `original` → `replacement` on the widget's line that contains `text`.
fn mutant(mutants: &[Mutant], text: &str, original: &str, replacement: &str) -> String {
    let source = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let line = source
        .lines()
        .position(|l| l.contains(text))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("the reference widget has no line with {text:?}"));
    mutants
        .iter()
        .find(|m| m.line == line && m.original == original && m.replacement == replacement)
        .map(|m| m.id.clone())
        .unwrap_or_else(|| panic!("no mutant {original} → {replacement} on line {line}"))
}

/// Watches this process's descendants for a driver or browser the Grid did not start (the
/// Grid's carry its marker in their environment), until dropped; returns what it saw.
struct LocalBrowserWatch {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<BTreeSet<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LocalBrowserWatch {
    fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let (s, found) = (stop.clone(), seen.clone());
        let thread = std::thread::spawn(move || {
            let me = i32::try_from(std::process::id()).unwrap();
            while !s.load(Ordering::Relaxed) {
                found.lock().unwrap().extend(local_browsers(me));
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        Self {
            stop,
            seen,
            thread: Some(thread),
        }
    }

    fn finish(mut self) -> BTreeSet<String> {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// Drivers and browsers descended from `me` but not from one of the Grid's Java processes.
/// (Ancestry, not only the Grid's marker: Chromium's helper processes overwrite their
/// environment with their titles, so theirs cannot be read.)
fn local_browsers(me: i32) -> Vec<String> {
    let all = grid::processes();
    let by_pid: HashMap<i32, &grid::ProcInfo> = all.iter().map(|p| (p.pid, p)).collect();
    // Whether `pid` descends from `me` other than through Java.
    let local = |mut pid: i32| {
        for _ in 0..64 {
            let Some(p) = by_pid.get(&pid) else {
                return false;
            };
            if p.comm == "java" {
                return false;
            }
            if p.ppid == me {
                return true;
            }
            if p.ppid <= 1 {
                return false;
            }
            pid = p.ppid;
        }
        false
    };
    all.iter()
        .filter(|p| p.state != 'Z' && local(p.pid))
        .filter(|p| {
            let text = format!("{} {}", grid::program(p.pid), p.comm).to_lowercase();
            [
                "chromedriver",
                "chromium",
                "chrome",
                "geckodriver",
                "firefox",
            ]
            .iter()
            .any(|n| text.contains(n))
        })
        .filter(|p| grid::env_var(p.pid, grid::MARKER_VAR).is_none())
        .map(|p| format!("{} {}", p.pid, p.comm))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_s_workers_take_their_browsers_from_a_grid_of_two_nodes() {
    let started = Instant::now();
    let jar = grid::jar().unwrap_or_else(|e| panic!("{e}"));
    let grid = grid::Grid::hub_and_nodes(&jar, 2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let report = tempfile::tempdir().unwrap();
    let mutants = Schemata::build(
        &project_path("fixtures/widget/livechat.js"),
        &report.path().join("build"),
    )
    .expect("mutate.js builds the schemata")
    .mutants;
    let booted = mutant(&mutants, "state.booted = true;", "true", "false");
    let ready = mutant(&mutants, "state.ready = true;", "true", "false");
    let ids = format!("{booted},{ready}");
    let api_host = grid::network_address();
    let args = Args::try_parse_from([
        "mutation",
        "--browser",
        "chromium",
        "--tags",
        "@spec-E1",
        "--name",
        "true after a boot with valid parameters",
        "--mutants",
        &ids,
        "--workers",
        "2",
        "--concurrency",
        "1",
        "--worker-program",
        MUTATION,
        "--report",
        report.path().to_str().unwrap(),
        "--webdriver-url",
        grid.url(),
        // As for nodes on other machines: each worker's mock on every interface, its API
        // named by this machine's network address.
        "--mock-listen",
        "0.0.0.0",
        "--mock-api-host",
        &api_host,
    ])
    .unwrap();

    let watch = LocalBrowserWatch::start();
    let result = run(args).await;
    let local = watch.finish();
    let result = result.unwrap_or_else(|s| panic!("{}\n{}", s.message, grid.log_tails()));

    assert!(
        local.is_empty(),
        "drivers or browsers started on this side, not on the Grid: {local:?}"
    );
    assert_eq!(result.scenarios, 1, "one scenario in the coverage pass");
    // A local run's verdicts (tests/mutation_smoke.rs): both killed, by E1.
    for id in [&booted, &ready] {
        let r = result
            .results
            .iter()
            .find(|r| &r.mutant.id == id)
            .unwrap_or_else(|| panic!("no verdict on #{id}: {:?}", result.results));
        assert_eq!(
            r.status,
            Status::Killed,
            "#{id}: {}\n{}",
            r.detail,
            grid.log_tails()
        );
        assert!(r.detail.contains("E1"), "#{id} killed by {}", r.detail);
    }
    for file in ["mutation.txt", "mutation.html", "mutation.json"] {
        assert!(report.path().join(file).is_file(), "{file} missing");
    }
    // The coverage pass's session, then one per worker at once: with one slot per node, the
    // two workers' sessions cannot share a node.
    let per_node = grid.sessions_per_node();
    assert!(
        per_node.len() == 2
            && per_node.iter().all(|n| *n >= 1)
            && per_node.iter().sum::<usize>() >= 3,
        "sessions per node {per_node:?}: the coverage pass and both workers should have used the Grid's two nodes"
    );
    assert_eq!(
        grid.sessions_left().await,
        0,
        "sessions left open on the hub"
    );
    grid.stop().await;
    eprintln!(
        "grid mutation test: {:.0} s; {}",
        started.elapsed().as_secs_f64(),
        result.headline()
    );
}

#[test]
fn a_webdriver_url_where_nothing_answers_is_could_not_run_in_seconds() {
    // A loopback port that was free a moment ago (refused at once), and an address that
    // routes nowhere (no answer: the check's own timeout).
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    for url in [
        format!("http://127.0.0.1:{port}"),
        "http://192.0.2.1:4444".into(),
    ] {
        let report = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let out = Command::new(MUTATION)
            .args(["--webdriver-url", &url, "--report"])
            .arg(report.path())
            .output()
            .unwrap();
        let took = started.elapsed();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {text}");
        assert!(
            text.contains(&format!("nothing answers at --webdriver-url {url}"))
                && text.contains("start the Grid"),
            "{url}: {text}"
        );
        assert!(!text.contains("panicked"), "{url}: {text}");
        assert!(took < Duration::from_secs(30), "{url}: took {took:?}");
        // Refused before anything was built.
        assert!(
            !report.path().join("build").exists(),
            "{url}: a build was made"
        );
    }
}
