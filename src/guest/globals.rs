//! I5, one global and no built-in changed: what the page has at the end of a scenario against
//! its snapshot taken just before the widget script.

use super::{Breach, Evidence};

pub(super) fn i5(evidence: &Evidence) -> Option<Breach> {
    let mut said = Vec::new();
    let globals: Vec<&String> = evidence
        .globals
        .iter()
        .filter(|g| g.as_str() != "Herodesk")
        .collect();
    if !globals.is_empty() {
        let names: Vec<String> = globals.iter().map(|g| format!("`{g}`")).collect();
        said.push(format!(
            "added the global(s) {} to the page (only `Herodesk` is the widget's)",
            names.join(", ")
        ));
    }
    if !evidence.builtins.is_empty() {
        said.push(format!(
            "changed the page's built-ins: {}",
            evidence.builtins.join(", ")
        ));
    }
    (!said.is_empty()).then(|| Breach {
        spec: "I5",
        words: format!("the widget {}", said.join("; ")),
    })
}
