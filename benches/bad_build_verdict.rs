//! Benchmark, not a test: how fast the gate says "no" to a build that never loads, against
//! the time it takes to say "yes" to the reference widget. Per engine, in one run on this
//! machine, the whole selection (every scenario) through [`herodesk_conformance::run`]:
//!
//! - the reference widget (exit 0), seconds to its verdict;
//! - never-loading builds of `fixtures/hostile/`: a syntax error and a loop that blocks the
//!   page at load (exit 1 from the preflight), seconds to their verdict;
//! - the ratio never-loading / reference (smaller is better; the gate must not take hours
//!   on a broken build).
//!
//! `cargo bench --bench bad_build_verdict [-- firefox|chromium|all]` (default: all).

use std::time::Instant;

use herodesk_conformance::{RunOptions, browser::Engines, run, runner::project_path};

/// The never-loading builds, with what they do.
const BUILDS: [(&str, &str); 2] = [
    ("syntax-error.js", "syntax error"),
    ("blocks-at-load.js", "`while (true) {}` at load"),
];

#[tokio::main]
async fn main() {
    let engines = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or("all".to_owned(), |a| a)
        .parse::<Engines>()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut rows = Vec::new();
    for engine in engines.list() {
        let options = RunOptions {
            engines: vec![engine],
            quiet: true,
            ..RunOptions::reference()
        };
        let (reference, code) = timed(options.clone()).await;
        assert_eq!(code, 0, "{engine}: the reference widget must conform");
        for (file, what) in BUILDS {
            let bad = RunOptions {
                widget: project_path(&format!("fixtures/hostile/{file}")),
                ..options.clone()
            };
            let (secs, code) = timed(bad).await;
            // 1 is the verdict; a 2 (a replacement browser that would not start on a loaded
            // machine) is shown in the table, never a pass.
            assert_ne!(code, 0, "{engine}: {what} must not conform");
            rows.push((engine, what, code, secs, reference));
        }
    }
    println!(
        "\n({} cores, default concurrency, every scenario)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| engine | build | exit | its verdict | reference verdict | ratio |");
    println!("|---|---|---|---|---|---|");
    for (engine, what, code, secs, reference) in rows {
        println!(
            "| {engine} | {what} | {code} | {secs:.1} s | {reference:.1} s | {:.2} |",
            secs / reference
        );
    }
}

/// Seconds from the start of a run to its verdict, and its exit code.
async fn timed(options: RunOptions) -> (f64, u8) {
    let started = Instant::now();
    let verdict = run(options).await;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{secs:.1} s: {}",
        verdict.headline().lines().last().unwrap_or_default()
    );
    (secs, verdict.exit_code())
}
