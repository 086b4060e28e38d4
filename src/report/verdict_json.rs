//! `verdict.json`: the run's verdict for machines (a CI step, a release bot), beside the
//! reports: the exit code, the verdict in each engine with the statements it failed, the
//! scenario counts, and the build it was about (its source and SHA-256).

use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{
    browser::Engine, outcomes::ScenarioResult, outcomes::status::Status, verdict::Verdict,
};

/// The file's name in the report folder.
pub const FILE: &str = "verdict.json";

/// The whole file.
#[derive(Debug, Serialize)]
pub struct VerdictFile {
    /// The run's exit code: 0 conforms, 1 does not, 2 could not run (130/143 interrupted).
    pub exit_code: u8,
    /// `conforms`, `does-not-conform` or `could-not-run`.
    pub verdict: &'static str,
    /// The statements that failed in any engine, sorted (the widget's only when it did not
    /// load: area A runs with the reference widget then).
    pub failed_statements: Vec<String>,
    /// The build the verdict is about.
    pub build: BuildId,
    /// Each engine's verdict, in the order they ran.
    pub engines: Vec<EngineVerdict>,
}

/// Which build was tested.
#[derive(Debug, Serialize)]
pub struct BuildId {
    /// The file or URL given (`--widget`, `--widget-url`).
    pub source: String,
    /// The SHA-256 of its bytes, lower-case hex; `null` when it could not be read again.
    pub sha256: Option<String>,
}

/// One engine's verdict.
#[derive(Debug, Serialize)]
pub struct EngineVerdict {
    /// `firefox`, `chromium` or `webkit`.
    pub engine: String,
    /// This engine's exit code alone.
    pub exit_code: u8,
    /// `conforms`, `does-not-conform` or `could-not-run`.
    pub verdict: &'static str,
    /// Why the engine could not run, when it could not.
    pub could_not_run: Option<String>,
    /// The statements its failures name, sorted.
    pub failed_statements: Vec<String>,
    /// Scenario counts by final status.
    pub scenarios: Counts,
}

/// Scenario counts of one engine.
#[derive(Debug, Default, Serialize)]
pub struct Counts {
    /// Every scenario with a result.
    pub total: usize,
    /// Passed.
    pub passed: usize,
    /// Failed the gate (failed, flaky, or passing against a baseline's expected failure).
    pub failed: usize,
    /// Allowed by the baseline (an expected failure or flaky).
    pub allowed: usize,
    /// Never ran (a run cut short).
    pub not_run: usize,
}

impl Counts {
    fn of(results: &[ScenarioResult]) -> Self {
        let mut counts = Self {
            total: results.len(),
            ..Self::default()
        };
        for r in results {
            match &r.status {
                Status::Passed => counts.passed += 1,
                Status::NotRun { .. } => counts.not_run += 1,
                Status::ExpectedFailure { .. } | Status::ExpectedFlaky { .. } => {
                    counts.allowed += 1;
                }
                Status::Failed | Status::Flaky | Status::NowPasses { .. } => counts.failed += 1,
            }
        }
        counts
    }
}

/// The name a verdict goes by in the file.
fn verdict_name(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Conforms { .. } => "conforms",
        Verdict::DoesNotConform { .. } => "does-not-conform",
        Verdict::CouldNotRun(_) => "could-not-run",
    }
}

/// The statements a verdict's failures name, sorted, once each.
fn failed_statements(verdict: &Verdict) -> Vec<String> {
    let Verdict::DoesNotConform { failures } = verdict else {
        return Vec::new();
    };
    let mut specs: Vec<String> = failures.iter().flat_map(|f| f.specs.clone()).collect();
    specs.sort_unstable();
    specs.dedup();
    specs
}

impl VerdictFile {
    /// The file of a run: its combined `verdict`, each engine's verdict and results, and the
    /// build's `source` and bytes.
    pub fn new(
        verdict: &Verdict,
        engines: &[(Engine, Verdict, &[ScenarioResult])],
        source: String,
        bytes: Option<&[u8]>,
    ) -> Self {
        Self {
            exit_code: verdict.exit_code(),
            verdict: verdict_name(verdict),
            failed_statements: failed_statements(verdict),
            build: BuildId {
                source,
                sha256: bytes.map(|b| {
                    Sha256::digest(b)
                        .iter()
                        .map(|byte| format!("{byte:02x}"))
                        .collect()
                }),
            },
            engines: engines
                .iter()
                .map(|(engine, v, results)| EngineVerdict {
                    engine: engine.to_string(),
                    exit_code: v.exit_code(),
                    verdict: verdict_name(v),
                    could_not_run: match v {
                        Verdict::CouldNotRun(why) => Some(why.to_string()),
                        _ => None,
                    },
                    failed_statements: failed_statements(v),
                    scenarios: Counts::of(results),
                })
                .collect(),
        }
    }

    /// Writes the file into `dir`, whole or not at all.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        super::file::write(&dir.join(FILE), text + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::Failure;

    fn failure(specs: &[&str]) -> Failure {
        Failure {
            specs: specs.iter().map(|s| (*s).to_owned()).collect(),
            scenario: "s".into(),
            message: "m".into(),
            artefacts: None,
        }
    }

    #[test]
    fn names_each_engine_s_statements_and_the_build_s_hash() {
        let firefox = Verdict::DoesNotConform {
            failures: vec![failure(&["C4", "B1"]), failure(&["B1"])],
        };
        let chromium = Verdict::Conforms { scenarios: 3 };
        let all = Verdict::combine(vec![
            (Engine::Firefox, firefox.clone()),
            (Engine::Chromium, chromium.clone()),
        ]);
        let file = VerdictFile::new(
            &all,
            &[
                (Engine::Firefox, firefox, &[]),
                (Engine::Chromium, chromium, &[]),
            ],
            "dist/livechat.js".into(),
            Some(b"abc"),
        );
        assert_eq!(file.exit_code, 1);
        assert_eq!(file.verdict, "does-not-conform");
        assert_eq!(file.failed_statements, ["B1", "C4"]);
        assert_eq!(file.engines[0].failed_statements, ["B1", "C4"]);
        assert_eq!(file.engines[1].verdict, "conforms");
        assert_eq!(
            file.build.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        let dir = tempfile::tempdir().unwrap();
        file.write(dir.path()).unwrap();
        let back: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(FILE)).unwrap()).unwrap();
        assert_eq!(back["engines"][1]["engine"], "chromium");
        assert_eq!(back["exit_code"], 1);
    }
}
