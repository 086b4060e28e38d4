//! `--features DIR`: a team's own feature, written only from `--list-steps`' steps, runs
//! against the reference widget (in Chromium) with the same reports and gate; alone, or with
//! ours (`--with-ours`); a line that matches no step is exit 2 before any browser starts.

use std::{path::Path, process::Command};

use herodesk_conformance::plan::options::project_path;

const TEAM_FEATURE: &str = "\
@ours
Feature: Our widget knows a signed-in visitor

  Scenario: a visitor signed in on our site is identified once and shown as verified
    Given a new visitor
    When the visitor opens a page signed in as \"john@example.com\" with a token from the site's server
    Then the widget shows \"john@example.com\" as a verified contact
    And the identify API was called exactly 1 time
";

fn folder(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// The binary, run from an empty folder: (exit code, stdout, stderr).
fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_herodesk-conformance"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_teams_own_feature_runs_alone_against_the_reference_widget_and_passes() {
    let team = folder("greeting.feature", TEAM_FEATURE);
    let here = tempfile::tempdir().unwrap();
    let widget = project_path("fixtures/widget/livechat.js");
    let (code, out, err) = run(
        &[
            "--features",
            team.path().to_str().unwrap(),
            "--widget",
            widget.to_str().unwrap(),
            "--browser",
            "chromium",
            "--report",
            "report",
            "--quiet",
        ],
        here.path(),
    );
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(
        out.contains("VERDICT: the widget conforms (1 scenarios passed)"),
        "{out}"
    );
    let junit = std::fs::read_to_string(here.path().join("report/junit.xml")).unwrap();
    assert!(
        junit.contains("a visitor signed in on our site is identified once and shown as verified"),
        "{junit}"
    );
    // The page says when the run finished as people write it: to the second, in UTC.
    let page = std::fs::read_to_string(here.path().join("report/spec.html")).unwrap();
    let (_, after) = page
        .split_once("finished ")
        .expect("spec.html says when it finished");
    let when: String = after.chars().take(24).collect();
    let shape = when
        .chars()
        .zip("dddd-dd-dd dd:dd:dd UTC".chars())
        .all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { c == s });
    assert!(
        shape && !when[23..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.'),
        "finished {when}"
    );
    assert!(
        !page.contains("+00:00:00"),
        "a machine's time is on the page"
    );
}

#[test]
fn with_ours_the_teams_feature_is_added_to_ours_and_tags_select_in_both() {
    let team = folder("greeting.feature", TEAM_FEATURE);
    let here = tempfile::tempdir().unwrap();
    let dir = team.path().to_str().unwrap();
    let (code, ours, err) = run(&["--list"], here.path());
    assert_eq!(code, 0, "{err}");
    let (code, both, err) = run(&["--features", dir, "--with-ours", "--list"], here.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(both.lines().count(), ours.lines().count() + 1, "{both}");
    assert!(
        both.contains("greeting.feature:4  a visitor signed in"),
        "{both}"
    );
    assert!(both.contains("session_caching.feature:"), "{both}");
    let (code, tagged, err) = run(
        &[
            "--features",
            dir,
            "--with-ours",
            "--tags",
            "@ours",
            "--list",
        ],
        here.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(tagged.lines().count(), 1, "{tagged}");
    // Alone, ours are not run.
    let (_, alone, _) = run(&["--features", dir, "--list"], here.path());
    assert_eq!(alone.lines().count(), 1, "{alone}");
}

#[test]
fn a_teams_feature_with_an_unknown_step_is_exit_2_naming_the_line() {
    let team = folder(
        "typo.feature",
        "Feature: typo\n\n  Scenario: s\n    Given a new visitor\n    \
         Then the widget shows \"john@example.com\" as a verifed contact\n",
    );
    let here = tempfile::tempdir().unwrap();
    let dir = team.path().to_str().unwrap();
    for extra in [&[][..], &["--with-ours"][..]] {
        let mut args = vec!["--features", dir, "--browser", "chromium"];
        args.extend(extra);
        let started = std::time::Instant::now();
        let (code, out, err) = run(&args, here.path());
        assert_eq!(code, 2, "stdout:\n{out}\nstderr:\n{err}");
        let place = format!(
            "{}:5: no step matches",
            team.path().join("typo.feature").display()
        );
        assert!(err.contains(&place), "{err}");
        assert!(
            err.contains(r#"the widget shows "(.*)" as an? (verified|unverified) contact$"#),
            "the closest step is not offered: {err}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
    // The same line in a file named like one of ours: refused for the name first.
    let clash = folder("session_caching.feature", TEAM_FEATURE);
    let dir = clash.path().to_str().unwrap();
    let (code, _, err) = run(&["--features", dir, "--with-ours"], here.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("two feature files are named session_caching.feature"),
        "{err}"
    );
}
