//! The coverage stage (`--coverage`): runs a plan on an instrumented build, harvesting every
//! page, and hands on the widget's line coverage per scenario (`<report>/coverage/`).
//!
//! Widget coverage (`--coverage`): which lines, statements and branches of the build under
//! test the suite executes, and which scenarios execute each line.
//!
//! Before the mock starts, the build (file or `--widget-url`) is instrumented with Istanbul by
//! `tools/js/instrument.js` and the instrumented copy is served in its place. Every page a
//! scenario loads gives the counters of its `window.__coverage__` ([`crate::pages::harvest`]), and
//! at the end of each engine's run `tools/js/coverage-report.js` writes `<report
//! dir>/coverage/` (per engine subfolder with `--browser all`): `coverage-final.json`,
//! `lcov.info`, `html/`, `scenarios.json` (covered lines per scenario) and `lines.json`
//! (scenarios per line).
//!
//! Istanbul's coverage variable and its per-file function are globals on the page: while
//! coverage runs, spec I5's check of new globals ignores exactly those two names.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Stdio,
    sync::Arc,
};

use serde_json::Value;
use tokio::process::Command;

use crate::{
    browser::Engine,
    pages::harvest::Harvest,
    plan::options::project_path,
    plan::widget_source,
    plan::{RunPlan, Widget},
    verdict::Verdict,
};

/// What each page gives: the counters of `window.__coverage__`, by file. The statement,
/// function and branch maps are the same on every page; the report takes them from the
/// instrumenter's output instead of carrying ~70 kB per page over WebDriver.
const HARVEST_EXPRESSION: &str = "(function (all) {
  if (!all) return null;
  var out = {};
  for (var path in all) {
    if (!Object.prototype.hasOwnProperty.call(all, path)) continue;
    var c = all[path];
    out[path] = { hash: c.hash, s: c.s, f: c.f, b: c.b };
  }
  return out;
})(window.__coverage__)";

/// What to do when node or its packages are missing.
const INSTALL_HINT: &str = "run scripts/install-deps.sh (it installs node's tools in tools/js)";

/// The instrumented build and what the report needs of the instrumentation, in a temporary
/// folder that lives as long as the run. The runner runs each engine on
/// [`Self::plan_for`]'s plan, then writes its report with [`Self::report`].
#[derive(Debug)]
pub struct Instrumented {
    dir: tempfile::TempDir,
    /// The instrumented build, served in place of the build under test.
    build: PathBuf,
    /// The globals it adds to a page besides the widget's own.
    globals: Vec<String>,
}

/// What `instrument.js` says about the build it instrumented.
#[derive(serde::Deserialize)]
struct InstrumentOutput {
    globals: Vec<String>,
}

impl Instrumented {
    /// Reads (or fetches) the build under test and instruments it.
    ///
    /// # Errors
    /// Why not, in words: a missing `node` or `tools/js/node_modules`, a build that cannot be
    /// read or that Istanbul cannot parse.
    pub async fn new(widget: &Widget) -> Result<Self, String> {
        check_tools().await?;
        let source = widget_source::read(widget)
            .await
            .map_err(|e| e.to_string())?;
        // Reports name the build by its file, or by its URL.
        let name = match widget {
            Widget::Url(url) => url.clone(),
            Widget::File(path) => std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
        };
        let dir = tempfile::Builder::new()
            .prefix("herodesk-coverage-")
            .tempdir()
            .map_err(|e| format!("coverage: cannot make a temporary folder: {e}"))?;
        let original = dir.path().join("original.js");
        let build = dir.path().join("livechat.js");
        std::fs::write(&original, source)
            .map_err(|e| format!("coverage: cannot write {}: {e}", original.display()))?;
        let out = node(
            "instrument.js",
            &[
                ("--in", original.as_os_str()),
                ("--out", build.as_os_str()),
                ("--path", name.as_ref()),
                ("--initial", dir.path().join("initial.json").as_os_str()),
            ],
        )
        .await
        .map_err(|why| format!("coverage: cannot instrument the widget build {name}: {why}"))?;
        let said: InstrumentOutput = serde_json::from_str(out.trim())
            .map_err(|e| format!("coverage: instrument.js said {out:?}: {e}"))?;
        Ok(Self {
            dir,
            build,
            globals: said.globals,
        })
    }

    /// The plan of `engine`'s run on the instrumented build, reports in `report_dir`, and the
    /// harvest its pages fill: `plan`'s selection and settings, with no coverage of its own.
    pub fn plan_for(
        &self,
        plan: &RunPlan,
        engine: Engine,
        report_dir: Option<PathBuf>,
    ) -> (RunPlan, Arc<Harvest>) {
        let harvest =
            Arc::new(Harvest::new(HARVEST_EXPRESSION).with_page_globals(self.globals.clone()));
        let one = plan.for_build(
            Widget::File(self.build.clone()),
            engine,
            report_dir,
            Some(harvest.clone()),
        );
        (one, harvest)
    }

    /// Writes the coverage reports of one engine's run into `<report_dir>/coverage/` and
    /// prints the summary; returns the run's verdict, made "could not run" when the widget
    /// conformed but the report could not be written.
    pub async fn report(
        &self,
        harvest: &BTreeMap<String, Vec<Value>>,
        report_dir: Option<&Path>,
        verdict: Verdict,
    ) -> Verdict {
        if harvest.is_empty() {
            if matches!(verdict, Verdict::Conforms { .. }) {
                println!("\nWidget coverage: no scenario loaded the widget, no report written");
            }
            return verdict;
        }
        let Some(report_dir) = report_dir else {
            println!("\nWidget coverage: no report folder, no report written");
            return verdict;
        };
        let out = report_dir.join("coverage");
        match self.write(harvest, &out).await {
            Ok(summary) => {
                println!("\nWidget coverage ({} scenarios):{summary}", harvest.len());
                println!(
                    "Coverage report: {}",
                    out.join("html").join("index.html").display()
                );
                verdict
            }
            Err(why) => {
                let why = format!("coverage report not written in {}: {why}", out.display());
                match verdict {
                    Verdict::Conforms { .. } => Verdict::CouldNotRun(why.into()),
                    other => {
                        eprintln!("{why}");
                        other
                    }
                }
            }
        }
    }

    /// Runs `coverage-report.js` over `harvest`; its summary.
    async fn write(
        &self,
        harvest: &BTreeMap<String, Vec<Value>>,
        out: &Path,
    ) -> Result<String, String> {
        let harvested = self.dir.path().join("harvest.json");
        let text = serde_json::to_vec(harvest).map_err(|e| e.to_string())?;
        std::fs::write(&harvested, text).map_err(|e| e.to_string())?;
        // A report of an earlier run would mix with this one's.
        let _ = std::fs::remove_dir_all(out);
        let root = project_path("");
        node(
            "coverage-report.js",
            &[
                (
                    "--initial",
                    self.dir.path().join("initial.json").as_os_str(),
                ),
                ("--harvest", harvested.as_os_str()),
                ("--source", self.dir.path().join("original.js").as_os_str()),
                ("--root", root.as_os_str()),
                ("--out", out.as_os_str()),
            ],
        )
        .await
    }
}

/// Checks that `node` runs and the packages of `tools/js` are installed.
async fn check_tools() -> Result<(), String> {
    let found = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .await;
    match found {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(format!(
                "coverage needs node, and `node --version` failed ({}): {INSTALL_HINT}",
                out.status
            ));
        }
        Err(e) => {
            return Err(format!(
                "coverage needs node, which cannot be run ({e}): {INSTALL_HINT}"
            ));
        }
    }
    let packages = project_path("tools/js/node_modules");
    let missing: Vec<&str> = [
        "istanbul-lib-instrument",
        "istanbul-lib-coverage",
        "istanbul-lib-report",
        "istanbul-reports",
    ]
    .into_iter()
    .filter(|p| !packages.join(p).join("package.json").is_file())
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "coverage needs the node packages {} in {}: {INSTALL_HINT}",
            missing.join(", "),
            packages.display()
        ))
    }
}

/// Runs `tools/js/<script>` with `args` from the project's folder; what it printed on
/// stdout, or why it failed (its stderr).
async fn node(script: &str, args: &[(&str, &std::ffi::OsStr)]) -> Result<String, String> {
    let mut command = Command::new("node");
    command
        .arg(project_path("tools/js").join(script))
        .current_dir(project_path(""))
        .stdin(Stdio::null())
        .kill_on_drop(true);
    for (flag, value) in args {
        command.arg(flag).arg(value);
    }
    let out = command
        .output()
        .await
        .map_err(|e| format!("cannot run node: {e}"))?;
    if out.status.success() {
        // Warnings (pages of another build left out) are worth seeing.
        let warnings = String::from_utf8_lossy(&out.stderr);
        if !warnings.trim().is_empty() {
            eprintln!("{}", warnings.trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{script} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
