//! Reading a run's report files the way CI tools do: `junit.xml` through `junitparser` (PyPI,
//! installed by scripts/install-deps.sh) and read whole by quick-xml, `cucumber.json` through
//! serde_json.

#![allow(dead_code)]

use std::{path::Path, process::Command};

/// (tests, failures + errors) of a JUnit file as `junitparser` counts them; panics with
/// `junitparser`'s words when it refuses the file.
pub fn junit_counts(path: &Path) -> (usize, usize) {
    let parsed = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, junitparser\n\
             xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n\
             suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]\n\
             tests = sum(s.tests for s in suites)\n\
             bad = sum(s.failures + s.errors for s in suites)\n\
             print(tests, bad)",
        )
        .arg(path)
        .output()
        .expect("python3 runs (scripts/install-deps.sh installs junitparser)");
    assert!(
        parsed.status.success(),
        "junitparser refused {}: {}\n{}",
        path.display(),
        String::from_utf8_lossy(&parsed.stderr),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    read_whole(path);
    let counts = String::from_utf8_lossy(&parsed.stdout);
    let mut numbers = counts.split_whitespace().map(|n| n.parse().unwrap());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

/// Reads the XML file at `path` to its end with quick-xml (every event, end tags checked);
/// panics with quick-xml's words when it is not well-formed.
pub fn read_whole(path: &Path) {
    let xml = std::fs::read(path).unwrap_or_else(|e| panic!("{} unreadable: {e}", path.display()));
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => return,
            Ok(_) => buf.clear(),
            Err(e) => panic!(
                "{} is not well-formed XML ({e}):\n{}",
                path.display(),
                String::from_utf8_lossy(&xml)
            ),
        }
    }
}

/// `cucumber.json` parsed; panics when it is not JSON (an empty or half-written file).
pub fn cucumber_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} unreadable: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON ({e}): {text:?}", path.display()))
}
