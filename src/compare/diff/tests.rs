use super::*;
use crate::{backend::traffic::CallSummary, outcomes::Failure, outcomes::status::Status};

fn result(name: &str, spec: &str, failed: bool, polls: usize) -> ScenarioResult {
    ScenarioResult {
        file: "f.feature".into(),
        line: 1,
        name: name.into(),
        failure: failed.then(|| Failure {
            specs: vec![spec.into()],
            scenario: name.into(),
            message: "boom\nmore".into(),
            artefacts: None,
        }),
        specs: vec![spec.into()],
        key: ScenarioKey {
            feature: "f.feature".into(),
            scenario: name.into(),
            example: BTreeMap::new(),
        },
        status: if failed {
            Status::Failed
        } else {
            Status::Passed
        },
        calls: CallSummary {
            total: polls + 1,
            routes: [
                ("GET /widget/v1/unread".to_owned(), polls),
                ("POST /widget/v1/identify".to_owned(), 1),
            ]
            .into(),
            duration_ms: 3000,
        },
        transcript: None,
        retry: None,
        trace: None,
    }
}

#[test]
fn statements_and_scenarios_are_regressed_fixed_or_unchanged_and_traffic_is_flagged() {
    let old = vec![(
        Engine::Chromium,
        vec![
            result("a", "C4", false, 2),
            result("b", "C5", true, 2),
            result("c", "G3", false, 3),
        ],
    )];
    let new = vec![(
        Engine::Chromium,
        vec![
            result("a", "C4", true, 2),
            result("b", "C5", false, 2),
            result("c", "G3", false, 30),
        ],
    )];
    let c = Comparison::of("o".into(), "n".into(), Threshold::default(), &old, &new);
    let changes: Vec<(&str, Change)> = c
        .statements
        .iter()
        .map(|s| (s.id.as_str(), s.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("C4", Change::Regressed),
            ("C5", Change::Fixed),
            ("G3", Change::Unchanged)
        ]
    );
    assert_eq!(c.regressed_statements(), ["C4"]);
    let flagged = c.flagged_traffic();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].0.key.scenario, "c");
    assert_eq!((flagged[0].1.old, flagged[0].1.new), (3, 30));
    assert_eq!(c.scenarios[0].new_failure.as_deref(), Some("boom"));
    assert_eq!(c.exit_code(), 1);
    let same = Comparison::of("o".into(), "o".into(), Threshold::default(), &old, &old);
    assert_eq!(same.exit_code(), 0);
    assert!(
        same.scenarios
            .iter()
            .all(|s| s.traffic_changes().is_empty())
    );
}

#[test]
fn a_failure_charged_to_a_guest_statement_regresses_that_statement_not_the_scenario_s() {
    let old = vec![(Engine::Chromium, vec![result("a", "C4", false, 3)])];
    let mut breached = result("a", "C4", true, 30);
    breached.failure.as_mut().unwrap().specs = vec!["I8".into()];
    let new = vec![(Engine::Chromium, vec![breached])];
    let c = Comparison::of("o".into(), "n".into(), Threshold::default(), &old, &new);
    let changes: Vec<(&str, Outcome, Change)> = c
        .statements
        .iter()
        .map(|s| (s.id.as_str(), s.new, s.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("C4", Outcome::Passed, Change::Unchanged),
            ("I8", Outcome::Failed, Change::Regressed)
        ]
    );
    assert_eq!(c.regressed_statements(), ["I8"]);
}
