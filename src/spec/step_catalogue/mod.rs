//! The step catalogue (`--list-steps`, `docs/steps.md`): every step the feature files can
//! use, as its attribute wrote it (text, cucumber expression or regex), with one example line
//! that matches it, so a widget team can write scenarios of its own without reading Rust.
//!
//! The steps come from cucumber's own registry (what a run matches against), their patterns
//! from the step sources built into the binary ([`source`]), and each example from the first
//! line of our feature files that uses the step, or from [`EXTRA_EXAMPLES`] for a step no
//! feature of ours uses.

mod render;
mod source;
pub mod unknown;

use std::path::Path;

use cucumber::{
    codegen::{Parameter as _, Regex, StepConstructor as _, WorldInventory, inventory},
    feature::Ext as _,
    gherkin,
};

pub use render::{REGENERATE, markdown, text};
pub use source::Form;

use crate::{
    HerodeskWorld,
    steps::host_pages::{PageProfile, ScriptPlacement},
};

/// Given, When or Then: which keyword a step is defined for (`And`/`But` take the one before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A `Given` step: the state the scenario starts from.
    Given,
    /// A `When` step: what the visitor, the page or the backend does.
    When,
    /// A `Then` step: what must be seen.
    Then,
}

impl Kind {
    /// The keyword, as a feature file writes it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Given => "Given",
            Self::When => "When",
            Self::Then => "Then",
        }
    }

    /// The kind of a parsed step (its `And`/`But` already resolved by the parser).
    pub fn of(ty: gherkin::StepType) -> Self {
        match ty {
            gherkin::StepType::Given => Self::Given,
            gherkin::StepType::When => Self::When,
            gherkin::StepType::Then => Self::Then,
        }
    }
}

/// One step definition of the catalogue.
#[derive(Debug, Clone)]
pub struct StepDef {
    /// The keyword it is defined for.
    pub kind: Kind,
    /// How its pattern is written.
    pub form: Form,
    /// The pattern as its attribute wrote it.
    pub pattern: String,
    /// The regex cucumber matches a step's text against.
    pub regex: Regex,
    /// The source file defining it (`steps/events.rs`).
    pub file: String,
    /// The line of its attribute in that file.
    pub line: usize,
    /// One line of a feature that matches it.
    pub example: Option<Example>,
}

impl StepDef {
    /// True when a step of `kind` whose text is `text` runs this definition.
    pub fn matches(&self, kind: Kind, text: &str) -> bool {
        self.kind == kind && self.regex.is_match(text)
    }
}

/// An example use of a step: its line and the data table or doc string it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The step's line with its keyword: `Then the page saw onUserEmailSupplied exactly once`.
    pub line: String,
    /// A data table's rows (`| a | b |`) or a doc string's lines, in Gherkin.
    pub attached: Vec<String>,
}

impl Example {
    /// The example's text after its keyword.
    pub fn text(&self) -> &str {
        self.line.split_once(' ').map_or("", |(_, t)| t)
    }
}

/// The custom parameter types expressions use besides cucumber's `{string}`, `{int}`,
/// `{float}`, `{word}` and `{}`: (name, regex).
pub const PARAMETERS: &[(&str, &str)] = &[
    (PageProfile::NAME, PageProfile::REGEX),
    (ScriptPlacement::NAME, ScriptPlacement::REGEX),
];

/// Examples for the steps none of our feature files uses, one line each with its keyword.
pub const EXTRA_EXAMPLES: &[&str] = &[];

/// Every step definition, by kind, then file and line; no examples.
pub fn definitions() -> Vec<StepDef> {
    type Given = <HerodeskWorld as WorldInventory>::Given;
    type When = <HerodeskWorld as WorldInventory>::When;
    type Then = <HerodeskWorld as WorldInventory>::Then;
    let given = inventory::iter::<Given>
        .into_iter()
        .map(|s| (Kind::Given, s.inner()));
    let when = inventory::iter::<When>
        .into_iter()
        .map(|s| (Kind::When, s.inner()));
    let then = inventory::iter::<Then>
        .into_iter()
        .map(|s| (Kind::Then, s.inner()));
    let mut all: Vec<StepDef> = given
        .chain(when)
        .chain(then)
        .map(|(kind, (loc, regex, _))| {
            let file = source::normalise(loc.path);
            let line = loc.line as usize;
            let regex = regex();
            // A step outside the built-in sources still shows, by the regex cucumber uses.
            let (form, pattern) = source::attribute(&file, line)
                .unwrap_or_else(|| (Form::Regex, regex.as_str().to_owned()));
            StepDef {
                kind,
                form,
                pattern,
                regex,
                file,
                line,
                example: None,
            }
        })
        .collect();
    all.sort_by(|a, b| (a.kind, &a.file, a.line).cmp(&(b.kind, &b.file, b.line)));
    all
}

/// Every step definition with its example: the first use in the `.feature` files of
/// `features` (sorted by name, in file order), else the one in [`EXTRA_EXAMPLES`].
pub fn catalogue(features: &Path) -> Vec<StepDef> {
    let mut defs = definitions();
    for step in feature_steps(features).iter().map(|(_, s)| s) {
        let kind = Kind::of(step.ty);
        let matching: Vec<usize> = (0..defs.len())
            .filter(|&i| defs[i].matches(kind, &step.value))
            .collect();
        // A line two steps match is an ambiguity the run reports; it is nobody's example.
        if let [i] = matching[..]
            && defs[i].example.is_none()
        {
            defs[i].example = Some(example_of(step));
        }
    }
    for line in EXTRA_EXAMPLES {
        let Some((kind, text)) = split_keyword(line) else {
            continue;
        };
        if let Some(def) = defs
            .iter_mut()
            .find(|d| d.example.is_none() && d.matches(kind, text))
        {
            def.example = Some(Example {
                line: (*line).to_owned(),
                attached: Vec::new(),
            });
        }
    }
    defs
}

/// Refuses the `.feature` files of `dir` when a line matches no step ([`unknown::check`]).
///
/// # Errors
/// Each such line's file and number, with the closest known steps.
pub fn check_features(dir: &Path) -> Result<(), String> {
    unknown::check(
        dir,
        &catalogue(&crate::plan::options::project_path("features")),
    )
}

/// `Then the widget …` → (Then, `the widget …`); `None` without a known keyword.
pub fn split_keyword(line: &str) -> Option<(Kind, &str)> {
    let (word, text) = line.split_once(' ')?;
    let kind = [Kind::Given, Kind::When, Kind::Then]
        .into_iter()
        .find(|k| k.word() == word)?;
    Some((kind, text))
}

fn example_of(step: &gherkin::Step) -> Example {
    let mut attached = Vec::new();
    if let Some(table) = &step.table {
        attached.extend(
            table
                .rows
                .iter()
                .map(|row| format!("| {} |", row.join(" | "))),
        );
    }
    if let Some(doc) = &step.docstring {
        attached.push("\"\"\"".to_owned());
        attached.extend(doc.trim_matches('\n').lines().map(str::to_owned));
        attached.push("\"\"\"".to_owned());
    }
    Example {
        line: format!("{} {}", Kind::of(step.ty).word(), step.value),
        attached,
    }
}

/// Every step of every `.feature` file of `dir` (outlines expanded), with its file's path:
/// backgrounds first, then scenarios, then rules, in file order. Files that do not parse
/// give none (the run reports them).
pub fn feature_steps(dir: &Path) -> Vec<(std::path::PathBuf, gherkin::Step)> {
    crate::selection::feature_files(dir)
        .into_iter()
        .filter_map(|p| {
            let f = gherkin::Feature::parse_path(&p, gherkin::GherkinEnv::default()).ok()?;
            Some((p, f.expand_examples().ok()?))
        })
        .flat_map(|(path, f)| {
            let mut steps: Vec<gherkin::Step> = Vec::new();
            let scenario_steps = |b: Option<&gherkin::Background>, s: &[gherkin::Scenario]| {
                b.into_iter()
                    .flat_map(|b| b.steps.clone())
                    .chain(s.iter().flat_map(|s| s.steps.clone()))
                    .collect::<Vec<_>>()
            };
            steps.extend(scenario_steps(f.background.as_ref(), &f.scenarios));
            for rule in &f.rules {
                steps.extend(scenario_steps(rule.background.as_ref(), &rule.scenarios));
            }
            steps.into_iter().map(move |s| (path.clone(), s))
        })
        .collect()
}
