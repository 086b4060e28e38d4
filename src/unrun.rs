//! Reports the runner writes itself, where cucumber's writers did not get to the end: a build
//! that did not load (the preflight failed: every selected scenario failed with the cause), a
//! run cut short by Ctrl-C or SIGTERM (finished scenarios as they ended, the others not run,
//! and a line saying the run was interrupted), and a CI shard with nothing to run (valid
//! empty reports). `junit.xml` and `cucumber.json` are written whole or not at all
//! ([`crate::report_file`]), so CI always reads a valid file that says what happened;
//! `spec.html` comes with the run's final statuses ([`crate::gate::write_reports`]).

use std::{collections::BTreeMap, path::Path, sync::Arc};

use cucumber::{feature::Ext as _, gherkin};
use serde_json::json;

use crate::{
    browser::signals::Interruption,
    options::RunOptions,
    outcomes::{Failure, Outcomes, ScenarioResult, spec_ids},
    selection::ScenarioId,
    verdict::Verdict,
};

/// How a scenario ended, for these reports.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Passed,
    Failed { kind: &'static str, message: String },
    NotRun(String),
}

/// Fails every one of `scenarios` with `cause` and writes the reports.
pub fn fail_all(
    options: &RunOptions,
    scenarios: &[ScenarioId],
    cause: &str,
) -> (Verdict, Arc<Outcomes>) {
    let outcomes = Arc::new(Outcomes::new(scenarios.len(), false));
    let specs = specs_by_scenario(&options.features);
    let message = format!("the build did not load: {cause}");
    // A bad guest's breach (`I6: …`) is charged to its statement, not to every scenario's.
    let breached = crate::guest::statement_of(cause);
    for s in scenarios {
        outcomes.push_result(ScenarioResult {
            file: s.file.clone(),
            line: s.line,
            name: s.name.clone(),
            failure: Some(Failure {
                specs: match breached {
                    Some(spec) => vec![spec.to_owned()],
                    None => specs
                        .get(&(s.file.clone(), s.line))
                        .cloned()
                        .unwrap_or_default(),
                },
                scenario: s.name.clone(),
                message: message.clone(),
                artefacts: None,
            }),
            specs: specs
                .get(&(s.file.clone(), s.line))
                .cloned()
                .unwrap_or_default(),
            key: s.key.clone(),
            status: crate::status::Status::Failed,
            calls: Default::default(),
        });
    }
    let verdict = Verdict::DoesNotConform {
        failures: outcomes.failures(),
    };
    if let Some(dir) = &options.report_dir {
        let failed = Status::Failed {
            kind: "preflight",
            message,
        };
        let rows: Vec<_> = scenarios.iter().map(|s| (s, failed.clone())).collect();
        write_reports(dir, &rows, None);
    }
    (verdict, outcomes)
}

/// The reports of a run that `signal` cut short: each selected scenario as it ended (from the
/// pass in progress, [`crate::scenarios::in_progress`]) or "not run", and a failed entry
/// saying the run was interrupted, so CI reads neither a pass nor an empty file.
pub fn write_interrupted(options: &RunOptions, signal: Interruption) {
    write_cut_short(options, &format!("interrupted by {signal}"));
}

/// The reports of a run cut short for `why` ("interrupted by SIGINT (Ctrl-C)", "stopped at
/// its --timeout of 60 s"), as [`write_interrupted`] writes them.
pub fn write_cut_short(options: &RunOptions, why: &str) {
    let Some(dir) = &options.report_dir else {
        return;
    };
    let selected = options.selected().unwrap_or_default();
    let results: BTreeMap<(String, usize), ScenarioResult> = crate::scenarios::in_progress()
        .map(|o| o.results())
        .unwrap_or_default()
        .into_iter()
        .map(|r| ((r.file.clone(), r.line), r))
        .collect();
    let not_run = format!("not run: the run was {why}");
    let rows: Vec<_> = selected
        .iter()
        .map(|s| {
            let status = match results.get(&(s.file.clone(), s.line)) {
                None => Status::NotRun(not_run.clone()),
                Some(ScenarioResult { failure: None, .. }) => Status::Passed,
                Some(ScenarioResult {
                    failure: Some(f), ..
                }) => Status::Failed {
                    kind: "failure",
                    message: f.message.clone(),
                },
            };
            (s, status)
        })
        .collect();
    let finished = rows
        .iter()
        .filter(|(_, s)| !matches!(s, Status::NotRun(_)))
        .count();
    let note = format!(
        "the run was {why}: {finished} of {} scenarios finished",
        rows.len()
    );
    write_reports(dir, &rows, Some(&note));
}

/// Valid reports with no scenario in them (a CI shard that holds none of the selection).
pub fn write_empty(dir: &Path) {
    write_reports(dir, &[], None);
}

/// Writes `junit.xml` and `cucumber.json` into `dir`; `note` is a run-level failure (an
/// interruption) added as an entry of its own.
fn write_reports(dir: &Path, rows: &[(&ScenarioId, Status)], note: Option<&str>) {
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| crate::report_file::write(&dir.join("junit.xml"), junit(rows, note)))
        .and_then(|()| {
            crate::report_file::write(&dir.join("cucumber.json"), cucumber_json(rows, note))
        });
    if let Err(e) = written {
        eprintln!("reports not written in {}: {e}", dir.display());
    }
}

/// `(file, line)` → the scenario's `@spec-` IDs, over the expanded feature files.
fn specs_by_scenario(features: &Path) -> BTreeMap<(String, usize), Vec<String>> {
    let mut out = BTreeMap::new();
    for path in crate::selection::feature_files(features) {
        let Some(feature) = gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default())
            .ok()
            .and_then(|f| f.expand_examples().ok())
        else {
            continue;
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let all = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| &r.scenarios));
        for scenario in all {
            out.insert(
                (file.clone(), scenario.position.line),
                spec_ids(&feature, scenario),
            );
        }
    }
    out
}

fn by_file<'a>(
    rows: &'a [(&'a ScenarioId, Status)],
) -> BTreeMap<&'a str, Vec<&'a (&'a ScenarioId, Status)>> {
    let mut out: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for row in rows {
        out.entry(row.0.file.as_str()).or_default().push(row);
    }
    out
}

fn junit(rows: &[(&ScenarioId, Status)], note: Option<&str>) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites>\n");
    for (file, list) in by_file(rows) {
        let count = |f: fn(&Status) -> bool| list.iter().filter(|(_, s)| f(s)).count();
        xml.push_str(&format!(
            "<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
            escape_xml(file),
            list.len(),
            count(|s| matches!(s, Status::Failed { .. })),
            count(|s| matches!(s, Status::NotRun(_))),
        ));
        for (s, status) in list {
            let inner = match status {
                Status::Passed => String::new(),
                Status::Failed { kind, message } => format!(
                    "<failure type=\"{kind}\" message=\"{}\"/>",
                    escape_xml(message)
                ),
                Status::NotRun(why) => format!("<skipped message=\"{}\"/>", escape_xml(why)),
            };
            xml.push_str(&format!(
                "<testcase name=\"Scenario: {}: features/{}:{}\" classname=\"{}\">{inner}</testcase>\n",
                escape_xml(&s.name),
                escape_xml(&s.file),
                s.line,
                escape_xml(file),
            ));
        }
        xml.push_str("</testsuite>\n");
    }
    if let Some(note) = note {
        xml.push_str(&format!(
            "<testsuite name=\"run\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n\
             <testcase name=\"the run\" classname=\"run\"><error type=\"interrupted\" message=\"{}\"/></testcase>\n\
             </testsuite>\n",
            escape_xml(note)
        ));
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn cucumber_json(rows: &[(&ScenarioId, Status)], note: Option<&str>) -> String {
    let step = |status: &Status| match status {
        Status::Passed => json!({ "status": "passed" }),
        Status::Failed { message, .. } => json!({ "status": "failed", "error_message": message }),
        Status::NotRun(why) => json!({ "status": "skipped", "error_message": why }),
    };
    let mut features: Vec<_> = by_file(rows)
        .into_iter()
        .map(|(file, list)| {
            json!({
                "uri": format!("features/{file}"),
                "keyword": "Feature",
                "name": file,
                "elements": list.iter().map(|(s, status)| json!({
                    "keyword": "Scenario",
                    "type": "scenario",
                    "name": s.name,
                    "line": s.line,
                    "steps": [{
                        "keyword": "Given ",
                        "name": "the scenario (reported by the runner)",
                        "result": step(status)
                    }]
                })).collect::<Vec<_>>()
            })
        })
        .collect();
    if let Some(note) = note {
        features.push(json!({
            "uri": "run",
            "keyword": "Feature",
            "name": "the run",
            "elements": [{
                "keyword": "Scenario",
                "type": "scenario",
                "name": "the run",
                "line": 0,
                "steps": [{
                    "keyword": "Given ",
                    "name": "the run gets to its end",
                    "result": { "status": "failed", "error_message": note }
                }]
            }]
        }));
    }
    serde_json::to_string_pretty(&features).unwrap_or_else(|_| "[]".into())
}

/// Escapes text for XML attributes and content.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(feature: &str, scenario: &str) -> crate::scenario_key::ScenarioKey {
        crate::scenario_key::ScenarioKey {
            feature: feature.into(),
            scenario: scenario.into(),
            example: Default::default(),
        }
    }

    #[test]
    fn junit_of_unrun_scenarios_fails_each_and_escapes_the_cause() {
        let s = ScenarioId {
            file: "a.feature".into(),
            line: 3,
            name: "A1 — <x>".into(),
            key: key("a.feature", "A1 — <x>"),
        };
        let failed = |m: &str| Status::Failed {
            kind: "preflight",
            message: m.into(),
        };
        let xml = junit(&[(&s, failed("SyntaxError: \"a\" < b"))], None);
        assert!(xml.contains("tests=\"1\" failures=\"1\""), "{xml}");
        assert!(xml.contains("A1 — &lt;x&gt;"), "{xml}");
        assert!(xml.contains("SyntaxError: &quot;a&quot; &lt; b"), "{xml}");
        let json: serde_json::Value =
            serde_json::from_str(&cucumber_json(&[(&s, failed("x"))], None)).unwrap();
        assert_eq!(
            json[0]["elements"][0]["steps"][0]["result"]["status"],
            "failed"
        );
    }

    #[test]
    fn an_interrupted_run_says_so_and_keeps_what_finished() {
        let a = ScenarioId {
            file: "a.feature".into(),
            line: 3,
            name: "A1".into(),
            key: key("a.feature", "A1"),
        };
        let b = ScenarioId {
            line: 9,
            name: "A2".into(),
            ..a.clone()
        };
        let rows = [
            (&a, Status::Passed),
            (&b, Status::NotRun("not run: interrupted".into())),
        ];
        let xml = junit(&rows, Some("the run was interrupted by SIGINT"));
        assert!(
            xml.contains("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<error type=\"interrupted\" message=\"the run was interrupted by SIGINT\""
            ),
            "{xml}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&cucumber_json(&rows, Some("interrupted"))).unwrap();
        assert_eq!(
            json[1]["elements"][0]["steps"][0]["result"]["error_message"],
            "interrupted"
        );
        assert_eq!(junit(&[], None).matches("<testsuite ").count(), 0);
        assert_eq!(cucumber_json(&[], None), "[]");
    }
}
