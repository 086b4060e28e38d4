use std::sync::Arc;

use cucumber::{World as _, WriterExt as _, writer};
use futures::FutureExt as _;
use serde_json::Value;

use super::*;
use crate::{
    outcomes::{Failure, Outcomes},
    report::transcript::TranscriptWriter,
    selection::scenario_key::ScenarioKey,
};

#[derive(Debug, Default, cucumber::World)]
struct Probe;

#[cucumber::given("a page")]
async fn a_page(_: &mut Probe) {}

#[cucumber::then(expr = "the widget says {string}")]
async fn says(_: &mut Probe, words: String) -> Result<(), String> {
    if words.contains('<') {
        Err(format!("expected \"hello\", it said {words:?} & more"))
    } else {
        Ok(())
    }
}

const FEATURE: &str = "@area\nFeature: probe\n  Background:\n    Given a page\n\n  @spec-E1\n  Scenario: passes\n    Then the widget says \"hello\"\n\n  @spec-E2\n  Scenario: fails\n    Then the widget says \"<script>\"\n    And the widget says \"hello\"\n";

/// Checks `json` against the Cucumber JSON schema (github.com/cucumber/cucumber-json-schema):
/// the required fields of each feature, element, step and hook, with their types and words.
fn assert_valid_cucumber_json(json: &Value) {
    let statuses = [
        "passed",
        "failed",
        "skipped",
        "undefined",
        "ambiguous",
        "pending",
    ];
    let result = |r: &Value| {
        assert!(statuses.contains(&r["status"].as_str().unwrap()), "{r}");
        assert!(r["duration"].is_u64(), "{r}");
        if r["status"] == "failed" {
            assert!(r["error_message"].is_string(), "{r}");
        }
    };
    for feature in json.as_array().expect("an array of features") {
        for field in ["uri", "keyword", "name"] {
            assert!(feature[field].is_string(), "{field}: {feature}");
        }
        assert!(feature["tags"].is_array(), "{feature}");
        for element in feature["elements"].as_array().expect("elements") {
            for field in ["keyword", "id", "name"] {
                assert!(element[field].is_string(), "{field}: {element}");
            }
            assert!(element["line"].is_u64(), "{element}");
            assert!(["scenario", "background"].contains(&element["type"].as_str().unwrap()));
            for tag in element["tags"].as_array().expect("tags") {
                assert!(tag["name"].is_string() && tag["line"].is_u64(), "{tag}");
            }
            for step in element["steps"].as_array().expect("steps") {
                for field in ["keyword", "name"] {
                    assert!(step[field].is_string(), "{field}: {step}");
                }
                assert!(step["line"].is_u64(), "{step}");
                result(&step["result"]);
            }
            for hook in ["before", "after"] {
                for h in element[hook].as_array().into_iter().flatten() {
                    result(&h["result"]);
                }
            }
        }
    }
}

/// What Cucumber tooling reads of a file, without times and ids: per element its type, line,
/// name, keyword, tags and hooks' statuses, and per step its keyword, name, line, status and
/// error.
fn shape(json: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for feature in json.as_array().into_iter().flatten() {
        for e in feature["elements"].as_array().into_iter().flatten() {
            let steps: Vec<Value> = e["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    serde_json::json!([
                        s["keyword"],
                        s["name"],
                        s["line"],
                        s["result"]["status"],
                        s["result"]["error_message"]
                    ])
                })
                .collect();
            let hooks = |part: &str| -> Vec<Value> {
                e[part]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|h| h["result"]["status"].clone())
                    .collect()
            };
            out.push(serde_json::json!({
                "feature": [feature["uri"], feature["name"], feature["keyword"], feature["tags"]],
                "element": [e["type"], e["line"], e["name"], e["keyword"], e["tags"]],
                "before": hooks("before"),
                "after": hooks("after"),
                "steps": steps,
            }));
        }
    }
    out.sort_by_key(|v| v.to_string());
    out
}

/// A real cucumber pass over a passing and a failing scenario (a background, hooks): the file
/// written from the results is valid Cucumber JSON and says what cucumber's own JSON writer,
/// run beside it, says.
#[tokio::test]
async fn the_file_from_the_results_is_cucumber_s_own_for_a_passed_and_a_failed_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("probe.feature"), FEATURE).unwrap();
    let theirs = dir.path().join("theirs.json");
    let outcomes = Arc::new(Outcomes::new(2, false));
    let recorder = outcomes.clone();
    Probe::cucumber()
        .with_writer(
            writer::Basic::raw(std::io::sink(), writer::Coloring::Never, 0)
                .summarized()
                .tee::<Probe, _>(
                    TranscriptWriter::new(outcomes.clone())
                        .discard_stats_writes()
                        .discard_arbitrary_writes(),
                )
                .tee::<Probe, _>(writer::Json::for_tee(
                    std::fs::File::create(&theirs).unwrap(),
                ))
                .normalized(),
        )
        .with_default_cli()
        .before(|_, _, _, _| async {}.boxed_local())
        .after(move |feature, _, scenario, finished, _| {
            recorder.record(feature, scenario, finished, None);
            async {}.boxed_local()
        })
        .run(dir.path().join("probe.feature"))
        .await;

    let results = outcomes.results();
    assert_eq!(results.len(), 2);
    assert!(
        results.iter().all(|r| r.transcript.is_some()),
        "{results:?}"
    );
    let report = RunReport {
        results: &results,
        cut_short: None,
    };
    write(dir.path(), &report).unwrap();
    let ours: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("cucumber.json")).unwrap())
            .unwrap();
    let theirs: Value = serde_json::from_str(&std::fs::read_to_string(&theirs).unwrap()).unwrap();
    assert_valid_cucumber_json(&ours);
    assert_valid_cucumber_json(&theirs);
    assert_eq!(
        shape(&ours),
        shape(&theirs),
        "ours: {ours:#}\ntheirs: {theirs:#}"
    );
    let text = ours.to_string();
    assert!(text.contains("\"status\":\"failed\""), "{ours:#}");
    assert!(text.contains(r#"it said \"<script>\" & more"#), "{ours:#}");
}

fn unrun(line: usize, status: Status) -> ScenarioResult {
    ScenarioResult {
        file: "a.feature".into(),
        line,
        name: format!("A{line}"),
        failure: None,
        specs: vec![],
        key: ScenarioKey {
            feature: "a.feature".into(),
            scenario: format!("A{line}"),
            example: Default::default(),
        },
        status,
        calls: Default::default(),
        transcript: None,
        retry: None,
        trace: None,
    }
}

#[test]
fn a_run_cut_short_keeps_what_finished_and_says_why() {
    let mut failed = unrun(3, Status::Failed);
    failed.failure = Some(Failure {
        specs: vec![],
        scenario: "A3".into(),
        message: "SyntaxError: \"a\" < b".into(),
        artefacts: None,
    });
    let not_run = Status::NotRun {
        why: "not run: interrupted".into(),
    };
    let results = [unrun(12, not_run), failed, unrun(9, Status::Passed)];
    let json = json(&RunReport {
        results: &results,
        cut_short: Some("interrupted"),
    });
    assert_valid_cucumber_json(&json);
    let status = |i: usize| &json[0]["elements"][i]["steps"][0]["result"];
    assert_eq!(status(0)["status"], "failed");
    assert_eq!(status(0)["error_message"], "SyntaxError: \"a\" < b");
    assert_eq!(status(1)["status"], "passed");
    assert_eq!(status(2)["status"], "skipped");
    assert_eq!(status(2)["error_message"], "not run: interrupted");
    assert_eq!(json[0]["uri"], "features/a.feature");
    assert_eq!(
        json[1]["elements"][0]["steps"][0]["result"]["error_message"],
        "interrupted"
    );
    let empty = super::json(&RunReport {
        results: &[],
        cut_short: None,
    });
    assert_eq!(empty, serde_json::json!([]));
}
