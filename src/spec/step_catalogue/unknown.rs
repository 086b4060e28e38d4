//! Feature lines that match no step. cucumber would skip such a step and the scenario would
//! fail as if the widget had; instead the run refuses them before any browser starts (exit 2),
//! naming each line's file and number and the closest known steps, so a typo in a team's own
//! scenario reads as a typo.

use std::{collections::BTreeSet, path::Path};

use super::{Kind, StepDef};

/// How many close steps a line that matches nothing is offered.
const CANDIDATES: usize = 3;

/// A feature line that matches no step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStep {
    /// `path/to/file.feature:line`.
    pub place: String,
    /// The line as the run reads it, keyword resolved (`Then the widget …`).
    pub line: String,
    /// The closest known steps, closest first: their keyword and pattern, and an example.
    pub closest: Vec<String>,
}

impl std::fmt::Display for UnknownStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}: no step matches `{}`", self.place, self.line)?;
        write!(f, "  closest known steps:")?;
        for c in &self.closest {
            write!(f, "\n    {c}")?;
        }
        Ok(())
    }
}

/// The lines of the `.feature` files of `dir` that match no step of `known`, in file order
/// (an outline's step once, however many rows it has).
pub fn unknown_steps(dir: &Path, known: &[StepDef]) -> Vec<UnknownStep> {
    let mut seen = BTreeSet::new();
    super::feature_steps(dir)
        .into_iter()
        .filter(|(path, step)| seen.insert((path.clone(), step.position.line)))
        .filter(|(_, step)| {
            let kind = Kind::of(step.ty);
            !known.iter().any(|d| d.matches(kind, &step.value))
        })
        .map(|(path, step)| {
            let line = format!("{} {}", Kind::of(step.ty).word(), step.value);
            UnknownStep {
                place: format!("{}:{}", path.display(), step.position.line),
                closest: closest(&line, known),
                line,
            }
        })
        .collect()
}

/// Refuses feature files of `dir` with lines that match no step, in words that name them
/// (for a verdict of "could not run").
///
/// # Errors
/// The lines, each with its closest known steps, and where the whole list is.
pub fn check(dir: &Path, known: &[StepDef]) -> Result<(), String> {
    let unknown = unknown_steps(dir, known);
    if unknown.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = unknown.iter().map(ToString::to_string).collect();
    Err(format!(
        "{} feature line(s) match no step, so nothing ran:\n{}\n\
         (`--list-steps` prints every step with an example; docs/steps.md is the same list)",
        unknown.len(),
        lines.join("\n")
    ))
}

/// The known steps closest to `line`, by edit distance to their example line or to their
/// pattern (whichever is closer), each as `Kind pattern` and its example.
pub fn closest(line: &str, known: &[StepDef]) -> Vec<String> {
    let line = line.to_lowercase();
    let mut scored: Vec<(usize, &StepDef)> = known
        .iter()
        .map(|d| {
            let pattern = format!("{} {}", d.kind.word(), d.pattern).to_lowercase();
            let to_example = d
                .example
                .as_ref()
                .map_or(usize::MAX, |e| distance(&line, &e.line.to_lowercase()));
            (to_example.min(distance(&line, &pattern)), d)
        })
        .collect();
    scored.sort_by_key(|(score, d)| (*score, d.kind, d.file.clone(), d.line));
    scored
        .into_iter()
        .take(CANDIDATES)
        .map(|(_, d)| match &d.example {
            Some(e) => format!("{} {}  (e.g. {})", d.kind.word(), d.pattern, e.line),
            None => format!("{} {}", d.kind.word(), d.pattern),
        })
        .collect()
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn a_line_with_a_typo_is_refused_with_the_step_it_meant_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("typo.feature"),
            "Feature: typo\n\n  Scenario: one\n    Given a new visitor\n    \
             When the vistor opens a page signed in as \"ada@example.com\" with a token from the \
             site's server\n    \
             And the widget dances\n",
        )
        .unwrap();
        let known = super::super::catalogue(&crate::plan::options::project_path("features"));
        let unknown = unknown_steps(dir.path(), &known);
        assert_eq!(unknown.len(), 2, "{unknown:?}");
        assert!(
            unknown[0].place.ends_with("typo.feature:5"),
            "{}",
            unknown[0].place
        );
        assert!(
            unknown[1].place.ends_with("typo.feature:6"),
            "{}",
            unknown[1].place
        );
        assert_eq!(unknown[1].line, "When the widget dances");
        let first = &unknown[0].closest[0];
        assert!(
            first.starts_with(
                "When the visitor opens a page signed in as {string} with a token from the site's"
            ),
            "{first}"
        );
        let message = check(dir.path(), &known).unwrap_err();
        assert!(
            message.contains("typo.feature:5: no step matches"),
            "{message}"
        );
        assert!(message.contains("--list-steps"), "{message}");
    }

    #[test]
    fn our_own_features_use_known_steps_only() {
        let features = crate::plan::options::project_path("features");
        let known = super::super::catalogue(&features);
        assert_eq!(check(&features, &known), Ok(()));
    }
}
