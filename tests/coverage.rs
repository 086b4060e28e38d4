//! Spec coverage, checked without a browser: every statement ID of the spec has at least one
//! scenario tagged `@spec-<ID>`, every such tag names a real statement, and every statement
//! has a broken variant (of the widget, or for spec A a backend defect) that the breakage
//! test runs.
//!
//! The spec lives in `../shared/spec/widget-spec.md`; `docs/spec/widget-spec.md` is our copy,
//! so the project builds on its own. When both exist they must be identical: a changed spec
//! fails here until the copy (and so the coverage) is brought up to date.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use cucumber::gherkin::{Feature, GherkinEnv};
use herodesk_conformance::{mutation::variants, runner::project_path};

fn spec_text() -> String {
    let copy = std::fs::read_to_string(project_path("docs/spec/widget-spec.md"))
        .expect("docs/spec/widget-spec.md is readable");
    let shared = project_path("../shared/spec/widget-spec.md");
    if let Ok(original) = std::fs::read_to_string(&shared) {
        assert_eq!(
            copy,
            original,
            "docs/spec/widget-spec.md differs from {}: copy the new spec and cover its statements",
            shared.display()
        );
    }
    copy
}

/// The IDs of `- **A1** …` lines.
fn spec_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split_once("**").map(|(id, _)| id.to_owned()))
        .filter(|id| {
            id.len() >= 2
                && id.starts_with(|c: char| c.is_ascii_uppercase())
                && id[1..].chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// spec ID → scenario names tagged with it, over every feature file.
fn tagged_scenarios(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("features/ is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "feature"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no feature files in {}", dir.display());
    for path in files {
        let feature = Feature::parse_path(&path, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| &r.scenarios));
        for scenario in scenarios {
            let tags = feature
                .tags
                .iter()
                .chain(&scenario.tags)
                .chain(scenario.examples.iter().flat_map(|e| &e.tags));
            for tag in tags {
                if let Some(id) = tag.strip_prefix("spec-") {
                    out.entry(id.to_owned())
                        .or_default()
                        .push(scenario.name.clone());
                }
            }
        }
    }
    out
}

/// The statements of each area are numbered from 1 without gaps, so a statement lost while
/// copying the spec (or an ID mistyped) shows here; the count follows the spec as it grows.
#[test]
fn the_spec_copy_numbers_each_area_s_statements_from_1_without_gaps() {
    let ids = spec_ids(&spec_text());
    let mut areas: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    for id in &ids {
        let area = id.chars().next().expect("non-empty id");
        areas
            .entry(area)
            .or_default()
            .push(id[1..].parse().expect("digits"));
    }
    assert!(!areas.is_empty(), "the spec lists no statement");
    for (area, mut numbers) in areas {
        numbers.sort_unstable();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "area {area}'s statements");
    }
    println!("{} statements", ids.len());
}

#[test]
fn every_statement_has_a_scenario() {
    let ids = spec_ids(&spec_text());
    let tagged = tagged_scenarios(&project_path("features"));
    let missing: Vec<_> = ids.iter().filter(|id| !tagged.contains_key(*id)).collect();
    assert!(
        missing.is_empty(),
        "statements without a scenario: {missing:?}"
    );
    for (id, scenarios) in &tagged {
        println!("{id:<4} {} scenario(s)", scenarios.len());
    }
}

#[test]
fn every_tag_names_a_statement_of_the_spec() {
    let ids = spec_ids(&spec_text());
    let tagged = tagged_scenarios(&project_path("features"));
    let unknown: Vec<_> = tagged.keys().filter(|t| !ids.contains(*t)).collect();
    assert!(
        unknown.is_empty(),
        "tags naming no statement of the spec: {unknown:?}"
    );
}

#[test]
fn every_statement_has_a_broken_variant() {
    let ids = spec_ids(&spec_text());
    let with_variant: BTreeSet<String> = variants::load(&variants::manifest_path())
        .expect("the variants manifest loads")
        .into_iter()
        .map(|v| v.spec)
        .collect();
    let missing: Vec<_> = ids
        .iter()
        .filter(|id| !with_variant.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "statements without a broken variant: {missing:?}"
    );
    let unknown: Vec<_> = with_variant.iter().filter(|s| !ids.contains(*s)).collect();
    assert!(
        unknown.is_empty(),
        "variants naming no statement of the spec: {unknown:?}"
    );
}

#[test]
fn spec_ids_are_read_from_the_bold_list_items() {
    let ids = spec_ids("- **A1** x\n- **B12** y\n- Resolution for bad requests\n- **Note** z\n");
    assert_eq!(ids, BTreeSet::from(["A1".to_owned(), "B12".to_owned()]));
}
