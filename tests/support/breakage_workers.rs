//! The breakage gate's work, split over worker processes: each worker is this test binary
//! again, with one browser pool, taking items (a variant, or a part of the reference run) one
//! at a time from its stdin and answering each with one row on its stdout. Processes, not
//! tasks, because a run holds process-wide state (signals, the current suite); and items
//! are handed out one at a time, so a worker that drew slow variants does not hold the rest.

use std::{
    io::{BufRead as _, BufReader, Write as _},
    process::{ChildStdin, Command, Stdio},
    sync::mpsc,
};

use herodesk_conformance::browser::tether;
use serde::{Deserialize, Serialize};

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

/// In a worker: the items it starts with (none: all come from stdin).
pub fn worker_items() -> Option<Vec<Item>> {
    std::env::var_os(WORKER).map(|_| Vec::new())
}

/// The next item from stdin; `None` when the parent closed it (or wrote nonsense).
pub async fn next_item() -> Option<Item> {
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
