//! `docs/cli.md` is the reference of both commands, checked against their clap definitions
//! (no browser): each command's table lists every long option of the command (hidden ones
//! aside), every option the table lists exists, and the variable in an option's row is the one
//! clap reads for it (`—` when clap reads none).

use std::collections::BTreeMap;

use clap::CommandFactory;
use herodesk_conformance::{cli::Cli, mutation::command::Args};

/// One documented option: its long name (without `--`) and the variable in its row, if any.
type Rows = BTreeMap<String, Option<String>>;

/// The rows of the options table in the section of `docs/cli.md` headed `heading` (up to the
/// next `## `): rows whose first cell is `` `--option …` ``.
fn documented(page: &str, heading: &str) -> Rows {
    let page = format!("\n{page}");
    let start = page
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("docs/cli.md has a section {heading:?}"));
    let section = &page[start + heading.len() + 2..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut rows = Rows::new();
    for line in section.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(flag) = cells.get(1).and_then(|c| c.strip_prefix("`--")) else {
            continue;
        };
        let name: String = flag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let variable = cells
            .get(2)
            .and_then(|c| c.strip_prefix('`'))
            .and_then(|c| c.split('`').next())
            .map(str::to_owned);
        assert!(
            rows.insert(name.clone(), variable).is_none(),
            "docs/cli.md, {heading}: --{name} is listed twice"
        );
    }
    rows
}

/// The long options of a clap command (hidden ones aside) and the variable clap reads for each.
fn declared(command: &clap::Command) -> (Rows, Vec<String>) {
    let mut visible = Rows::new();
    let mut hidden = Vec::new();
    for arg in command.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        let env = arg.get_env().map(|e| e.to_string_lossy().into_owned());
        if arg.is_hide_set() {
            hidden.push(long.to_owned());
        } else {
            visible.insert(long.to_owned(), env);
        }
    }
    (visible, hidden)
}

/// The differences between a command's table and its clap definition, in words.
fn differences(documented: &Rows, declared: &Rows) -> Vec<String> {
    let mut out = Vec::new();
    for (flag, env) in declared {
        match documented.get(flag) {
            None => out.push(format!("--{flag} is an option but has no row")),
            Some(doc) if doc != env => out.push(format!(
                "--{flag}: the row says {doc:?}, clap reads the variable {env:?}"
            )),
            Some(_) => {}
        }
    }
    for flag in documented.keys() {
        if !declared.contains_key(flag) {
            out.push(format!(
                "--{flag} has a row but is no option of the command"
            ));
        }
    }
    out
}

fn page() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md"))
        .expect("docs/cli.md is readable")
}

#[test]
fn the_main_command_s_options_and_variables_are_those_of_docs_cli_md() {
    let (declared, hidden) = declared(&Cli::command());
    assert!(
        hidden.is_empty(),
        "the main command hides no option: {hidden:?}"
    );
    let wrong = differences(&documented(&page(), "## The main command"), &declared);
    assert!(
        wrong.is_empty(),
        "docs/cli.md, the main command:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn the_mutation_command_s_options_are_those_of_docs_cli_md() {
    let (declared, hidden) = declared(&Args::command());
    let page = page();
    let wrong = differences(&documented(&page, "## The mutation command"), &declared);
    assert!(
        wrong.is_empty(),
        "docs/cli.md, the mutation command:\n  {}",
        wrong.join("\n  ")
    );
    for flag in hidden {
        assert!(
            page.contains(&format!("`--{flag}")),
            "docs/cli.md names the hidden option --{flag} as internal"
        );
    }
}

#[test]
fn a_missing_row_a_row_for_no_option_and_a_wrong_variable_are_each_found() {
    let page = "## The main command\n\n| option | variable | what |\n|---|---|---|\n\
                | `--widget PATH` | `HERODESK_WIDGET` | x |\n\
                | `--tags EXPR` | `HERODESK_TAG` | x |\n\
                | `--gone` | — | x |\n\n## Next\n\n| `--later` | — | x |\n";
    let rows = documented(page, "## The main command");
    assert_eq!(rows.len(), 3, "{rows:?}");
    let declared: Rows = [
        ("widget", Some("HERODESK_WIDGET")),
        ("tags", Some("HERODESK_TAGS")),
        ("quiet", None),
    ]
    .into_iter()
    .map(|(f, e)| (f.to_owned(), e.map(str::to_owned)))
    .collect();
    assert_eq!(
        differences(&rows, &declared),
        [
            "--quiet is an option but has no row",
            "--tags: the row says Some(\"HERODESK_TAG\"), clap reads the variable Some(\"HERODESK_TAGS\")",
            "--gone has a row but is no option of the command",
        ]
    );
}
