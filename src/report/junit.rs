//! The one JUnit writer: `junit.xml` from a run's list of scenario results, on quick-xml. A
//! `<testsuite>` per feature file, a `<testcase>` per scenario with its properties (status,
//! the baseline's reason, widget calls, a second try), how it ended (`<failure>`,
//! `<skipped>`: an expected failure is skipped, pytest's convention for xfail, never a pass)
//! and its steps as the console printed them; a run cut short adds a suite `run` whose one
//! case is an `<error>` saying why.

use std::{borrow::Cow, collections::BTreeMap, io, path::Path, time::Duration};

use quick_xml::{
    Writer,
    events::{BytesCData, BytesDecl, Event},
};

use super::RunReport;
use crate::{outcomes::ScenarioResult, outcomes::status::Status};

/// Writes `report` as `junit.xml` in `dir`, atomically.
///
/// # Errors
/// An I/O error making the folder or writing the file.
pub fn write(dir: &Path, report: &RunReport) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    super::file::write(&dir.join("junit.xml"), xml(report)?)
}

/// The JUnit XML of `report`.
///
/// # Errors
/// Only what writing to memory can fail with (nothing).
pub fn xml(report: &RunReport) -> io::Result<Vec<u8>> {
    let mut by_file: BTreeMap<&str, Vec<&ScenarioResult>> = BTreeMap::new();
    for r in report.results {
        by_file.entry(&r.file).or_default().push(r);
    }
    let suites = by_file.len();
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("testsuites").write_inner_content(|w| {
        for (id, (file, mut cases)) in by_file.into_iter().enumerate() {
            cases.sort_by_key(|r| r.line);
            suite(w, id, file, &cases)?;
        }
        if let Some(why) = report.cut_short {
            cut_short(w, suites, why)?;
        }
        Ok(())
    })?;
    Ok(w.into_inner())
}

/// How a test case ended, when not as a plain pass.
enum Ending {
    Failure {
        kind: String,
        message: String,
    },
    Skipped {
        kind: Option<&'static str>,
        message: String,
    },
}

/// What `r`'s test case holds besides its properties: its status written out.
fn ending(r: &ScenarioResult) -> Option<Ending> {
    let message = || r.failure.as_ref().map(|f| f.message.clone());
    match &r.status {
        Status::Passed => None,
        Status::NotRun { why } => Some(Ending::Skipped {
            kind: None,
            message: why.clone(),
        }),
        Status::ExpectedFailure { reason } | Status::ExpectedFlaky { reason } => {
            message().map(|_| Ending::Skipped {
                kind: Some("expected-failure"),
                message: format!("expected failure (baseline: {reason})"),
            })
        }
        Status::NowPasses { reason } => Some(Ending::Failure {
            kind: "now-passes".into(),
            message: format!(
                "now passes: the baseline expects it to FAIL ({reason}); remove it from the baseline"
            ),
        }),
        // cucumber's word for how it failed ("Step Panicked") when it ran it, else the status.
        Status::Failed | Status::Flaky => Some(Ending::Failure {
            kind: r
                .transcript
                .as_ref()
                .and_then(|t| t.failure.clone())
                .unwrap_or_else(|| r.status.label().to_owned()),
            message: message().unwrap_or_default(),
        }),
    }
}

/// The properties of `r`'s test case, in order.
fn properties(r: &ScenarioResult) -> Vec<(String, String)> {
    let mut out = vec![("status".to_owned(), r.status.label().to_owned())];
    if let Some(reason) = r.status.reason() {
        out.push(("baseline.reason".into(), reason.to_owned()));
    }
    out.extend(r.calls.properties());
    if let Some(note) = &r.retry {
        out.push(("retry".into(), note.clone()));
    }
    if let Some(page) = &r.trace {
        out.push(("trace".into(), page.display().to_string()));
    }
    out
}

fn suite<W: io::Write>(
    w: &mut Writer<W>,
    id: usize,
    file: &str,
    cases: &[&ScenarioResult],
) -> io::Result<()> {
    let endings: Vec<_> = cases.iter().map(|r| ending(r)).collect();
    let failures = endings
        .iter()
        .filter(|e| matches!(e, Some(Ending::Failure { .. })))
        .count();
    let skipped = endings
        .iter()
        .filter(|e| matches!(e, Some(Ending::Skipped { .. })))
        .count();
    let transcripts: Vec<_> = cases.iter().filter_map(|r| r.transcript.as_ref()).collect();
    let name = match transcripts.first() {
        Some(t) => format!("Feature: {}: {}", t.feature, t.path),
        None => file.to_owned(),
    };
    let time: Duration = transcripts.iter().map(|t| t.duration).sum();
    let started = transcripts.iter().map(|t| t.started).min();
    let mut element = w
        .create_element("testsuite")
        .with_attributes([("id", id.to_string().as_str()), ("name", &clean(&name))]);
    if started.is_some() {
        // As cucumber's writer (junit-report) named them.
        element = element.with_attribute(("package", clean(&format!("testsuite/{name}"))));
    }
    element = element.with_attributes([
        ("tests", cases.len().to_string().as_str()),
        ("errors", "0"),
        ("failures", &failures.to_string()),
    ]);
    if let Some(started) = started {
        let at = time::OffsetDateTime::from(started)
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(io::Error::other)?;
        element = element.with_attributes([
            ("hostname", "localhost"),
            ("timestamp", at.as_str()),
            ("time", &time.as_secs_f64().to_string()),
        ]);
    }
    let element = element.with_attribute(("skipped", skipped.to_string().as_str()));
    element.write_inner_content(|w| {
        for (r, ending) in cases.iter().zip(endings) {
            case(w, file, r, ending)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn case<W: io::Write>(
    w: &mut Writer<W>,
    file: &str,
    r: &ScenarioResult,
    ending: Option<Ending>,
) -> io::Result<()> {
    let name = match &r.transcript {
        Some(t) => format!(
            "{}Scenario: {}: {}:{}:{}",
            t.rule
                .as_ref()
                .map(|rule| format!("Rule: {rule}: "))
                .unwrap_or_default(),
            r.name,
            t.path,
            r.line,
            t.column
        ),
        None => format!("Scenario: {}: features/{}:{}", r.name, r.file, r.line),
    };
    let mut element = w
        .create_element("testcase")
        .with_attribute(("name", clean(&name).as_ref()));
    match &r.transcript {
        Some(t) => {
            element =
                element.with_attribute(("time", t.duration.as_secs_f64().to_string().as_str()));
        }
        // Not run by cucumber: its file is its class, as the runner's own reports had it.
        None => element = element.with_attribute(("classname", clean(file).as_ref())),
    }
    element.write_inner_content(|w| {
        w.create_element("properties").write_inner_content(|w| {
            for (name, value) in properties(r) {
                w.create_element("property")
                    .with_attributes([("name", clean(&name)), ("value", clean(&value))])
                    .write_empty()?;
            }
            Ok(())
        })?;
        match ending {
            None => {}
            Some(Ending::Failure { kind, message }) => {
                w.create_element("failure")
                    .with_attributes([("type", clean(&kind)), ("message", clean(&message))])
                    .write_empty()?;
            }
            Some(Ending::Skipped { kind, message }) => {
                let mut skipped = w.create_element("skipped");
                if let Some(kind) = kind {
                    skipped = skipped.with_attribute(("type", kind));
                }
                skipped
                    .with_attribute(("message", clean(&message)))
                    .write_empty()?;
            }
        }
        let output = r.transcript.as_ref().map(|t| t.output.as_str());
        if let Some(output) = system_out(output, r.trace.as_deref()).map(|o| clean(&o).into_owned())
        {
            w.create_element("system-out").write_inner_content(|w| {
                for part in BytesCData::escaped(&output) {
                    w.write_event(Event::CData(part))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A test case's `<system-out>`: its steps as the console printed them, then its trace as an
/// attachment line, `[[ATTACHMENT|/absolute/path]]` alone on its line: the convention of
/// Jenkins' JUnit Attachments plugin, which Azure DevOps' test publisher reads too.
fn system_out(steps: Option<&str>, trace: Option<&Path>) -> Option<String> {
    let attachment = trace.map(|page| {
        let page = std::path::absolute(page).unwrap_or_else(|_| page.to_owned());
        format!("[[ATTACHMENT|{}]]\n", page.display())
    });
    match (steps, attachment) {
        (None, None) => None,
        (Some(steps), None) => Some(steps.to_owned()),
        (steps, Some(line)) => {
            let steps = steps.unwrap_or_default();
            let gap = if steps.is_empty() || steps.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Some(format!("{steps}{gap}{line}"))
        }
    }
}

/// The suite saying that the run was cut short, and why.
fn cut_short<W: io::Write>(w: &mut Writer<W>, id: usize, why: &str) -> io::Result<()> {
    w.create_element("testsuite")
        .with_attributes([
            ("id", id.to_string().as_str()),
            ("name", "run"),
            ("tests", "1"),
            ("errors", "1"),
            ("failures", "0"),
            ("skipped", "0"),
        ])
        .write_inner_content(|w| {
            w.create_element("testcase")
                .with_attributes([("name", "the run"), ("classname", "run")])
                .write_inner_content(|w| {
                    w.create_element("error")
                        .with_attributes([("type", "interrupted"), ("message", &clean(why))])
                        .write_empty()?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// `text` without the characters XML 1.0 cannot hold (control characters a browser's error
/// may carry); quick-xml escapes the rest.
fn clean(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests;
