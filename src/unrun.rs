//! Reports for a run whose scenarios never ran because the build did not load (the
//! preflight failed): every selected scenario is failed with the cause, and `junit.xml`,
//! `cucumber.json` (and, by the gate, `spec.html`) are written as for a run, so CI shows one red report.

use std::{collections::BTreeMap, path::Path, sync::Arc};

use cucumber::{feature::Ext as _, gherkin};
use serde_json::json;

use crate::{
    options::RunOptions,
    outcomes::{Failure, Outcomes, ScenarioResult, spec_ids},
    selection::ScenarioId,
    verdict::Verdict,
};

/// Fails every one of `scenarios` with `cause` and writes the reports.
pub fn fail_all(
    options: &RunOptions,
    scenarios: &[ScenarioId],
    cause: &str,
) -> (Verdict, Arc<Outcomes>) {
    let outcomes = Arc::new(Outcomes::new(scenarios.len(), false));
    let specs = specs_by_scenario(&options.features);
    let message = format!("the build did not load: {cause}");
    for s in scenarios {
        outcomes.push_result(ScenarioResult {
            file: s.file.clone(),
            line: s.line,
            name: s.name.clone(),
            failure: Some(Failure {
                specs: specs
                    .get(&(s.file.clone(), s.line))
                    .cloned()
                    .unwrap_or_default(),
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
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join("junit.xml"), junit(scenarios, &message)))
            .and_then(|()| {
                std::fs::write(
                    dir.join("cucumber.json"),
                    cucumber_json(scenarios, &message),
                )
            });
        if let Err(e) = written {
            eprintln!("reports not written in {}: {e}", dir.display());
        }
        // spec.html comes with the run's final statuses ([`crate::gate::write_reports`]).
    }
    (verdict, outcomes)
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

fn junit(scenarios: &[ScenarioId], message: &str) -> String {
    let mut by_file: BTreeMap<&str, Vec<&ScenarioId>> = BTreeMap::new();
    for s in scenarios {
        by_file.entry(&s.file).or_default().push(s);
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites>\n");
    for (file, list) in by_file {
        xml.push_str(&format!(
            "<testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">\n",
            escape_xml(file),
            n = list.len()
        ));
        for s in list {
            xml.push_str(&format!(
                "<testcase name=\"Scenario: {}: features/{}:{}\" classname=\"{}\"><failure type=\"preflight\" message=\"{}\"/></testcase>\n",
                escape_xml(&s.name),
                escape_xml(&s.file),
                s.line,
                escape_xml(file),
                escape_xml(message)
            ));
        }
        xml.push_str("</testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn cucumber_json(scenarios: &[ScenarioId], message: &str) -> String {
    let mut by_file: BTreeMap<&str, Vec<&ScenarioId>> = BTreeMap::new();
    for s in scenarios {
        by_file.entry(&s.file).or_default().push(s);
    }
    let features: Vec<_> = by_file
        .into_iter()
        .map(|(file, list)| {
            json!({
                "uri": format!("features/{file}"),
                "keyword": "Feature",
                "name": file,
                "elements": list.iter().map(|s| json!({
                    "keyword": "Scenario",
                    "type": "scenario",
                    "name": s.name,
                    "line": s.line,
                    "steps": [{
                        "keyword": "Given ",
                        "name": "the widget build loads (preflight)",
                        "result": { "status": "failed", "error_message": message }
                    }]
                })).collect::<Vec<_>>()
            })
        })
        .collect();
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

    #[test]
    fn junit_of_unrun_scenarios_fails_each_and_escapes_the_cause() {
        let s = vec![ScenarioId {
            file: "a.feature".into(),
            line: 3,
            name: "A1 — <x>".into(),
            key: crate::scenario_key::ScenarioKey {
                feature: "a.feature".into(),
                scenario: "A1 — <x>".into(),
                example: Default::default(),
            },
        }];
        let xml = junit(&s, "SyntaxError: \"a\" < b");
        assert!(xml.contains("tests=\"1\" failures=\"1\""), "{xml}");
        assert!(xml.contains("A1 — &lt;x&gt;"), "{xml}");
        assert!(xml.contains("SyntaxError: &quot;a&quot; &lt; b"), "{xml}");
        let json: serde_json::Value = serde_json::from_str(&cucumber_json(&s, "x")).unwrap();
        assert_eq!(
            json[0]["elements"][0]["steps"][0]["result"]["status"],
            "failed"
        );
    }
}
