//! A run cut short at any point leaves report files that parse: the main command is
//! interrupted (SIGINT or SIGTERM) as its browser starts, after its first scenario and after
//! its second, and each time `junit.xml` is read whole by quick-xml (every event, every test
//! case), says the run was interrupted and holds every selected scenario once; `cucumber.json`
//! parses too, and no half-written temporary file is left beside them.

use std::{
    io::{BufRead, BufReader, Read},
    path::Path,
    process::{Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use nix::{
    sys::signal::{Signal, kill},
    unistd::Pid,
};
use quick_xml::{Reader, events::Event};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");
const TAGS: &str = "@spec-E1 or @spec-E2";

#[path = "support/processes.rs"]
mod processes;

/// When to send the signal.
#[derive(Debug, Clone, Copy)]
enum Point {
    /// Once a Chromium process runs (the preflight or the first scenario).
    BrowserUp,
    /// Once this many scenarios have finished (the progress line says so).
    Finished(usize),
}

/// What a `junit.xml` holds, read by quick-xml: its test cases' names, the messages of its
/// `<error>` elements, and how many test cases were skipped (not run). Panics when the file
/// does not parse to its end.
fn read_junit(path: &Path) -> (Vec<String>, Vec<String>, usize) {
    let xml = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = Reader::from_reader(xml.as_slice());
    let (mut cases, mut errors, mut buf, mut depth) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut skipped = 0;
    loop {
        let event = reader.read_event_into(&mut buf).unwrap_or_else(|e| {
            panic!(
                "junit.xml does not parse: {e}\n{}",
                String::from_utf8_lossy(&xml)
            )
        });
        let attribute = |e: &quick_xml::events::BytesStart, name: &[u8]| {
            e.try_get_attribute(name)
                .unwrap()
                .map(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned()
                })
                .unwrap_or_default()
        };
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                match e.name().as_ref() {
                    b"testcase" => cases.push(attribute(e, b"name")),
                    b"error" => errors.push(attribute(e, b"message")),
                    b"skipped" => skipped += 1,
                    _ => {}
                }
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "junit.xml ends inside an element");
    (cases, errors, skipped)
}

/// Runs the suite in Chromium and sends `signal` at `point`; returns the exit code and what
/// the run printed.
fn interrupt(reports: &Path, point: Point, signal: Signal) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(["--browser", "chromium", "--concurrency", "1", "--quiet"])
        .args(["--tags", TAGS, "--report", reports.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the main command starts");
    let root = child.id() as i32;
    let (lines, seen) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let mut stdout = child.stdout.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(240);
    let mut finished = 0;
    let mut sent = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        while let Ok(line) = seen.try_recv() {
            if line.starts_with("progress: ") {
                finished += 1;
            }
        }
        let now = match point {
            Point::BrowserUp => processes::descendants(root)
                .iter()
                .any(|(_, name)| name.contains("chrom") && !name.contains("chromedriver")),
            Point::Finished(n) => finished >= n,
        };
        if now && !sent {
            kill(Pid::from_raw(root), signal).expect("signal sent");
            sent = true;
        }
        assert!(
            Instant::now() < deadline,
            "the run did not end within 240 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = out.join().unwrap() + &reader.join().unwrap();
    assert!(sent, "the run ended before {point:?}: {output}");
    (status.code(), output)
}

fn reports_parse_after(point: Point, signal: Signal) {
    let reports = tempfile::tempdir().unwrap();
    let (code, output) = interrupt(reports.path(), point, signal);
    assert_eq!(code, Some(128 + signal as i32), "{point:?}: {output}");
    let selected = Command::new(BIN)
        .args(["--list", "--tags", TAGS])
        .output()
        .unwrap();
    let selected = String::from_utf8_lossy(&selected.stdout).lines().count();
    let (cases, errors, skipped) = read_junit(&reports.path().join("junit.xml"));
    // Every selected scenario once (finished or not run), and the run's own entry.
    assert_eq!(cases.len(), selected + 1, "{point:?}: {cases:?}");
    assert_eq!(errors.len(), 1, "{point:?}: {errors:?}");
    // The scenarios that had finished when the signal came are there as they ended.
    if let Point::Finished(n) = point {
        assert!(
            selected - skipped >= n,
            "{point:?}: {skipped} of {selected} not run"
        );
    }
    assert!(skipped > 0, "{point:?}: the run had finished");
    let name = format!("interrupted by {}", signal.as_str());
    assert!(errors[0].contains(&name), "{point:?}: {errors:?}");
    let json = std::fs::read_to_string(reports.path().join("cucumber.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).expect("cucumber.json parses");
    assert!(json.to_string().contains(&name), "{point:?}: {json}");
    let partial: Vec<_> = std::fs::read_dir(reports.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-"))
        .collect();
    assert!(partial.is_empty(), "{point:?}: left {partial:?}");
}

// One test, so the runs take their turns (each starts a browser).
#[test]
fn a_run_interrupted_at_any_point_leaves_reports_that_parse() {
    reports_parse_after(Point::BrowserUp, Signal::SIGINT);
    reports_parse_after(Point::Finished(1), Signal::SIGTERM);
    reports_parse_after(Point::Finished(2), Signal::SIGINT);
}
