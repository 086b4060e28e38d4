//! The mutant schemata: one copy of the widget build that holds every mutant Stryker's
//! mutators make of it, built by `tools/js/mutate.js`, and the copy a run serves to switch one
//! mutant on. One build for the whole campaign: instrumenting costs seconds, and every mutant
//! of a run is then only a different first line.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use serde::{Deserialize, Serialize};

use crate::plan::options::project_path;

/// The global Stryker's helpers keep their state in (`activeMutant`, `mutantCoverage`, the hit
/// counter). The harness puts it on the page, so spec I5 must not count it as the widget's.
pub const NAMESPACE: &str = "__stryker__";

/// One mutant of the widget build, as `tools/js/mutate.js` describes it in `mutants.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutant {
    /// Stryker's id, the value of `__stryker__.activeMutant` that switches it on.
    pub id: String,
    /// The mutator that made it (`ConditionalExpression`, `StringLiteral`…).
    pub mutator: String,
    /// The widget file's name.
    pub file: String,
    /// Where the mutated code starts, counted from 1.
    pub line: usize,
    /// Its column, counted from 1.
    pub column: usize,
    /// Where it ends (line, from 1).
    pub end_line: usize,
    /// Where it ends (column, from 1).
    pub end_column: usize,
    /// The code as the build has it.
    pub original: String,
    /// The code the mutant puts in its place.
    pub replacement: String,
}

impl Mutant {
    /// `livechat.js:292:9`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// `original → replacement` on one line, each side cut to `width` characters: a block
    /// mutant's original is a whole function body.
    pub fn change(&self, width: usize) -> String {
        format!(
            "{} → {}",
            one_line(&self.original, width),
            one_line(&self.replacement, width)
        )
    }
}

/// `code` on one line (runs of white space made one space), cut to `width` characters.
pub fn one_line(code: &str, width: usize) -> String {
    let flat = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= width {
        return flat;
    }
    let cut: String = flat.chars().take(width.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// The schemata build of a widget: the script and its mutants.
#[derive(Debug, Clone)]
pub struct Schemata {
    /// The script with every mutant in it (`livechat.schemata.js`).
    pub script: PathBuf,
    /// Every mutant, in Stryker's order (ids ascending).
    pub mutants: Vec<Mutant>,
}

impl Schemata {
    /// Builds the schemata of `widget` into `out` with `node tools/js/mutate.js`.
    ///
    /// # Errors
    /// A sentence saying what failed: no `node`, the tools not installed, a widget Stryker
    /// cannot parse, or an unreadable `mutants.json`.
    pub fn build(widget: &Path, out: &Path) -> Result<Self, String> {
        let tool = project_path("tools/js/mutate.js");
        let output = Command::new("node")
            .arg(&tool)
            .arg("--widget")
            .arg(widget)
            .arg("--out")
            .arg(out)
            .output()
            .map_err(|e| format!("cannot run node (install Node.js 20 or later): {e}"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let hint = if stderr.contains("Cannot find package") || stderr.contains("ERR_MODULE") {
                " (are tools/js's packages installed? run scripts/install-deps.sh, or npm ci in tools/js)"
            } else {
                ""
            };
            return Err(format!(
                "{} failed{hint}:\n{}",
                tool.display(),
                stderr.trim()
            ));
        }
        Self::load(out)
    }

    /// The schemata a previous [`Schemata::build`] left in `dir`.
    ///
    /// # Errors
    /// A sentence when `mutants.json` or the script is missing or unreadable.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let manifest = dir.join("mutants.json");
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        let mutants: Vec<Mutant> = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a list of mutants: {e}", manifest.display()))?;
        let script = dir.join("livechat.schemata.js");
        if !script.is_file() {
            return Err(format!("{} is missing", script.display()));
        }
        Ok(Self { script, mutants })
    }

    /// Writes the schemata to `path` with the mutants `ids` switched on, or none (empty: the
    /// build behaves as the original, and records which mutants its code reached). A hit
    /// limit turns an endless loop a mutant causes into an error Stryker throws once the
    /// mutated code has run `hit_limit` times, instead of a page that never answers again.
    ///
    /// # Errors
    /// An I/O error reading the schemata or writing `path`.
    pub fn write_activated(
        &self,
        path: &Path,
        ids: &[&str],
        hit_limit: u64,
    ) -> std::io::Result<()> {
        let script = std::fs::read_to_string(&self.script)?;
        std::fs::write(path, format!("{}{script}", activation(ids, hit_limit)))
    }
}

/// The line that switches the mutants `ids` on before the schemata runs. It assigns a
/// property of `globalThis` (no `var`, so no binding of the script's own), which the helpers
/// then find. One mutant the way Stryker does (`activeMutant`, compared as a string); several
/// through `activeMutants`, the set `tools/js/mutate.js` teaches the helper to read. No line
/// at all for no mutant: the helpers make the namespace themselves.
pub fn activation(ids: &[&str], hit_limit: u64) -> String {
    let quoted = |id: &str| serde_json::Value::String(id.to_owned()).to_string();
    let switch = match ids {
        [] => return String::new(),
        [one] => format!("activeMutant: {}", quoted(one)),
        many => {
            let set: Vec<String> = many
                .iter()
                .map(|id| format!("{}: true", quoted(id)))
                .collect();
            format!("activeMutants: {{{}}}", set.join(", "))
        }
    };
    format!("globalThis.{NAMESPACE} = {{{switch}, hitCount: 0, hitLimit: {hit_limit}}};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activation_sets_the_ids_as_strings_and_the_hit_limit() {
        assert_eq!(
            activation(&["12"], 500),
            "globalThis.__stryker__ = {activeMutant: \"12\", hitCount: 0, hitLimit: 500};\n"
        );
        assert_eq!(
            activation(&["12", "40"], 900),
            "globalThis.__stryker__ = {activeMutants: {\"12\": true, \"40\": true}, hitCount: 0, \
             hitLimit: 900};\n"
        );
        assert_eq!(activation(&[], 500), "");
    }

    #[test]
    fn changes_read_on_one_line() {
        let m = Mutant {
            id: "1".into(),
            mutator: "BlockStatement".into(),
            file: "livechat.js".into(),
            line: 8,
            column: 14,
            end_line: 9,
            end_column: 2,
            original: "{\n  'use strict';\n  var x = 1;\n}".into(),
            replacement: "{}".into(),
        };
        assert_eq!(m.location(), "livechat.js:8:14");
        assert_eq!(m.change(12), "{ 'use stri… → {}");
        assert_eq!(one_line("a\n   b", 10), "a b");
    }
}
