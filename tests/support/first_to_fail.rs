//! Which scenario failed each variant of a breakage manifest the last time the whole gate
//! ran: the gate runs that scenario first and the variant's other scenarios only when it
//! passes (mutation tools call this running the killing test first). A variant is still
//! killed only by a failure of its own statement's scenarios: the file saves time, it never
//! decides a verdict. A stale entry (a renamed scenario, a variant that now fails elsewhere)
//! costs the one extra run and is said; `HERODESK_BREAKAGE_RECORD=1` writes the file anew
//! from the run.
//!
//! The file sits beside its manifest: `fixtures/broken/variants.json` has
//! `fixtures/broken/variants.first-to-fail.json`, a JSON object from variant name to scenario
//! name.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

/// The scenario that failed each variant last time, and where that is kept.
#[derive(Debug, Default)]
pub struct FirstToFail {
    path: PathBuf,
    by_variant: BTreeMap<String, String>,
}

impl FirstToFail {
    /// The file beside `manifest`; empty when there is none yet.
    ///
    /// # Errors
    /// A file that is there but is not a JSON object of names, in words that name it.
    pub fn beside(manifest: &Path) -> Result<Self, String> {
        let path = manifest.with_extension("first-to-fail.json");
        let by_variant = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not a JSON object from variant name to scenario name: {e}",
                    path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(Self { path, by_variant })
    }

    /// The scenario that failed `variant` last time, if one did.
    pub fn of(&self, variant: &str) -> Option<&str> {
        self.by_variant.get(variant).map(String::as_str)
    }

    /// Writes the file anew: this run's scenarios for the variants it killed, the old entries
    /// for the variants it did not run; a variant it ran and did not kill loses its entry.
    ///
    /// # Errors
    /// The file could not be written.
    pub fn record<'a>(
        &self,
        ran: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<PathBuf, String> {
        let mut by_variant = self.by_variant.clone();
        for (variant, scenario) in ran {
            match scenario {
                Some(s) => by_variant.insert(variant.to_owned(), s.to_owned()),
                None => by_variant.remove(variant),
            };
        }
        let text = serde_json::to_string_pretty(&by_variant).map_err(|e| e.to_string())?;
        std::fs::write(&self.path, text + "\n")
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        Ok(self.path.clone())
    }
}
