use super::*;

fn features() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.feature"),
        "Feature: a\n  @spec-A1\n  Scenario: one\n    Given x\n\n  @spec-A2\n  Scenario Outline: row <n>\n    Given <n>\n    Examples:\n      | n |\n      | 1 |\n      | 2 |\n      | 3 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.feature"),
        "Feature: b\n  @slow\n  Scenario: two\n    Given y\n  Scenario: three\n    Given z\n",
    )
    .unwrap();
    dir
}

#[test]
fn outline_rows_are_scenarios_of_their_own() {
    let dir = features();
    let all = Selection::default().scenarios(dir.path());
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["one", "row 1", "row 2", "row 3", "two", "three"]);
}

#[test]
fn tags_and_names_select() {
    let dir = features();
    let tagged = Selection::new(Some("not @slow and not @spec-A1"), None, None)
        .unwrap()
        .scenarios(dir.path());
    assert_eq!(tagged.len(), 4, "{tagged:?}");
    let named = Selection::new(None, Some("row".into()), None)
        .unwrap()
        .scenarios(dir.path());
    assert_eq!(named.len(), 3);
    assert!(Selection::new(Some("@a and"), None, None).is_err());
}

#[test]
fn lines_select_exactly_those_scenarios() {
    let dir = features();
    let lines = [("a.feature".to_owned(), 12), ("b.feature".to_owned(), 3)];
    let picked = Selection::default()
        .at_lines(Some(&lines))
        .scenarios(dir.path());
    let names: Vec<&str> = picked.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["row 2", "two"], "{picked:?}");
    let none = Selection::default()
        .at_lines(Some(&[]))
        .scenarios(dir.path());
    assert!(none.is_empty());
}

#[test]
fn shards_are_disjoint_and_together_the_whole_selection() {
    let dir = features();
    let all = Selection::default().scenarios(dir.path());
    for count in 1..=7 {
        let mut seen = Vec::new();
        for index in 1..=count {
            let shard = Selection::new(None, None, Some(Shard { index, count }))
                .unwrap()
                .scenarios(dir.path());
            assert!(
                shard.len() <= all.len().div_ceil(count),
                "shard {index}/{count} too big"
            );
            seen.extend(shard);
        }
        seen.sort();
        assert_eq!(
            seen, all,
            "shards of {count} do not cover the selection exactly once"
        );
    }
}

#[test]
fn shard_syntax_is_checked() {
    assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
        let err = bad.parse::<Shard>().unwrap_err();
        assert!(err.contains("expected I/N"), "{bad}: {err}");
    }
}
