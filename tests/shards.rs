//! `--shard I/N`: shards 1..N together select every scenario exactly once, the split is the
//! same on every call, and the JUnit files of a sharded run merge into one report that holds
//! each scenario once, as a real JUnit consumer (`junitparser`) reads it.

use std::{collections::BTreeMap, process::Command};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// The scenarios `--list` prints for `args`.
fn list(args: &[&str]) -> Vec<String> {
    let out = Command::new(BIN).arg("--list").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "--list {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn shards_one_to_n_together_select_every_scenario_exactly_once() {
    let all = list(&[]);
    assert!(
        all.len() > 60,
        "the whole suite lists {} scenarios",
        all.len()
    );
    for n in [2, 3, 5] {
        let mut times_selected: BTreeMap<String, usize> = BTreeMap::new();
        for i in 1..=n {
            let shard = list(&["--shard", &format!("{i}/{n}")]);
            assert_eq!(
                shard,
                list(&["--shard", &format!("{i}/{n}")]),
                "shard {i}/{n} is not stable"
            );
            assert!(
                shard.len().abs_diff(all.len() / n) <= 1,
                "shard {i}/{n} has {} of {}",
                shard.len(),
                all.len()
            );
            for s in shard {
                *times_selected.entry(s).or_default() += 1;
            }
        }
        let twice: Vec<_> = times_selected.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            twice.is_empty(),
            "selected by more than one of {n} shards: {twice:?}"
        );
        let selected: Vec<String> = times_selected.into_keys().collect();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!(
            selected, expected,
            "the {n} shards together are not the whole suite"
        );
    }
}

#[test]
fn a_bad_shard_is_refused_before_anything_runs() {
    let out = Command::new(BIN).args(["--shard", "4/3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected I/N"));
}

#[test]
fn the_junit_files_of_a_sharded_run_merge_into_one_report_with_each_scenario_once() {
    let dir = tempfile::tempdir().unwrap();
    let tags = "@spec-E1 or @spec-E2 or @spec-E3 or @spec-B1";
    let expected = list(&["--tags", tags]);
    let mut files = Vec::new();
    for i in 1..=2 {
        let report = dir.path().join(format!("shard-{i}"));
        let out = Command::new(BIN)
            .args(["--browser", "chromium", "--quiet", "--tags", tags])
            .args(["--shard", &format!("{i}/2")])
            .args(["--report", report.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "shard {i}/2: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        files.push(report.join("junit.xml"));
    }
    let merged = dir.path().join("junit.xml");
    let out = Command::new(BIN)
        .arg("--merge-junit")
        .arg(&merged)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let parsed = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, junitparser\n\
             xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n\
             for suite in xml:\n\
             \x20   for case in suite:\n\
             \x20       print(case.name)",
        )
        .arg(&merged)
        .output()
        .expect("python3 runs (scripts/install-deps.sh installs junitparser)");
    assert!(
        parsed.status.success(),
        "junitparser refused the merged report: {}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    // A test case is named "Scenario: <name>: features/<file>:<line>:<col>".
    let mut cases: Vec<String> = String::from_utf8_lossy(&parsed.stdout)
        .lines()
        .map(|c| {
            let (_, place) = c.rsplit_once("features/").unwrap_or(("", c));
            let mut parts = place.split(':');
            format!(
                "{}:{}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            )
        })
        .collect();
    cases.sort();
    let mut wanted: Vec<String> = expected
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    wanted.sort();
    assert_eq!(
        cases, wanted,
        "the merged report does not hold each selected scenario exactly once"
    );
}
