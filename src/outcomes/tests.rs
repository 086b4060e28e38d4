use super::*;

#[test]
fn spec_ids_come_from_the_scenario_s_tags() {
    let feature = gherkin::Feature::parse(
        "Feature: f\n  @spec-A3\n  Scenario Outline: o <x>\n    Given <x>\n    Examples:\n      | x |\n      | 1 |\n      | 2 |\n  Scenario: s\n    Given y\n",
        gherkin::GherkinEnv::default(),
    )
    .unwrap();
    assert_eq!(
        spec_ids(&feature, &feature.scenarios[0]),
        vec!["A3".to_owned()]
    );
}

/// A real cucumber run whose steps fail with the suite's errors: cucumber's wording around
/// a failed step is what [`Outcomes::record`] trims, and the prefix that says "the suite's
/// own failure" must survive the trip. A cucumber upgrade that rewords it fails here.
#[tokio::test]
async fn a_step_s_error_reaches_the_failure_as_its_own_text_through_real_cucumber() {
    use std::sync::Arc;

    use cucumber::{World as _, WriterExt as _, writer};
    use futures::FutureExt as _;

    use crate::error::SuiteError;

    #[derive(Debug, Default, cucumber::World)]
    struct Probe;

    #[cucumber::given("the mock does not answer")]
    async fn mock_down(_: &mut Probe) -> Result<(), SuiteError> {
        Err(SuiteError::Mock("connection refused".into()))
    }

    #[cucumber::given("the widget breaks its promise")]
    async fn widget_wrong(_: &mut Probe) -> Result<(), SuiteError> {
        Err(SuiteError::Expectation("expected 0 calls, saw 1".into()))
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("probe.feature"),
        "Feature: probe\n  @spec-A1\n  Scenario: suite\n    Given the mock does not answer\n\n  @spec-C4\n  Scenario: widget\n    Given the widget breaks its promise\n",
    )
    .unwrap();
    let outcomes = Arc::new(Outcomes::new(2, false));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let (recorder, seen) = (outcomes.clone(), raw.clone());
    Probe::cucumber()
        .with_writer(writer::Basic::raw(std::io::sink(), writer::Coloring::Never, 0).normalized())
        .with_default_cli()
        .after(move |feature, _, scenario, finished, _| {
            if let ScenarioFinished::StepFailed(_, _, error) = finished {
                seen.lock().unwrap().push(error.to_string());
            }
            recorder.record(feature, scenario, finished, None);
            async {}.boxed_local()
        })
        .run(dir.path())
        .await;

    let raw = raw.lock().unwrap().clone();
    assert_eq!(raw.len(), 2, "{raw:?}");
    assert!(
        raw.iter().all(|m| m.starts_with(CUCUMBER_PANIC_PREFIX)),
        "cucumber's wording changed: {raw:?}"
    );
    let mut failures = outcomes.failures();
    failures.sort_by(|a, b| a.scenario.cmp(&b.scenario));
    assert_eq!(
        failures[0].message,
        SuiteError::Mock("connection refused".into()).to_string()
    );
    assert!(failures[0].is_infrastructure(), "{failures:?}");
    assert_eq!(failures[1].message, "expected 0 calls, saw 1");
    assert!(!failures[1].is_infrastructure(), "{failures:?}");
}
