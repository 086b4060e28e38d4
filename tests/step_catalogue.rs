//! The step catalogue (`--list-steps`, `docs/steps.md`) against the code: every step attribute
//! of the sources is listed, each example matches its own pattern, and `docs/steps.md` is what
//! the binary prints.

use std::{
    collections::{BTreeSet, HashMap},
    path::Path,
    process::Command,
};

use cucumber::codegen::{Expression, Regex};
use herodesk_conformance::{
    plan::options::project_path,
    spec::step_catalogue::{self, Form, PARAMETERS, REGENERATE},
};

/// The regex a step's pattern means, compiled from the pattern as written (not cucumber's).
fn compile(form: Form, pattern: &str) -> Regex {
    match form {
        Form::Text => Regex::new(&format!("^{}$", regex_escape(pattern))).unwrap(),
        Form::Regex => Regex::new(pattern).unwrap(),
        Form::Expression => {
            let custom: HashMap<&str, &str> = PARAMETERS.iter().copied().collect();
            Expression::regex_with_parameters(pattern, &custom)
                .unwrap_or_else(|e| panic!("`{pattern}` is not an expression: {e}"))
        }
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if "\\.+*?()|[]{}^$#&-~".contains(c) {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[test]
fn every_example_matches_its_own_pattern_and_no_other() {
    let defs = step_catalogue::catalogue(&project_path("features"));
    let mut wrong = Vec::new();
    for def in &defs {
        let Some(example) = &def.example else {
            wrong.push(format!(
                "{}:{} `{}` has no example: use it in a feature or add one to EXTRA_EXAMPLES",
                def.file, def.line, def.pattern
            ));
            continue;
        };
        let (kind, text) = step_catalogue::split_keyword(&example.line).unwrap();
        if kind != def.kind || !compile(def.form, &def.pattern).is_match(text) {
            wrong.push(format!(
                "{}:{} `{} {}`: its example `{}` does not match it",
                def.file,
                def.line,
                def.kind.word(),
                def.pattern,
                example.line
            ));
        }
        let others = defs.iter().filter(|d| d.matches(kind, text)).count();
        if others != 1 {
            wrong.push(format!("`{}` matches {others} steps", example.line));
        }
    }
    assert!(defs.len() > 100, "only {} steps listed", defs.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every `#[given(`/`#[when(`/`#[then(` attribute in `dir` (recursively): (file, line).
fn attributes(root: &Path, dir: &Path, out: &mut BTreeSet<(String, usize)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            attributes(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            for (i, line) in text.lines().enumerate() {
                let line = line.trim_start();
                if ["#[given", "#[when", "#[then"]
                    .iter()
                    .any(|a| line.starts_with(a))
                {
                    out.insert((file.clone(), i + 1));
                }
            }
        }
    }
}

#[test]
fn the_catalogue_lists_every_step_attribute_of_the_sources() {
    let root = project_path("");
    let mut in_source = BTreeSet::new();
    attributes(&root, &root.join("steps"), &mut in_source);
    attributes(&root, &root.join("src"), &mut in_source);
    let listed: BTreeSet<(String, usize)> = step_catalogue::definitions()
        .into_iter()
        .map(|d| (d.file, d.line))
        .collect();
    let missing: Vec<_> = in_source.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&in_source).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "attributes not listed: {missing:?}; listed but not attributes: {extra:?}"
    );
    // Each listed step shows its pattern as written, read from the sources built in.
    for def in step_catalogue::definitions() {
        let text = std::fs::read_to_string(root.join(&def.file)).unwrap();
        let attribute: String = text.lines().skip(def.line - 1).take(4).collect();
        let first_words: String = def.pattern.chars().take(12).collect();
        assert!(
            attribute.contains(&first_words),
            "{}:{} lists `{}`, not what its attribute says",
            def.file,
            def.line,
            def.pattern
        );
    }
}

fn list_steps(format: &str) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_herodesk-conformance"))
        .args(["--list-steps", "--format", format])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn list_steps_prints_every_step_with_an_example() {
    let (ok, text, stderr) = list_steps("text");
    assert!(ok, "--list-steps failed: {stderr}");
    let defs = step_catalogue::catalogue(&project_path("features"));
    for def in &defs {
        let entry = format!("{} {}\n", def.kind.word(), def.pattern);
        assert!(text.contains(&entry), "--list-steps lacks `{entry}`");
        let example = &def.example.as_ref().unwrap().line;
        assert!(
            text.contains(&format!("e.g. {example}\n")),
            "no `{example}`"
        );
    }
    assert_eq!(text.matches("\n    e.g. ").count(), defs.len());
}

#[test]
fn docs_steps_md_is_what_the_binary_prints() {
    let (ok, printed, stderr) = list_steps("markdown");
    assert!(ok, "--list-steps --format markdown failed: {stderr}");
    let path = project_path("docs/steps.md");
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == printed,
        "{} is not the catalogue the binary prints (a step was added, changed or removed?); \
         regenerate it with `{REGENERATE}`",
        path.display()
    );
}

#[tokio::test]
async fn a_feature_line_that_matches_no_step_is_exit_2_before_any_browser_starts() {
    let features = tempfile::tempdir().unwrap();
    std::fs::write(
        features.path().join("ours_too.feature"),
        "Feature: a team's own\n\n  Scenario: a typo\n    Given a new visitor\n    \
         When the visitor opens a page signed in as \"ada@example.com\" with a tokn from the \
         site's server\n",
    )
    .unwrap();
    let mut options = herodesk_conformance::RunOptions {
        features: features.path().to_owned(),
        engines: vec![herodesk_conformance::browser::Engine::Chromium],
        ..herodesk_conformance::RunOptions::reference()
    };
    // A browser started first would fail on these instead.
    options.browser.chromedriver = "/nonexistent/chromedriver".into();
    options.browser.geckodriver = "/nonexistent/geckodriver".into();
    let started = std::time::Instant::now();
    let verdict = herodesk_conformance::run(options).await;
    assert_eq!(verdict.exit_code(), 2, "{}", verdict.headline());
    let headline = verdict.headline();
    assert!(
        headline.contains("ours_too.feature:5: no step matches `When the visitor opens a page"),
        "{headline}"
    );
    assert!(
        headline.contains(
            "When the visitor opens a page signed in as {string} with a token from the site's server"
        ),
        "the closest step is not offered: {headline}"
    );
    assert!(!headline.contains("chromedriver"), "{headline}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
