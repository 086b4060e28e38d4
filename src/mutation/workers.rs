//! Mutants tested by several worker processes at once. A process runs one suite run at a time
//! (the World finds its run through a global), and a killed mutant mostly costs a scenario's
//! wait running out: seconds in which a browser idles. Workers, each with its own browser
//! pool and mock, fill that idle time.
//!
//! The coordinator starts `mutation --worker DIR` processes and hands them trials on stdin
//! (a [`Request`] as one line of JSON: mutants to switch on together, and how many batches),
//! one at a time, as each finishes the last one (so a slow survivor holds up no other
//! worker); a worker answers with one [`RESULT_PREFIX`] line of JSON on stdout per trial (a
//! [`Tested`]) and ends when its stdin closes. Workers read the schemata and the coverage pass from
//! `baseline.json` in the build folder.

use std::{
    collections::VecDeque,
    ffi::OsString,
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
};

use nix::{sys::signal::kill, unistd::Pid};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    process::{Child, Command},
    sync::mpsc,
};

use super::{
    campaign::{Baseline, MutantResult, Status},
    trial::{Request, Tested},
};
use crate::browser::signals::{Interruption, Listener, interrupted};

/// What starts a worker's answer line on its stdout; other lines are passed on to stderr.
pub const RESULT_PREFIX: &str = "mutation-result ";

/// Saves the coverage pass for the workers.
///
/// # Errors
/// A sentence when the file cannot be written.
pub fn save_baseline(dir: &Path, baseline: &Baseline) -> Result<(), String> {
    let path = dir.join("baseline.json");
    let text = serde_json::to_string(baseline).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The coverage pass a coordinator saved in `dir`.
///
/// # Errors
/// A sentence when it is missing or unreadable.
pub fn load_baseline(dir: &Path) -> Result<Baseline, String> {
    let path = dir.join("baseline.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not readable: {e}", path.display()))
}

/// How to start the workers.
#[derive(Debug, Clone)]
pub struct Workers {
    /// The `mutation` binary.
    pub exe: PathBuf,
    /// Its arguments for every worker (engine, concurrency, report folder…); `--worker DIR`
    /// is added per worker.
    pub args: Vec<OsString>,
    /// How many.
    pub count: usize,
    /// The build folder; worker `k` works in `<build>/worker-k`.
    pub build: PathBuf,
}

type Queue = Arc<Mutex<VecDeque<Request>>>;

impl Workers {
    /// Runs the trials `requests` in the workers, calling `progress` with each result as it
    /// comes. Returns what they found (the results in the order they came) and the signal
    /// that stopped the campaign, if one did: the workers then stop their browsers and the
    /// untested mutants are left out.
    pub async fn test(
        &self,
        requests: Vec<Request>,
        mut progress: impl FnMut(&MutantResult),
    ) -> (Tested, Option<Interruption>) {
        // Listening before any worker starts: a Ctrl-C must reach a coordinator that waits
        // for its workers, not end it while they run on.
        let mut listener = Listener::new();
        let queue: Queue = Arc::new(Mutex::new(requests.into()));
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut pids = Vec::new();
        let mut drivers = Vec::new();
        for k in 0..self.count.max(1) {
            let dir = self.build.join(format!("worker-{k}"));
            let child = match self.spawn(&dir) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("mutation: worker {k} did not start: {e}");
                    continue;
                }
            };
            pids.extend(child.id());
            drivers.push(tokio::spawn(drive(k, child, queue.clone(), tx.clone())));
        }
        drop(tx);
        let mut found = Tested::default();
        let mut stopped_by = None;
        loop {
            tokio::select! {
                next = rx.recv() => match next {
                    Some(tested) => {
                        let Tested { results, undecided, .. } = tested;
                        results.iter().for_each(&mut progress);
                        found.results.extend(results);
                        found.undecided.extend(undecided);
                    }
                    None => break,
                },
                signal = listener.recv(), if stopped_by.is_none() => {
                    stopped_by = Some(signal);
                    queue.lock().unwrap_or_else(|e| e.into_inner()).clear();
                    // A terminal's Ctrl-C reaches the workers too; a signal sent to the
                    // coordinator alone is passed on, so every worker stops its browsers.
                    let sig = match signal {
                        Interruption::Sigint => nix::sys::signal::Signal::SIGINT,
                        Interruption::Sigterm => nix::sys::signal::Signal::SIGTERM,
                    };
                    for pid in &pids {
                        let _ = kill(Pid::from_raw(*pid as i32), sig);
                    }
                }
            }
        }
        for d in drivers {
            let _ = d.await;
        }
        // Mutants no worker was left to test (every worker died) are reported, not lost.
        let left: Vec<Request> = queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
            .collect();
        for request in left {
            found
                .results
                .extend(unsettled(request, "no worker was left to test it").results);
        }
        (found, stopped_by)
    }

    fn spawn(&self, dir: &Path) -> std::io::Result<Child> {
        std::fs::create_dir_all(dir)?;
        Command::new(&self.exe)
            .args(&self.args)
            .arg("--worker")
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    }
}

/// Feeds worker `k` trials from `queue` one at a time and sends back its answers.
async fn drive(k: usize, mut child: Child, queue: Queue, results: mpsc::UnboundedSender<Tested>) {
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return;
    };
    // The runner's progress lines, one per scenario, would bury the campaign's own.
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if !line.starts_with("progress:") && !line.trim().is_empty() {
                eprintln!("[worker {k}] {line}");
            }
        }
    });
    let mut answers = BufReader::new(stdout).lines();
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
        let Some(request) = next else {
            break;
        };
        let line = match serde_json::to_string(&request) {
            Ok(json) => format!("{json}\n"),
            Err(e) => {
                let _ = results.send(unsettled(request, &format!("cannot write the trial: {e}")));
                continue;
            }
        };
        if stdin.write_all(line.as_bytes()).await.is_err() {
            let _ = results.send(unsettled(request, &format!("worker {k} stopped")));
            break;
        }
        let _ = stdin.flush().await;
        match answer(&mut answers).await {
            Some(r) => {
                let _ = results.send(r);
            }
            None => {
                // Crashed: no verdict on the mutant in hand. Stopped by a signal: the mutant
                // was not tested, and the report says only what was.
                if interrupted().is_none() {
                    let _ = results.send(unsettled(request, &format!("worker {k} stopped")));
                }
                break;
            }
        }
    }
    drop(stdin);
    let _ = child.wait().await;
}

/// The worker's next answer, passing any other line of its stdout on to stderr; `None` when
/// the worker's stdout ended first.
async fn answer(
    lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
) -> Option<Tested> {
    while let Ok(Some(line)) = lines.next_line().await {
        match line.strip_prefix(RESULT_PREFIX) {
            Some(json) => match serde_json::from_str(json) {
                Ok(r) => return Some(r),
                Err(e) => eprintln!("mutation: unreadable answer from a worker ({e}): {json}"),
            },
            None => eprintln!("{line}"),
        }
    }
    None
}

/// Every mutant of a trial that got no verdict, as "could not run" for `why`.
fn unsettled(request: Request, why: &str) -> Tested {
    let results = request
        .mutants
        .into_iter()
        .map(|mutant| MutantResult {
            mutant,
            status: Status::CouldNotRun,
            detail: why.to_owned(),
            covering: 0,
            scenarios_run: 0,
            seconds: 0.0,
            together: 1,
        })
        .collect();
    Tested {
        results,
        ..Tested::default()
    }
}
