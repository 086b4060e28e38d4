//! Each scenario's final status in `junit.xml`: cucumber's JUnit writer knows only passed and
//! failed, so once `--repeat` and a baseline have judged the run, the report is rewritten.
//! An expected failure becomes `<skipped type="expected-failure">` (pytest's convention for
//! xfail: never a pass), a known failure that now passes gets a `<failure type="now-passes">`,
//! and every test case gets `<properties>`: its status and its backend calls.

use std::collections::BTreeMap;

use crate::{outcomes::ScenarioResult, status::Status, unrun::escape_xml};

/// Properties of one test case, in order.
pub type Properties = Vec<(String, String)>;

/// The properties of `r`: its status (and the baseline's reason) and `extra` (its calls).
pub fn properties(r: &ScenarioResult, extra: Properties) -> Properties {
    let mut out = vec![("status".to_owned(), r.status.label().to_owned())];
    if let Some(reason) = r.status.reason() {
        out.push(("baseline.reason".into(), reason.to_owned()));
    }
    out.extend(extra);
    out
}

fn properties_xml(props: &Properties) -> String {
    let mut xml = String::from("<properties>");
    for (name, value) in props {
        xml.push_str(&format!(
            "<property name=\"{}\" value=\"{}\"/>",
            escape_xml(name),
            escape_xml(value)
        ));
    }
    xml.push_str("</properties>");
    xml
}

/// `(file, line)` of a test case from cucumber's name (`Scenario: …: features/f.feature:12:5`).
fn place_of(name: &str) -> Option<(String, usize)> {
    let (_, place) = name.rsplit_once(": features/")?;
    let mut parts = place.split(':');
    let file = parts.next()?.to_owned();
    let line = parts.next()?.parse().ok()?;
    Some((file, line))
}

/// The value of attribute `attr` in the start tag `tag` (raw, still escaped).
fn attribute<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The body of a test case with its status written in: `<failure>` turned into `<skipped>`
/// for an expected failure, a `<failure>` added for a known failure that now passes, and
/// dropped for a scenario that passed on its second try after losing its browser.
fn rewrite_body(body: &str, status: &Status) -> String {
    let failure = body.find("<failure").map(|start| {
        let rest = &body[start..];
        let end = rest
            .find("</failure>")
            .map(|e| e + "</failure>".len())
            .or_else(|| rest.find("/>").map(|e| e + 2))
            .unwrap_or(rest.len());
        (start, start + end)
    });
    match (status, failure) {
        (Status::ExpectedFailure { reason } | Status::ExpectedFlaky { reason }, Some((s, e))) => {
            format!(
                "{}<skipped type=\"expected-failure\" message=\"expected failure (baseline: {})\"/>{}",
                &body[..s],
                escape_xml(reason),
                &body[e..]
            )
        }
        // cucumber's report holds the first try; the second one, in a new browser, passed
        // (`crate::crash_retry`; the test case's `retry` property says so).
        (Status::Passed, Some((s, e))) => format!("{}{}", &body[..s], &body[e..]),
        (Status::NowPasses { reason }, None) => format!(
            "<failure type=\"now-passes\" message=\"now passes: the baseline expects it to FAIL ({}); remove it from the baseline\"/>{body}",
            escape_xml(reason)
        ),
        _ => body.to_owned(),
    }
}

/// cucumber's `junit.xml` with each test case's status and properties written in, and each
/// suite's `failures` and `skipped` counts made true again.
pub fn annotate(
    xml: &str,
    results: &[ScenarioResult],
    extra: impl Fn(&ScenarioResult) -> Properties,
) -> String {
    let by_place: BTreeMap<(String, usize), &ScenarioResult> = results
        .iter()
        .map(|r| ((r.file.clone(), r.line), r))
        .collect();
    let mut out = String::with_capacity(xml.len() * 2);
    let mut rest = xml;
    while let Some(start) = rest.find("<testcase ") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..=tag_end];
        let self_closing = tag.ends_with("/>");
        let result = attribute(tag, "name")
            .and_then(place_of)
            .and_then(|p| by_place.get(&p).copied());
        let Some(r) = result else {
            out.push_str(tag);
            rest = &rest[tag_end + 1..];
            continue;
        };
        let props = properties_xml(&properties(r, extra(r)));
        if self_closing {
            let open = tag.trim_end_matches("/>");
            out.push_str(&format!(
                "{open}>{props}{}</testcase>",
                rewrite_body("", &r.status)
            ));
            rest = &rest[tag_end + 1..];
            continue;
        }
        let body_start = tag_end + 1;
        let body_len = rest[body_start..]
            .find("</testcase>")
            .unwrap_or(rest.len() - body_start);
        let body = &rest[body_start..body_start + body_len];
        out.push_str(tag);
        out.push_str(&props);
        out.push_str(&rewrite_body(body, &r.status));
        rest = &rest[body_start + body_len..];
    }
    out.push_str(rest);
    recount(&out)
}

/// Sets each `<testsuite>`'s `failures` and `skipped` to what its test cases hold.
fn recount(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<testsuite ") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let end = rest.find("</testsuite>").unwrap_or(rest.len());
        let body = &rest[tag_end + 1..end];
        let failures = body.matches("<failure").count();
        let skipped = body.matches("<skipped").count();
        let mut tag = set_attribute(&rest[..tag_end], "failures", failures);
        tag = set_attribute(&tag, "skipped", skipped);
        out.push_str(&tag);
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

fn set_attribute(tag: &str, attr: &str, value: usize) -> String {
    let needle = format!(" {attr}=\"");
    match tag.find(&needle) {
        Some(i) => {
            let start = i + needle.len();
            let len = tag[start..].find('"').unwrap_or(0);
            format!("{}{value}{}", &tag[..start], &tag[start + len..])
        }
        None => format!("{tag}{needle}{value}\""),
    }
}

/// A `junit.xml` of its own for a `--repeat` run (each round wrote cucumber's into its
/// folder): one test case per scenario with its status over every round.
pub fn summary(
    results: &[ScenarioResult],
    extra: impl Fn(&ScenarioResult) -> Properties,
) -> String {
    let mut by_file: BTreeMap<&str, Vec<&ScenarioResult>> = BTreeMap::new();
    for r in results {
        by_file.entry(&r.file).or_default().push(r);
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites>\n");
    for (file, list) in by_file {
        xml.push_str(&format!(
            "<testsuite name=\"{}\" tests=\"{}\" errors=\"0\" failures=\"0\" skipped=\"0\">\n",
            escape_xml(file),
            list.len()
        ));
        for r in list {
            let body = match (&r.status, &r.failure) {
                (Status::Failed | Status::Flaky, Some(f)) => format!(
                    "<failure type=\"{}\" message=\"{}\"/>",
                    r.status.label(),
                    escape_xml(&f.message)
                ),
                (Status::ExpectedFailure { .. } | Status::ExpectedFlaky { .. }, Some(_)) => {
                    "<failure/>".to_owned()
                }
                _ => String::new(),
            };
            xml.push_str(&format!(
                "<testcase name=\"Scenario: {}: features/{}:{}\" classname=\"{}\">{}{}</testcase>\n",
                escape_xml(&r.name),
                escape_xml(&r.file),
                r.line,
                escape_xml(file),
                properties_xml(&properties(r, extra(r))),
                rewrite_body(&body, &r.status)
            ));
        }
        xml.push_str("</testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    recount(&xml)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{outcomes::Failure, scenario_key::ScenarioKey};

    fn result(line: usize, status: Status) -> ScenarioResult {
        ScenarioResult {
            file: "f.feature".into(),
            line,
            name: format!("s{line}"),
            failure: status.failed_at_all().then(|| Failure {
                specs: vec![],
                scenario: format!("s{line}"),
                message: "boom".into(),
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
        }
    }

    #[test]
    fn a_scenario_that_passed_on_its_second_try_loses_the_first_try_s_failure() {
        let xml = "<testsuites><testsuite id=\"0\" name=\"F\" tests=\"1\" failures=\"1\"><testcase name=\"Scenario: s3: features/f.feature:3:5\" time=\"1\"><failure message=\"lost\">x</failure><system-out>o</system-out></testcase></testsuite></testsuites>";
        let out = annotate(xml, &[result(3, Status::Passed)], |_| {
            vec![("retry".into(), "passed on a second try".into())]
        });
        assert!(!out.contains("<failure"), "{out}");
        assert!(out.contains("failures=\"0\""), "{out}");
        assert!(
            out.contains("<property name=\"retry\" value=\"passed on a second try\"/>"),
            "{out}"
        );
    }

    #[test]
    fn an_expected_failure_is_skipped_and_a_fixed_one_fails_with_properties_on_each() {
        let xml = "<testsuites><testsuite id=\"0\" name=\"F\" tests=\"2\" failures=\"1\"><testcase name=\"Scenario: s1: features/f.feature:3:5\" time=\"1\"><failure message=\"boom\">x</failure><system-out>o</system-out></testcase><testcase name=\"Scenario: s2: features/f.feature:9:3\" time=\"1\"><system-out>o</system-out></testcase></testsuite></testsuites>";
        let results = vec![
            result(
                3,
                Status::ExpectedFailure {
                    reason: "HD-1 <x>".into(),
                },
            ),
            result(
                9,
                Status::NowPasses {
                    reason: "HD-2".into(),
                },
            ),
        ];
        let out = annotate(xml, &results, |_| vec![("calls.total".into(), "3".into())]);
        assert!(
            out.contains("<skipped type=\"expected-failure\" message=\"expected failure (baseline: HD-1 &lt;x&gt;)\"/>"),
            "{out}"
        );
        assert!(out.contains("<failure type=\"now-passes\""), "{out}");
        assert!(
            out.contains("<property name=\"status\" value=\"expected failure\"/>"),
            "{out}"
        );
        assert!(
            out.contains("<property name=\"calls.total\" value=\"3\"/>"),
            "{out}"
        );
        assert!(out.contains("failures=\"1\" skipped=\"1\""), "{out}");
        assert!(out.contains("<system-out>o</system-out>"), "{out}");
    }

    #[test]
    fn a_repeat_summary_names_flaky_scenarios() {
        let out = summary(
            &[result(3, Status::Flaky), result(4, Status::Passed)],
            |_| Vec::new(),
        );
        assert!(out.contains("<failure type=\"flaky\""), "{out}");
        assert!(out.contains("value=\"flaky\""), "{out}");
        assert!(
            out.contains("tests=\"2\" errors=\"0\" failures=\"1\" skipped=\"0\""),
            "{out}"
        );
    }
}
