//! The breakage gate's work in one worker process: the variants, the reference and the engine
//! read from the environment, and each item run against a browser pool of the worker's own
//! (the processes and what passes between them: `support/breakage_workers.rs`).

use std::{collections::BTreeSet, process::ExitCode, sync::Arc};

use herodesk_conformance::{
    RunOptions, Verdict,
    browser::{BrowserPool, Engine, Engines, reaper},
    mutation::variants::{self, Variant},
    plan::options::ClockMode,
    runner::{project_path, run_with_pool},
    selection::Shard,
};

use crate::{
    breakage_workers::{Item, Row, next_item},
    first_to_fail::FirstToFail,
};

/// What every process reads from the environment: the variants, the reference and the engine.
pub struct Setup {
    pub selected: Vec<Variant>,
    /// The scenario that failed each variant last time: run first.
    pub first_to_fail: FirstToFail,
    reference: String,
    engine: Engine,
    /// Whose clock the host pages follow (`HERODESK_BREAKAGE_CLOCK`, default the page clock).
    clock: ClockMode,
}

impl Setup {
    /// Reads the manifest (`HERODESK_VARIANTS_MANIFEST`, a project-relative path, or the
    /// variants' own), the selection (`HERODESK_VARIANTS`), the reference widget, the engine
    /// (`HERODESK_BREAKAGE_BROWSER`, default chromium) and the clock (`HERODESK_BREAKAGE_CLOCK`,
    /// `virtual` or `real`, default `virtual`).
    pub fn from_env() -> Result<Self, String> {
        let manifest = std::env::var("HERODESK_VARIANTS_MANIFEST")
            .map(|p| project_path(&p))
            .unwrap_or_else(|_| variants::manifest_path());
        let all = variants::load(&manifest).map_err(|e| e.to_string())?;
        let first_to_fail = FirstToFail::beside(&manifest)?;
        let only: Option<BTreeSet<String>> = std::env::var("HERODESK_VARIANTS")
            .ok()
            .map(|s| s.split(',').map(|n| n.trim().to_owned()).collect());
        if let Some(only) = &only
            && let Some(unknown) = only.iter().find(|n| !all.iter().any(|v| &v.name == *n))
        {
            return Err(format!(
                "HERODESK_VARIANTS: no variant is named `{unknown}`"
            ));
        }
        let selected = all
            .into_iter()
            .filter(|v| only.as_ref().is_none_or(|o| o.contains(&v.name)))
            .collect();
        let path = project_path("fixtures/widget/livechat.js");
        let reference = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the reference widget: {e}"))?;
        let engine = std::env::var("HERODESK_BREAKAGE_BROWSER")
            .unwrap_or_else(|_| "chromium".into())
            .parse::<Engines>()
            .map_err(|e| format!("HERODESK_BREAKAGE_BROWSER: {e}"))?
            .list()[0];
        Ok(Self {
            selected,
            first_to_fail,
            reference,
            engine,
            clock: clock_from_env()?,
        })
    }

    /// A worker's life: one pool, items from stdin until it closes, a row for each.
    pub async fn work(&self, first: &[Item]) -> ExitCode {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("cannot create a temporary folder: {e}");
                return ExitCode::from(2);
            }
        };
        let pool = match BrowserPool::new(self.engine, RunOptions::reference().browser) {
            Ok(p) => Arc::new(p),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        let mut pending: Vec<Item> = first.to_vec();
        loop {
            let item = match pending.pop() {
                Some(item) => item,
                None => match next_item().await {
                    Some(item) => item,
                    None => break,
                },
            };
            let row = self.run_item(&item, dir.path(), &pool).await;
            let stop = row.interrupted.is_some();
            println!("{}", serde_json::to_string(&row).unwrap_or_default());
            if stop {
                break;
            }
        }
        pool.shutdown().await;
        let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
        ExitCode::SUCCESS
    }

    async fn run_item(&self, item: &Item, dir: &std::path::Path, pool: &Arc<BrowserPool>) -> Row {
        match item {
            Item::Reference { index, count } => {
                let specs: BTreeSet<String> = self
                    .selected
                    .iter()
                    .map(|v| format!("@spec-{}", v.spec))
                    .collect();
                let mut options = RunOptions::reference();
                options.clock = self.clock;
                // Each worker process runs its own browsers: one per core each.
                options.concurrency = herodesk_conformance::plan::options::one_per_core();
                options.tags = Some(specs.into_iter().collect::<Vec<_>>().join(" or "));
                options.shard = Some(Shard {
                    index: *index,
                    count: *count,
                });
                options.quiet = true;
                let verdict = run_with_pool(options, pool.clone()).await;
                Row {
                    name: format!("reference widget ({index}/{count})"),
                    spec: "all of the above".into(),
                    ok: matches!(verdict, Verdict::Conforms { .. }),
                    note: verdict.headline(),
                    interrupted: verdict.interruption().map(|_| verdict.exit_code()),
                    killed_by: None,
                }
            }
            Item::Variant(name) => {
                let Some(variant) = self.selected.iter().find(|v| &v.name == name) else {
                    return Row {
                        name: name.clone(),
                        spec: "?".into(),
                        ok: false,
                        note: "no such variant".into(),
                        interrupted: None,
                        killed_by: None,
                    };
                };
                let started = std::time::Instant::now();
                let verdict = self.run_variant(variant, dir, pool).await;
                let took = started.elapsed().as_secs_f64();
                let interrupted = match &verdict {
                    Ok(v) => v.interruption().map(|_| v.exit_code()),
                    Err(_) => None,
                };
                let killed_by = verdict.as_ref().ok().and_then(|v| killer(variant, v));
                let (ok, note) = judge(variant, verdict);
                eprintln!(
                    "variant {} ({}): {note} ({took:.1} s)",
                    variant.name, variant.spec
                );
                Row {
                    name: variant.name.clone(),
                    spec: variant.spec.clone(),
                    ok,
                    note,
                    interrupted,
                    killed_by,
                }
            }
        }
    }

    async fn run_variant(
        &self,
        variant: &Variant,
        dir: &std::path::Path,
        pool: &Arc<BrowserPool>,
    ) -> Result<Verdict, String> {
        let source = variant.apply(&self.reference).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{}.js", variant.name));
        std::fs::write(&path, source).map_err(|e| e.to_string())?;
        let mut options = RunOptions::reference();
        options.clock = self.clock;
        options.concurrency = herodesk_conformance::plan::options::one_per_core();
        options.widget = path;
        options.tags = Some(format!("@spec-{}", variant.spec));
        options.mock_defects = variant.mock_defects().map_err(|e| e.to_string())?;
        // Only the verdicts matter here; the steps would bury them, and the first failure
        // decides (the reference part below runs every scenario).
        options.quiet = true;
        options.fail_fast = true;
        if let Some(scenario) = self.first_to_fail.of(&variant.name) {
            let mut first = options.clone();
            first.name = Some(scenario.to_owned());
            let verdict = run_with_pool(first, pool.clone()).await;
            if verdict.interruption().is_some() || killer(variant, &verdict).is_some() {
                return Ok(verdict);
            }
            eprintln!(
                "variant {}: \"{scenario}\", which failed it last time, did not ({}); running every scenario of {}",
                variant.name,
                verdict.headline(),
                variant.spec
            );
        }
        let verdict = run_with_pool(options.clone(), pool.clone()).await;
        if !matches!(verdict, Verdict::Conforms { .. }) {
            return Ok(verdict);
        }
        // A pass under fail-fast may have skipped scenarios: a failure that passed on its
        // second try (a main-thread block the machine caused) stopped the first pass. A
        // survivor is only called one after every scenario ran.
        options.fail_fast = false;
        Ok(run_with_pool(options, pool.clone()).await)
    }
}

/// The scenario whose failure names the variant's own statement, if one did: the first the
/// verdict lists.
fn killer(variant: &Variant, verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::DoesNotConform { failures } => failures
            .iter()
            .find(|f| f.specs.contains(&variant.spec))
            .map(|f| f.scenario.clone()),
        _ => None,
    }
}

/// Killed when caught by a failure that names the variant's own statement: the verdict
/// points the widget's developers at what they broke.
fn judge(variant: &Variant, verdict: Result<Verdict, String>) -> (bool, String) {
    match verdict {
        Ok(verdict) if killer(variant, &verdict).is_some() => (true, "killed".to_owned()),
        Ok(Verdict::DoesNotConform { failures }) => {
            let named: BTreeSet<&String> = failures.iter().flat_map(|f| &f.specs).collect();
            (
                false,
                format!(
                    "caught, but the verdict names {named:?}, not {}",
                    variant.spec
                ),
            )
        }
        Ok(Verdict::Conforms { .. }) => (false, "SURVIVED: its scenarios passed".to_owned()),
        Ok(Verdict::CouldNotRun(why)) => (false, format!("could not run: {why}")),
        Err(e) => (false, format!("could not build: {e}")),
    }
}

/// `HERODESK_BREAKAGE_CLOCK`: the page clock unless it says `real`.
fn clock_from_env() -> Result<ClockMode, String> {
    match std::env::var("HERODESK_BREAKAGE_CLOCK").as_deref() {
        Err(_) | Ok("virtual") => Ok(ClockMode::Virtual),
        Ok("real") => Ok(ClockMode::Real),
        Ok(other) => Err(format!(
            "HERODESK_BREAKAGE_CLOCK: `{other}` is neither `virtual` nor `real`"
        )),
    }
}
