//! The CI recipes of `docs/ci.md` (`docs/ci/*.yml`): the YAML parses, every command line they
//! give the suite (`cargo run … --` or `herodesk-conformance`) uses only flags the CLI has,
//! they install the dependencies with `scripts/install-deps.sh`, and they publish the
//! `junit.xml` and report folder the gate writes.

use std::collections::BTreeSet;

use clap::CommandFactory as _;
use herodesk_conformance::{cli::Cli, plan::options::project_path};
use serde_norway::Value;

fn load(name: &str) -> Value {
    let path = project_path("docs/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The long flags of the main command (`--widget`, …), with `--help` and `--version`.
fn known_flags() -> BTreeSet<String> {
    let mut flags: BTreeSet<String> = Cli::command()
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    flags.extend(["--help".to_owned(), "--version".to_owned()]);
    flags
}

/// The suite's own arguments in each command line of `script` that runs it: what follows
/// `cargo run … --` or the `herodesk-conformance` binary.
fn suite_invocations(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    joined
        .split(['\n', ';'])
        .flat_map(|line| line.split("&&"))
        .filter_map(|command| {
            let words: Vec<&str> = command.split_whitespace().collect();
            let start = match words.as_slice() {
                ["cargo", "run", ..] => words.iter().position(|w| *w == "--").map(|i| i + 1)?,
                [first, ..] if first.ends_with("herodesk-conformance") => 1,
                _ => return None,
            };
            Some(words[start..].iter().map(|w| w.to_string()).collect())
        })
        .collect()
}

fn check_flags(file: &str, scripts: &[String]) -> Vec<Vec<String>> {
    let known = known_flags();
    let runs: Vec<Vec<String>> = scripts.iter().flat_map(|s| suite_invocations(s)).collect();
    assert!(!runs.is_empty(), "{file} never runs the suite");
    for args in &runs {
        for flag in args.iter().filter(|a| a.starts_with("--")) {
            let name = flag.split('=').next().unwrap_or(flag);
            assert!(
                known.contains(name),
                "{file} runs the suite with {name}, which the CLI does not have (it has: {known:?})"
            );
        }
    }
    runs
}

/// The value given to `flag` in `args`.
fn value_of<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1).map(String::as_str)
}

/// What a recipe must do besides running the suite: install the dependencies, gate a built
/// widget with a baseline, and write its reports where they are published.
fn check_gate(file: &str, scripts: &[String], runs: &[Vec<String>], published: &[&str]) {
    let all = scripts.join("\n");
    assert!(
        all.contains("herodesk-conformance/scripts/install-deps.sh"),
        "{file} does not install the dependencies with install-deps.sh"
    );
    assert!(project_path("scripts/install-deps.sh").is_file());
    let gate = runs
        .iter()
        .find(|a| a.contains(&"--baseline".to_owned()))
        .unwrap_or_else(|| panic!("{file}: no run with --baseline"));
    let widget = value_of(gate, "--widget").unwrap_or_default();
    assert!(widget.ends_with("livechat.js"), "{file} gates `{widget}`");
    let report = value_of(gate, "--report").expect("the gate names its report folder");
    for path in published {
        assert!(
            path.trim_end_matches('/') == report || path.starts_with(&format!("{report}/")),
            "{file} publishes {path}, but the gate writes its reports into {report}"
        );
    }
    assert!(
        published.iter().any(|p| p.ends_with("junit.xml")),
        "{file} publishes no junit.xml: {published:?}"
    );
    assert!(
        published.iter().any(|p| p.trim_end_matches('/') == report),
        "{file} does not keep the report folder: {published:?}"
    );
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_github_actions_job_runs_the_gate_with_real_flags_and_publishes_its_reports() {
    let file = "github-actions.yml";
    let doc = load(file);
    let steps = doc["jobs"]["conformance"]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("{file}: no jobs.conformance.steps"));
    let scripts: Vec<String> = steps.iter().flat_map(|s| strings(&s["run"])).collect();
    let runs = check_flags(file, &scripts);
    let published: Vec<String> = steps
        .iter()
        .filter(|s| s["if"].as_str() == Some("always()"))
        .flat_map(|s| {
            strings(&s["with"]["report_paths"])
                .into_iter()
                .chain(strings(&s["with"]["path"]))
        })
        .collect();
    let published: Vec<&str> = published.iter().map(String::as_str).collect();
    check_gate(file, &scripts, &runs, &published);
}

#[test]
fn the_gitlab_job_runs_the_gate_with_real_flags_and_publishes_its_reports() {
    let file = "gitlab-ci.yml";
    let doc = load(file);
    let job = &doc["conformance"];
    let scripts: Vec<String> = ["before_script", "script"]
        .iter()
        .flat_map(|k| strings(&job[*k]))
        .collect();
    let runs = check_flags(file, &scripts);
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"));
    let published: Vec<String> = strings(&job["artifacts"]["paths"])
        .into_iter()
        .chain(strings(&job["artifacts"]["reports"]["junit"]))
        .collect();
    let published: Vec<&str> = published.iter().map(String::as_str).collect();
    check_gate(file, &scripts, &runs, &published);
}

#[test]
fn a_flag_the_cli_lacks_is_caught() {
    let runs = suite_invocations(
        "apt-get install x && cargo run --release --manifest-path a/Cargo.toml -- \\\n  \
         --widget dist/livechat.js --no-such-flag",
    );
    assert_eq!(runs.len(), 1);
    let known = known_flags();
    assert!(known.contains("--widget") && known.contains("--features"));
    assert!(!known.contains("--no-such-flag"));
    assert!(runs[0].contains(&"--no-such-flag".to_owned()));
}
