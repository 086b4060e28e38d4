//! The breakage gate's work, split over worker processes: each worker is this test binary
//! again, with one browser pool, taking items (a variant, or a part of the reference run) one
//! at a time from its stdin and answering each with one row on its stdout. Processes, not
//! tasks, because a run holds process-wide state (signals, the current suite); and items
//! are handed out one at a time, so a worker that drew slow variants does not hold the rest.

use std::{
    collections::BTreeSet,
    io::{BufRead as _, BufReader, Write as _},
    process::{ChildStdin, Command, ExitCode, Stdio},
    sync::{Arc, mpsc},
};

use herodesk_conformance::{
    RunOptions, Verdict,
    browser::{BrowserPool, Engine, Engines, reaper, tether},
    mutation::variants::{self, Variant},
    runner::{project_path, run_with_pool},
    selection::Shard,
};
use serde::{Deserialize, Serialize};

use crate::first_to_fail::FirstToFail;

/// Set in a worker's environment: it takes items from stdin.
const WORKER: &str = "HERODESK_BREAKAGE_WORKER";

/// One piece of the gate's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    /// The variant of that name, against its statement's scenarios.
    Variant(String),
    /// Part `index` of `count` of the reference widget's run over every selected statement.
    Reference { index: usize, count: usize },
}

/// An item's result: what the table prints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    pub spec: String,
    pub ok: bool,
    pub note: String,
    /// The exit code of a run cut short by Ctrl-C or SIGTERM.
    pub interrupted: Option<u8>,
    /// The scenario whose failure killed the variant (the first the verdict names).
    #[serde(default)]
    pub killed_by: Option<String>,
}

impl Row {
    /// A part of the reference run, not a variant.
    pub fn is_reference(&self) -> bool {
        self.name.starts_with("reference widget")
    }
}

/// What every process reads from the environment: the variants, the reference and the engine.
pub struct Setup {
    pub selected: Vec<Variant>,
    /// The scenario that failed each variant last time: run first.
    pub first_to_fail: FirstToFail,
    reference: String,
    engine: Engine,
}

impl Setup {
    /// Reads the manifest (`HERODESK_VARIANTS_MANIFEST`, a project-relative path, or the
    /// variants' own), the selection (`HERODESK_VARIANTS`), the reference widget and the engine
    /// (`HERODESK_BREAKAGE_BROWSER`, default chromium).
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
                let killed_by = killer(variant, &verdict);
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
            if verdict.interruption().is_some() || killer(variant, &Ok(verdict.clone())).is_some() {
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
fn killer(variant: &Variant, verdict: &Result<Verdict, String>) -> Option<String> {
    match verdict {
        Ok(Verdict::DoesNotConform { failures }) => failures
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
        Ok(Verdict::DoesNotConform { failures })
            if failures.iter().any(|f| f.specs.contains(&variant.spec)) =>
        {
            (true, "killed".to_owned())
        }
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

/// In a worker: the items it starts with (none: all come from stdin).
pub fn worker_items() -> Option<Vec<Item>> {
    std::env::var_os(WORKER).map(|_| Vec::new())
}

/// The next item from stdin; `None` when the parent closed it (or wrote nonsense).
async fn next_item() -> Option<Item> {
    tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => serde_json::from_str(line.trim()).ok(),
        }
    })
    .await
    .ok()
    .flatten()
}

/// Runs `items` in `workers` processes, handing each worker its next item when it answers
/// the last; a row for every item, in the order of `items`. A worker that dies leaves a
/// failed row for the item it held.
pub fn run_in_workers(items: &[Item], workers: usize) -> Result<Vec<Row>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this test: {e}"))?;
    let (answers, inbox) = mpsc::channel::<(usize, Option<Row>)>();
    let mut inputs: Vec<Option<ChildStdin>> = Vec::new();
    let mut children = Vec::new();
    for id in 0..workers.min(items.len()) {
        let mut command = Command::new(&exe);
        command
            .env(WORKER, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child =
            tether::spawn(command).map_err(|e| format!("cannot start worker {id}: {e}"))?;
        inputs.push(child.stdin.take());
        let stdout = child.stdout.take().ok_or("a worker without stdout")?;
        let answers = answers.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(row) = serde_json::from_str::<Row>(&line) {
                    let _ = answers.send((id, Some(row)));
                }
            }
            // Its stdout closed: the worker ended.
            let _ = answers.send((id, None));
        });
        children.push(child);
    }
    drop(answers);
    let mut rows: Vec<Option<Row>> = vec![None; items.len()];
    let mut holding: Vec<Option<usize>> = vec![None; inputs.len()];
    let mut next = 0;
    let mut give = |id: usize, inputs: &mut Vec<Option<ChildStdin>>, holding: &mut Vec<_>| {
        let sent = next < items.len()
            && inputs[id].as_mut().is_some_and(|input| {
                let line = serde_json::to_string(&items[next]).unwrap_or_default();
                writeln!(input, "{line}")
                    .and_then(|()| input.flush())
                    .is_ok()
            });
        if sent {
            holding[id] = Some(next);
            next += 1;
        } else {
            // Nothing left (or the worker is gone): closing stdin ends the worker.
            inputs[id] = None;
            holding[id] = None;
        }
    };
    for id in 0..inputs.len() {
        give(id, &mut inputs, &mut holding);
    }
    for (id, answer) in inbox {
        let Some(at) = holding[id] else { continue };
        match answer {
            Some(row) => {
                let stop = row.interrupted.is_some();
                rows[at] = Some(row);
                if stop {
                    inputs.iter_mut().for_each(|i| *i = None);
                    holding[id] = None;
                } else {
                    give(id, &mut inputs, &mut holding);
                }
            }
            None => {
                holding[id] = None;
                inputs[id] = None;
            }
        }
    }
    for mut child in children {
        let _ = child.wait();
    }
    Ok(items
        .iter()
        .zip(rows)
        .map(|(item, row)| {
            row.unwrap_or_else(|| Row {
                name: match item {
                    Item::Variant(name) => name.clone(),
                    Item::Reference { index, count } => {
                        format!("reference widget ({index}/{count})")
                    }
                },
                spec: "?".into(),
                ok: false,
                note: "not run: its worker ended before answering".into(),
                interrupted: None,
                killed_by: None,
            })
        })
        .collect())
}
