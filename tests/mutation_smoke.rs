//! A smoke test of the mutation machinery (the campaign itself is too long for `cargo test`;
//! see docs/coverage-and-mutation.md, "Mutation testing"): the schemata build is one valid
//! classic script that adds no global but `Herodesk` and Stryker's namespace, and three
//! mutants of one small scenario go through the real runner in Chromium, in two worker
//! processes, with the known-killable ones killed.

use std::{path::Path, process::Command};

use clap::Parser as _;
use herodesk_conformance::{
    mutation::{
        campaign::Status,
        command::{Args, run},
        schemata::{Mutant, NAMESPACE, Schemata},
    },
    runner::project_path,
};

/// Runs the schemata in a bare JavaScript context with the few browser objects its load path
/// touches, and prints the globals it added, sorted, as JSON.
const GLOBALS_CHECK: &str = r#"
const vm = require('node:vm');
const fs = require('node:fs');
const sandbox = {
  URL, console,
  location: { href: 'http://localhost/' },
  document: { currentScript: null, body: null, cookie: '', addEventListener() {} },
};
sandbox.window = sandbox;
vm.createContext(sandbox);
const before = new Set(Object.getOwnPropertyNames(sandbox));
vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), sandbox, { filename: 'schemata.js' });
const added = Object.getOwnPropertyNames(sandbox).filter((n) => !before.has(n)).sort();
console.log(JSON.stringify(added));
"#;

fn node(args: &[&str]) -> std::process::Output {
    Command::new("node")
        .args(args)
        .output()
        .expect("node runs (scripts/install-deps.sh)")
}

fn find<'a>(mutants: &'a [Mutant], line: usize, original: &str, replacement: &str) -> &'a Mutant {
    mutants
        .iter()
        .find(|m| m.line == line && m.original == original && m.replacement == replacement)
        .unwrap_or_else(|| panic!("no mutant {original} → {replacement} on line {line}"))
}

fn line_of(source: &str, text: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(text))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("the reference widget has no line with {text:?}"))
}

fn check_schemata(dir: &Path) -> Vec<Mutant> {
    let schemata = Schemata::build(&project_path("fixtures/widget/livechat.js"), dir)
        .expect("mutate.js builds the schemata");
    let script = schemata.script.to_str().expect("a UTF-8 path");
    let check = node(&["--check", script]);
    assert!(
        check.status.success(),
        "the schemata is not valid JavaScript: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let globals = node(&["-e", GLOBALS_CHECK, script]);
    assert!(
        globals.status.success(),
        "the schemata did not load: {}",
        String::from_utf8_lossy(&globals.stderr)
    );
    // Stryker's helpers (stryNS_…, stryCov_…, stryMutAct_…) stay inside the wrapper.
    assert_eq!(
        String::from_utf8_lossy(&globals.stdout).trim(),
        format!("[\"Herodesk\",\"{NAMESPACE}\"]")
    );
    let text = std::fs::read_to_string(&schemata.script).unwrap();
    assert!(
        text.contains("'use strict';"),
        "the build's strict mode was lost"
    );
    assert!(
        schemata.mutants.len() > 100,
        "{} mutants",
        schemata.mutants.len()
    );
    for m in &schemata.mutants {
        assert!(
            !m.id.is_empty() && !m.mutator.is_empty() && m.line > 0 && m.column > 0,
            "{m:?}"
        );
        assert!(
            !m.original.is_empty() && m.original != m.replacement,
            "{m:?}"
        );
    }
    schemata.mutants
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schemata_is_one_clean_script_and_killable_mutants_are_killed() {
    let started = std::time::Instant::now();
    let report = tempfile::tempdir().unwrap();
    let mutants = check_schemata(&report.path().join("build"));

    let source = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let booted = find(
        &mutants,
        line_of(&source, "state.booted = true;"),
        "true",
        "false",
    );
    let ready = find(
        &mutants,
        line_of(&source, "state.ready = true;"),
        "true",
        "false",
    );
    let styling = mutants
        .iter()
        .find(|m| m.mutator == "StringLiteral" && m.original.starts_with("'header button{"))
        .expect("a mutant of the widget's styles");
    let ids = [&booted.id, &ready.id, &styling.id].map(|s| s.as_str());

    let report_dir = report.path().to_str().unwrap();
    let ids_arg = ids.join(",");
    let args = Args::try_parse_from([
        "mutation",
        "--browser",
        "chromium",
        "--tags",
        "@spec-E1",
        "--name",
        "true after a boot with valid parameters",
        "--mutants",
        &ids_arg,
        "--workers",
        "2",
        "--concurrency",
        "1",
        "--worker-program",
        env!("CARGO_BIN_EXE_mutation"),
        "--report",
        report_dir,
    ])
    .unwrap();
    let result = run(args).await.unwrap_or_else(|s| panic!("{}", s.message));

    assert_eq!(result.scenarios, 1, "one scenario in the coverage pass");
    let status = |id: &str| {
        result
            .results
            .iter()
            .find(|r| r.mutant.id == id)
            .map(|r| (r.status, r.detail.clone()))
            .unwrap_or_else(|| panic!("no result for #{id}: {result:?}"))
    };
    for id in [&booted.id, &ready.id] {
        let (s, detail) = status(id);
        assert_eq!(s, Status::Killed, "#{id}: {detail}");
        assert!(detail.contains("E1"), "#{id} killed by {detail}");
    }
    let (s, detail) = status(&styling.id);
    assert!(
        matches!(s, Status::Killed | Status::Survived),
        "#{}: {s:?} {detail}",
        styling.id
    );
    for file in ["mutation.txt", "mutation.html", "mutation.json"] {
        assert!(report.path().join(file).is_file(), "{file} missing");
    }
    eprintln!(
        "mutation smoke test: {:.0} s; {}",
        started.elapsed().as_secs_f64(),
        result.headline()
    );
}
