use std::{
    collections::BTreeMap,
    time::{Duration, SystemTime},
};

use quick_xml::{Reader, XmlVersion, events::Event};

use super::*;
use crate::{
    outcomes::{Failure, Transcript},
    selection::scenario_key::ScenarioKey,
};

fn result(line: usize, status: Status) -> ScenarioResult {
    ScenarioResult {
        file: "f.feature".into(),
        line,
        name: format!("s{line} <&>"),
        failure: status.failed_at_all().then(|| Failure {
            specs: vec![],
            scenario: format!("s{line}"),
            message: "expected \"a\" < b\nsecond line\u{1b}[0m".into(),
            artefacts: None,
        }),
        specs: vec![],
        key: ScenarioKey {
            feature: "f.feature".into(),
            scenario: format!("s{line}"),
            example: Default::default(),
        },
        status,
        calls: Default::default(),
        transcript: None,
        retry: None,
        trace: None,
    }
}

fn ran(mut r: ScenarioResult) -> ScenarioResult {
    r.transcript = Some(Transcript {
        feature: "F".into(),
        path: "features/f.feature".into(),
        rule: None,
        column: 3,
        started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        duration: Duration::from_millis(1500),
        output: "Scenario: s\n  ✔  Given ]]> x\n".into(),
        failure: r.failure.as_ref().map(|_| "Step Panicked".into()),
        keyword: "Scenario".into(),
        tags: vec![],
        feature_tags: vec![],
        feature_line: 1,
        steps: vec![],
    });
    r
}

/// An element's name and attributes.
type Element = (String, BTreeMap<String, String>);

/// Every element of `xml`, in document order, read back by quick-xml (attribute values
/// normalized as XML 1.0 says); and the text of its CDATA sections. Panics on XML that does
/// not parse.
fn read(xml: &[u8]) -> (Vec<Element>, String) {
    let mut reader = Reader::from_reader(xml);
    let (mut elements, mut cdata, mut buf) = (Vec::new(), String::new(), Vec::new());
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Eof => return (elements, cdata),
            Event::Start(e) | Event::Empty(e) => {
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let value = a
                            .normalized_value(XmlVersion::Explicit1_0)
                            .unwrap()
                            .into_owned();
                        (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value)
                    })
                    .collect();
                elements.push((
                    String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attributes,
                ));
            }
            Event::CData(c) => cdata.push_str(std::str::from_utf8(&c).unwrap()),
            _ => {}
        }
        buf.clear();
    }
}

fn named<'a>(elements: &'a [Element], name: &str) -> Vec<&'a BTreeMap<String, String>> {
    elements
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, a)| a)
        .collect()
}

#[test]
fn each_status_is_written_out_and_counted_and_the_file_parses() {
    let mut retried = ran(result(4, Status::Passed));
    retried.retry = Some("passed on a second try".into());
    let results = vec![
        ran(result(3, Status::Failed)),
        retried,
        result(
            9,
            Status::ExpectedFailure {
                reason: "HD-1 <x>".into(),
            },
        ),
        result(
            12,
            Status::NowPasses {
                reason: "HD-2".into(),
            },
        ),
        result(
            15,
            Status::NotRun {
                why: "not run: interrupted".into(),
            },
        ),
        result(18, Status::Flaky),
    ];
    let xml = xml(&RunReport {
        results: &results,
        cut_short: None,
    })
    .unwrap();
    let (elements, cdata) = read(&xml);
    let suites = named(&elements, "testsuite");
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0]["name"], "Feature: F: features/f.feature");
    assert_eq!(suites[0]["tests"], "6");
    assert_eq!(suites[0]["failures"], "3");
    assert_eq!(suites[0]["skipped"], "2");
    assert_eq!(suites[0]["time"], "3");
    assert_eq!(suites[0]["timestamp"], "2023-11-14T22:13:20Z");
    let cases = named(&elements, "testcase");
    assert_eq!(cases[0]["name"], "Scenario: s3 <&>: features/f.feature:3:3");
    assert_eq!(cases[0]["time"], "1.5");
    assert_eq!(cases[2]["name"], "Scenario: s9 <&>: features/f.feature:9");
    let failures = named(&elements, "failure");
    assert_eq!(failures[0]["type"], "Step Panicked");
    // The message as the verdict says it, less what XML cannot hold (a conforming parser
    // reads the attribute's line break as a space).
    assert_eq!(failures[0]["message"], "expected \"a\" < b second line[0m");
    assert_eq!(failures[1]["type"], "now-passes");
    assert_eq!(failures[2]["type"], "flaky");
    let skipped = named(&elements, "skipped");
    assert_eq!(skipped[0]["type"], "expected-failure");
    assert_eq!(
        skipped[0]["message"],
        "expected failure (baseline: HD-1 <x>)"
    );
    assert_eq!(skipped[1]["message"], "not run: interrupted");
    let properties: Vec<_> = named(&elements, "property")
        .iter()
        .map(|p| (p["name"].as_str(), p["value"].as_str()))
        .collect();
    assert!(properties.contains(&("status", "expected failure")));
    assert!(properties.contains(&("baseline.reason", "HD-1 <x>")));
    assert!(properties.contains(&("retry", "passed on a second try")));
    assert_eq!(
        properties.iter().filter(|p| p.0 == "calls.total").count(),
        6
    );
    assert_eq!(cdata, "Scenario: s\n  ✔  Given ]]> x\n".repeat(2));
}

#[test]
fn a_run_cut_short_says_why_and_an_empty_one_is_a_valid_empty_report() {
    let results = vec![result(3, Status::Passed)];
    let xml = xml(&RunReport {
        results: &results,
        cut_short: Some("the run was interrupted by SIGINT"),
    })
    .unwrap();
    let (elements, _) = read(&xml);
    let suites = named(&elements, "testsuite");
    assert_eq!(suites.len(), 2);
    assert_eq!(
        (suites[1]["name"].as_str(), suites[1]["errors"].as_str()),
        ("run", "1")
    );
    let errors = named(&elements, "error");
    assert_eq!(errors[0]["type"], "interrupted");
    assert_eq!(errors[0]["message"], "the run was interrupted by SIGINT");

    let empty = super::xml(&RunReport {
        results: &[],
        cut_short: None,
    })
    .unwrap();
    let (elements, _) = read(&empty);
    assert_eq!(elements.len(), 1, "{}", String::from_utf8_lossy(&empty));
}

#[test]
fn the_file_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let results = vec![result(3, Status::Failed)];
    write(
        dir.path(),
        &RunReport {
            results: &results,
            cut_short: None,
        },
    )
    .unwrap();
    let (elements, _) = read(&std::fs::read(dir.path().join("junit.xml")).unwrap());
    assert_eq!(named(&elements, "testcase").len(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
