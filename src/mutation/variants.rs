//! Broken variants of the reference widget (`fixtures/broken/variants.json`): each one a few
//! exact find/replace edits that break one spec statement, used to prove the scenarios can
//! fail.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Result, SuiteError};

/// One broken variant.
#[derive(Debug, Clone, Deserialize)]
pub struct Variant {
    /// Unique name, e.g. `C4-identify-every-load`.
    pub name: String,
    /// The spec statement it breaks (`C4`); its scenarios are tagged `@spec-C4`.
    pub spec: String,
    /// What it does wrong, in words.
    pub breaks: String,
    /// The edits that turn the reference widget into this variant (none for a backend
    /// variant).
    #[serde(default)]
    pub edits: Vec<Edit>,
    /// For statements about the backend (spec A): the mock defect that breaks it, run with
    /// the reference widget.
    #[serde(default)]
    pub backend_defect: Option<String>,
}

/// Replace the one occurrence of `find` with `replace`.
#[derive(Debug, Clone, Deserialize)]
pub struct Edit {
    /// Exact text that must occur exactly once in the reference widget.
    pub find: String,
    /// What it becomes.
    pub replace: String,
}

#[derive(Deserialize)]
struct Manifest {
    variants: Vec<Variant>,
}

/// The manifest of this project.
pub fn manifest_path() -> PathBuf {
    crate::plan::options::project_path("fixtures/broken/variants.json")
}

/// Reads the variants from `path`.
///
/// # Errors
/// [`SuiteError::Widget`] when the file cannot be read or parsed.
pub fn load(path: &Path) -> Result<Vec<Variant>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SuiteError::Widget(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str::<Manifest>(&text)
        .map(|m| m.variants)
        .map_err(|e| SuiteError::Widget(format!("{} is not a valid manifest: {e}", path.display())))
}

impl Variant {
    /// The backend defects this variant runs the mock with.
    ///
    /// # Errors
    /// [`SuiteError::Widget`] when the manifest names a defect the mock does not have.
    pub fn mock_defects(&self) -> Result<herodesk_mock::defects::Defects> {
        self.backend_defect
            .iter()
            .map(|d| {
                d.parse()
                    .map_err(|e| SuiteError::Widget(format!("variant {}: {e}", self.name)))
            })
            .collect()
    }

    /// Applies the edits to `reference`.
    ///
    /// # Errors
    /// [`SuiteError::Widget`] when an edit's text does not occur exactly once: the variant is
    /// stale and must be updated with the reference widget.
    pub fn apply(&self, reference: &str) -> Result<String> {
        let mut out = reference.to_owned();
        for edit in &self.edits {
            let found = out.matches(edit.find.as_str()).count();
            if found != 1 {
                return Err(SuiteError::Widget(format!(
                    "variant {}: {:?} occurs {found} times in the widget (must be exactly once)",
                    self.name, edit.find
                )));
            }
            out = out.replacen(edit.find.as_str(), &edit.replace, 1);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(find: &str) -> Variant {
        Variant {
            name: "x".into(),
            spec: "C4".into(),
            breaks: "x".into(),
            edits: vec![Edit {
                find: find.into(),
                replace: "B".into(),
            }],
            backend_defect: None,
        }
    }

    #[test]
    fn apply_replaces_the_one_occurrence() {
        assert_eq!(variant("a").apply("xay").unwrap(), "xBy");
    }

    #[test]
    fn apply_refuses_missing_or_ambiguous_text() {
        assert!(variant("a").apply("xyz").is_err());
        assert!(variant("a").apply("aa").is_err());
    }

    #[test]
    fn every_variant_of_the_manifest_applies_to_the_reference_widget() {
        let reference = std::fs::read_to_string(crate::plan::options::project_path(
            "fixtures/widget/livechat.js",
        ))
        .unwrap();
        let variants = load(&manifest_path()).unwrap();
        assert!(!variants.is_empty());
        for v in &variants {
            let broken = v.apply(&reference).unwrap();
            let defects = v.mock_defects().unwrap();
            assert!(
                broken != reference || !defects.is_empty(),
                "{} changes nothing",
                v.name
            );
        }
    }

    /// The hostile builds kept as edits of the reference (`fixtures/hostile/*.json`: bad
    /// guests, and builds the gate must stop) go stale the same way, so each edit must still
    /// apply and change the reference; `tests/hostile.rs` runs them in the browsers.
    #[test]
    fn every_hostile_build_kept_as_edits_applies_to_the_reference_widget() {
        let reference = std::fs::read_to_string(crate::plan::options::project_path(
            "fixtures/widget/livechat.js",
        ))
        .unwrap();
        let mut manifests: Vec<PathBuf> =
            std::fs::read_dir(crate::plan::options::project_path("fixtures/hostile"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
        manifests.sort();
        let names: Vec<_> = manifests.iter().filter_map(|p| p.file_name()).collect();
        assert_eq!(names, ["bad-guests.json", "builds.json"]);
        for manifest in &manifests {
            let builds = load(manifest).unwrap();
            assert!(!builds.is_empty(), "{} holds builds", manifest.display());
            for b in builds {
                let built = b
                    .apply(&reference)
                    .unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
                assert_ne!(built, reference, "{} changes nothing", b.name);
            }
        }
    }

    /// A variant that does not parse would be "killed" for the wrong reason. Checked with
    /// node, which `scripts/install-deps.sh` installs; without it the test fails, unless
    /// `HERODESK_SKIP_NODE_CHECKS=1` says on purpose that the check is skipped (then it
    /// says so on stderr), so a machine without node cannot pass it silently.
    #[test]
    fn every_variant_is_valid_javascript() {
        if std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_err()
        {
            let skip = std::env::var("HERODESK_SKIP_NODE_CHECKS").is_ok_and(|v| v == "1");
            assert!(
                skip,
                "node not found: the variants' JavaScript syntax cannot be checked; install \
                 it (scripts/install-deps.sh) or set HERODESK_SKIP_NODE_CHECKS=1 to skip on purpose"
            );
            eprintln!("SKIPPED (HERODESK_SKIP_NODE_CHECKS=1): the variants' JavaScript syntax");
            return;
        }
        let reference = std::fs::read_to_string(crate::plan::options::project_path(
            "fixtures/widget/livechat.js",
        ))
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        for v in load(&manifest_path()).unwrap() {
            let path = dir.path().join(format!("{}.js", v.name));
            std::fs::write(&path, v.apply(&reference).unwrap()).unwrap();
            let out = std::process::Command::new("node")
                .arg("--check")
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "variant {} is not valid JavaScript:\n{}",
                v.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
