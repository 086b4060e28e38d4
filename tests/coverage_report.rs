//! `--coverage`, end to end on a small selection: the reference widget is instrumented, the C1
//! scenarios pass against the instrumented build in Chromium, and the coverage reports name
//! the widget and which scenario executed which line.

use std::{collections::BTreeMap, process::Command, time::Instant};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

#[test]
fn a_coverage_run_writes_lcov_html_and_the_lines_each_scenario_ran() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = Command::new(BIN)
        .args([
            "--coverage",
            "--browser",
            "chromium",
            "--tags",
            "@spec-C1",
            "--quiet",
        ])
        .args(["--report", dir.path().to_str().unwrap()])
        // The run is this one, whatever the environment selects.
        .env_remove("HERODESK_WIDGET")
        .env_remove("HERODESK_WIDGET_URL")
        .env_remove("HERODESK_NAME")
        .env_remove("HERODESK_SHARD")
        .env_remove("HERODESK_REPEAT")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{text}");
    eprintln!("coverage run: {:.1} s", started.elapsed().as_secs_f64());

    let coverage = dir.path().join("coverage");
    let lcov = std::fs::read_to_string(coverage.join("lcov.info")).unwrap();
    assert!(
        lcov.lines().any(|l| l == "SF:fixtures/widget/livechat.js"),
        "lcov.info names the widget: {lcov:.300}"
    );
    let count = |key: &str| -> u64 {
        lcov.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(
        count("LF:") > 0 && count("LH:") > 0,
        "lines found and hit: {lcov:.300}"
    );
    assert!(coverage.join("html").join("index.html").is_file());
    assert!(coverage.join("coverage-final.json").is_file());

    let scenarios: BTreeMap<String, Vec<u32>> =
        serde_json::from_slice(&std::fs::read(coverage.join("scenarios.json")).unwrap()).unwrap();
    let c1: Vec<&String> = scenarios.keys().filter(|k| k.contains(" C1")).collect();
    assert!(
        !c1.is_empty(),
        "scenarios.json holds the C1 scenarios: {scenarios:?}"
    );
    for (key, lines) in &scenarios {
        assert!(!lines.is_empty(), "{key} executed no line");
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{key}: lines sorted");
    }

    let lines: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(coverage.join("lines.json")).unwrap()).unwrap();
    assert!(
        lines
            .values()
            .any(|keys| keys.iter().any(|k| c1.contains(&k))),
        "lines.json maps some line to a C1 scenario"
    );
    // The widget's own boot (`start()` at the end of the file) ran in every scenario.
    let widget = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/widget/livechat.js"
    ))
    .unwrap();
    let start_line = widget
        .lines()
        .position(|l| l.trim() == "if (document.body) start();")
        .expect("the reference widget starts with `if (document.body) start();`")
        + 1;
    assert_eq!(
        lines.get(&start_line.to_string()).map(Vec::len),
        Some(scenarios.len()),
        "line {start_line} ran in every scenario"
    );
}
