//! The spec's Markdown as the living documentation reads it: areas (`## …`), statements
//! (`- **C4** …`) and notes, and the little inline Markdown (`code`, **bold**) their text uses.

/// One statement of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `C4`.
    pub id: String,
    /// Its text, as the spec writes it (Markdown-ish).
    pub text: String,
}

/// One area of the spec (`## C. Session caching (cookies)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Area {
    /// The heading.
    pub title: String,
    /// Paragraphs and resolutions that belong to the area, not to one statement.
    pub notes: Vec<String>,
    /// The statements.
    pub statements: Vec<Statement>,
}

/// Reads the areas and statements of the spec's Markdown.
pub fn parse_spec(markdown: &str) -> Vec<Area> {
    let mut areas: Vec<Area> = Vec::new();
    // Where continuation lines go: a statement, or a note of the current area.
    let mut last_is_statement = false;
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            areas.push(Area {
                title: title.trim().to_owned(),
                ..Area::default()
            });
            last_is_statement = false;
            continue;
        }
        let Some(area) = areas.last_mut() else {
            continue;
        };
        if let Some((id, text)) = line.strip_prefix("- **").and_then(|r| r.split_once("**")) {
            area.statements.push(Statement {
                id: id.to_owned(),
                text: text.trim().to_owned(),
            });
            last_is_statement = true;
            continue;
        }
        if let Some(note) = line.strip_prefix("- ") {
            area.notes.push(note.trim().to_owned());
            last_is_statement = false;
        } else if line.starts_with("  ") && !line.trim().is_empty() {
            let target = if last_is_statement {
                area.statements.last_mut().map(|s| &mut s.text)
            } else {
                area.notes.last_mut()
            };
            if let Some(t) = target {
                t.push(' ');
                t.push_str(line.trim());
            }
        } else if !line.trim().is_empty() {
            area.notes.push(line.trim().to_owned());
            last_is_statement = false;
        }
    }
    areas
}

/// A piece of a spec text: plain, `code` or **bold**. Templates write `tag` around `text`
/// (nothing when `tag` is empty) and escape `text` themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// `code`, `b`, or empty for plain text.
    pub tag: &'static str,
    /// The text, not escaped.
    pub text: String,
}

/// Cuts a spec text into plain, `code` and **bold** pieces (bold is not looked for inside code).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push(Span {
                tag: "code",
                text: part.to_owned(),
            });
            continue;
        }
        for (j, piece) in part.split("**").enumerate() {
            // Empty plain text writes nothing; an empty bold still writes `<b></b>`.
            if !piece.is_empty() || j % 2 == 1 {
                out.push(Span {
                    tag: if j % 2 == 1 { "b" } else { "" },
                    text: piece.to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "# T\n\n## C. Caching\n- **C1** First visit: three cookies `a`, `b`.\n- **C2** Lives 365 days. Resolution: about now + 365 days\n  give or take.\n- Resolution: emails compare trimmed.\n";

    #[test]
    fn the_spec_is_read_into_areas_statements_and_notes() {
        let areas = parse_spec(SPEC);
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].title, "C. Caching");
        assert_eq!(areas[0].statements.len(), 2);
        assert_eq!(
            areas[0].statements[1].text,
            "Lives 365 days. Resolution: about now + 365 days give or take."
        );
        assert_eq!(
            areas[0].notes,
            vec!["Resolution: emails compare trimmed.".to_owned()]
        );
    }

    #[test]
    fn code_and_bold_are_cut_out_and_bold_is_not_looked_for_in_code() {
        let span = |tag, text: &str| Span {
            tag,
            text: text.to_owned(),
        };
        assert_eq!(
            spans("`<b>` and **x** & `**y**`"),
            [
                span("code", "<b>"),
                span("", " and "),
                span("b", "x"),
                span("", " & "),
                span("code", "**y**"),
            ]
        );
    }
}
