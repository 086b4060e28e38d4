//! The step definitions' source, built into the binary, and the pattern each step attribute
//! was written with (`"text"`, `regex = r"…"` or `expr = "…"`), read back from it: cucumber
//! keeps only the compiled regex, and a cucumber expression reads better than its regex.

/// The files holding step attributes, by the path `file!()` gives them (from the crate root).
pub(super) const SOURCES: &[(&str, &str)] = &[
    (
        "steps/backend_calls.rs",
        include_str!("../../../steps/backend_calls.rs"),
    ),
    (
        "steps/backend_control.rs",
        include_str!("../../../steps/backend_control.rs"),
    ),
    (
        "steps/conversations.rs",
        include_str!("../../../steps/conversations.rs"),
    ),
    (
        "steps/cookies.rs",
        include_str!("../../../steps/cookies.rs"),
    ),
    (
        "steps/embedding.rs",
        include_str!("../../../steps/embedding.rs"),
    ),
    ("steps/events.rs", include_str!("../../../steps/events.rs")),
    (
        "steps/host_pages.rs",
        include_str!("../../../steps/host_pages.rs"),
    ),
    (
        "steps/identity.rs",
        include_str!("../../../steps/identity.rs"),
    ),
    (
        "steps/page_calls.rs",
        include_str!("../../../steps/page_calls.rs"),
    ),
    (
        "steps/token_api.rs",
        include_str!("../../../steps/token_api.rs"),
    ),
    ("steps/visits.rs", include_str!("../../../steps/visits.rs")),
    (
        "steps/widget_state.rs",
        include_str!("../../../steps/widget_state.rs"),
    ),
];

/// How a step's pattern is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// Plain text, matched whole: `#[then("the widget shows …")]`.
    Text,
    /// A cucumber expression: `#[when(expr = "… {string} …")]`.
    Expression,
    /// A regular expression: `#[then(regex = r"^… (\d+) …$")]`.
    Regex,
}

impl Form {
    /// The word the catalogue shows for this form.
    pub fn word(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Expression => "expression",
            Self::Regex => "regex",
        }
    }
}

/// The path of a step's file as the catalogue names it: `src/../steps/x.rs` → `steps/x.rs`.
pub(super) fn normalise(path: &str) -> String {
    path.strip_prefix("src/../").unwrap_or(path).to_owned()
}

/// The form and pattern of the step attribute at `line` (1-based) of `file`, or `None` when
/// the file is not built in or no attribute starts there.
pub(super) fn attribute(file: &str, line: usize) -> Option<(Form, String)> {
    let (_, text) = SOURCES.iter().find(|(name, _)| *name == file)?;
    let rest: String = text
        .lines()
        .skip(line.checked_sub(1)?)
        .take(8)
        .collect::<Vec<_>>()
        .join("\n");
    parse(&rest)
}

/// Parses `#[given("…")]`, `#[when(regex = r"…")]`, `#[then(expr = "…")]` at the start of
/// `text` (attributes may span lines).
pub(super) fn parse(text: &str) -> Option<(Form, String)> {
    let text = text.trim_start();
    let open = ["#[given(", "#[when(", "#[then("]
        .iter()
        .find_map(|p| text.strip_prefix(p))?
        .trim_start();
    let (form, literal) = if let Some(r) = open.strip_prefix("regex") {
        (Form::Regex, r.trim_start().strip_prefix('=')?.trim_start())
    } else if let Some(r) = open.strip_prefix("expr") {
        (
            Form::Expression,
            r.trim_start().strip_prefix('=')?.trim_start(),
        )
    } else {
        (Form::Text, open)
    };
    string_literal(literal).map(|s| (form, s))
}

/// The value of the Rust string literal (plain or raw) at the start of `text`.
fn string_literal(text: &str) -> Option<String> {
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let end = format!("\"{}", "#".repeat(hashes));
        return body.find(&end).map(|i| body[..i].to_owned());
    }
    let mut out = String::new();
    let mut chars = text.strip_prefix('"')?.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    // A line continuation: the next line's leading blanks are dropped.
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms_of_attribute() {
        assert_eq!(
            parse("#[then(\"the widget shows \\\"x\\\"\")]"),
            Some((Form::Text, "the widget shows \"x\"".into()))
        );
        assert_eq!(
            parse("#[when(\n    regex = r#\"^a \"(\\d+)\"$\"#\n)]"),
            Some((Form::Regex, "^a \"(\\d+)\"$".into()))
        );
        assert_eq!(
            parse("#[given(expr = \"the {word} API has answered {int}\")]"),
            Some((Form::Expression, "the {word} API has answered {int}".into()))
        );
        assert_eq!(parse("async fn f() {}"), None);
    }

    #[test]
    fn names_files_from_the_crate_root() {
        assert_eq!(normalise("src/../steps/events.rs"), "steps/events.rs");
    }
}
