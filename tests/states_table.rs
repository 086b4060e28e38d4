//! The states × inputs table (`docs/states-and-inputs.md`), checked against the feature files
//! without a browser: every statement B1–I5 has a table; each table accounts for every state
//! and input shape exactly once; a row that applies names scenarios that exist, are tagged
//! with the table's statement (a defect of a statement must fail a scenario charged to it) and,
//! for an outline row, have the example named; a row that does not apply says why.

use std::collections::{BTreeMap, BTreeSet};

use cucumber::gherkin::{Feature, GherkinEnv};
use herodesk_conformance::runner::project_path;

/// The rows every table must account for, in the page's words.
const ROWS: &[&str] = &[
    "queued",
    "loading",
    "identifying",
    "identified",
    "unverified",
    "verification sent",
    "restored",
    "switched",
    "failed identify",
    "head or late",
    "missing",
    "null",
    "empty",
    "malformed",
    "wrong",
    "other type",
    "case and spaces",
    "repeated",
    "edge values",
];

/// A scenario as the table can name it: its tags (feature, scenario and examples) and the
/// cells of its examples.
#[derive(Debug, Default)]
struct Known {
    tags: BTreeSet<String>,
    cells: BTreeSet<String>,
}

/// Scenario name (as written, placeholders and all) → what the table may check of it.
fn scenarios() -> BTreeMap<String, Known> {
    let dir = project_path("features");
    let mut out: BTreeMap<String, Known> = BTreeMap::new();
    let files = std::fs::read_dir(&dir).expect("features/ is readable");
    for path in files.flatten().map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "feature") {
            continue;
        }
        let feature = Feature::parse_path(&path, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        for scenario in feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| &r.scenarios))
        {
            let known = out.entry(scenario.name.clone()).or_default();
            let tags = feature
                .tags
                .iter()
                .chain(&scenario.tags)
                .chain(scenario.examples.iter().flat_map(|e| &e.tags));
            known.tags.extend(tags.cloned());
            for examples in &scenario.examples {
                if let Some(table) = &examples.table {
                    // The first row is the header: a cell name, not an example.
                    for row in table.rows.iter().skip(1) {
                        known.cells.extend(row.iter().map(|c| c.trim().to_owned()));
                    }
                }
            }
        }
    }
    out
}

/// The statement IDs B1…I5, in the spec's order (from our copy of the spec).
fn statements() -> Vec<String> {
    let spec = std::fs::read_to_string(project_path("docs/spec/widget-spec.md"))
        .expect("docs/spec/widget-spec.md is readable");
    let ids: Vec<String> = spec
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split_once("**").map(|(id, _)| id.to_owned()))
        .filter(|id| id.len() >= 2 && id[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    let from = ids.iter().position(|i| i == "B1").expect("the spec has B1");
    let to = ids.iter().position(|i| i == "I5").expect("the spec has I5");
    ids[from..=to].to_vec()
}

/// One line of a table: its rows and its second cell.
struct Line {
    rows: Vec<String>,
    answer: String,
}

/// Statement ID → the lines of its table.
fn tables(page: &str) -> BTreeMap<String, Vec<Line>> {
    let mut out: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let id = heading.split(' ').next().unwrap_or_default().to_owned();
            out.entry(id.clone()).or_default();
            current = Some(id);
            continue;
        }
        let (Some(id), Some(rest)) = (&current, line.strip_prefix("| ")) else {
            continue;
        };
        let Some((rows, answer)) = rest.split_once(" | ") else {
            continue;
        };
        if rows == "rows" || rows.starts_with("---") {
            continue;
        }
        out.get_mut(id).expect("entered above").push(Line {
            rows: rows.split(',').map(|r| r.trim().to_owned()).collect(),
            answer: answer.trim_end_matches('|').trim().to_owned(),
        });
    }
    out
}

/// The scenarios an answer names: `` `name` `` optionally followed by ` [example cell]`.
fn references(answer: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = answer;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        let name = after[..end].to_owned();
        rest = &after[end + 1..];
        let cell = rest
            .strip_prefix(" [")
            .and_then(|r| r.split_once(']'))
            .map(|(cell, tail)| {
                let cell = cell.to_owned();
                rest = tail;
                cell
            });
        out.push((name, cell));
    }
    out
}

/// Every problem of the page, in plain words.
fn problems(page: &str, known: &BTreeMap<String, Known>, ids: &[String]) -> Vec<String> {
    let tables = tables(page);
    let mut out = Vec::new();
    for id in ids {
        let Some(lines) = tables.get(id) else {
            out.push(format!("{id}: no table"));
            continue;
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for line in lines {
            for row in &line.rows {
                *seen.entry(row.as_str()).or_default() += 1;
                if !ROWS.contains(&row.as_str()) {
                    out.push(format!("{id}: `{row}` is not a row of the table"));
                }
            }
            let label = line.rows.join(", ");
            if let Some(why) = line.answer.strip_prefix("n/a:") {
                if why.trim().is_empty() {
                    out.push(format!("{id} / {label}: does not apply, but says not why"));
                }
                continue;
            }
            let refs = references(&line.answer);
            if refs.is_empty() {
                out.push(format!(
                    "{id} / {label}: names no scenario and gives no reason"
                ));
            }
            for (name, cell) in refs {
                let Some(scenario) = known.get(&name) else {
                    out.push(format!("{id} / {label}: no scenario is named `{name}`"));
                    continue;
                };
                if !scenario.tags.contains(&format!("spec-{id}")) {
                    out.push(format!("{id} / {label}: `{name}` is not tagged @spec-{id}"));
                }
                if let Some(cell) = cell.filter(|c| !scenario.cells.contains(c)) {
                    out.push(format!("{id} / {label}: `{name}` has no example `{cell}`"));
                }
            }
        }
        for row in ROWS {
            match seen.get(row) {
                None => out.push(format!("{id}: the row `{row}` is missing")),
                Some(n) if *n > 1 => out.push(format!("{id}: the row `{row}` is there {n} times")),
                Some(_) => {}
            }
        }
    }
    out
}

#[test]
fn every_statement_has_a_complete_table_naming_real_scenarios_of_its_own() {
    let page = std::fs::read_to_string(project_path("docs/states-and-inputs.md"))
        .expect("docs/states-and-inputs.md is readable");
    let found = problems(&page, &scenarios(), &statements());
    assert!(
        found.is_empty(),
        "docs/states-and-inputs.md:\n  {}",
        found.join("\n  ")
    );
}

/// The check can fail: a made-up page with each kind of mistake gets each named.
#[test]
fn a_table_with_mistakes_is_refused_for_each_of_them() {
    let mut known = BTreeMap::new();
    known.insert(
        "B1 — real".to_owned(),
        Known {
            tags: ["spec-B1".to_owned()].into(),
            cells: ["head".to_owned()].into(),
        },
    );
    let mut page = String::from("### B1 — x\n\n| rows | answer |\n|---|---|\n");
    page.push_str("| queued | `B1 — real` [tail] |\n");
    page.push_str("| loading | `B1 — imagined` |\n");
    page.push_str("| identifying | n/a: |\n");
    page.push_str("| identified, identified | `B1 — real` [head] |\n");
    page.push_str("| sideways | n/a: no such row |\n");
    let found = problems(&page, &known, &["B1".to_owned(), "B2".to_owned()]);
    for wanted in [
        "has no example `tail`",
        "no scenario is named `B1 — imagined`",
        "says not why",
        "the row `identified` is there 2 times",
        "`sideways` is not a row",
        "the row `unverified` is missing",
        "B2: no table",
    ] {
        assert!(
            found.iter().any(|p| p.contains(wanted)),
            "expected a problem containing {wanted:?}, got {found:#?}"
        );
    }
    let mut other = BTreeMap::new();
    other.insert(
        "C4 — real".to_owned(),
        Known {
            tags: ["spec-C4".to_owned()].into(),
            cells: BTreeSet::new(),
        },
    );
    let page = "### B1 — x\n| queued | `C4 — real` |\n";
    let found = problems(page, &other, &["B1".to_owned()]);
    assert!(
        found.iter().any(|p| p.contains("is not tagged @spec-B1")),
        "{found:#?}"
    );
}
