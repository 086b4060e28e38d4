//! The run's traces between the two sides that make them: the after hook hands each recorded
//! scenario over ([`Traces::hand_over`]) with its result and journal, the trace writer adds
//! its steps as cucumber saw them when the scenario finishes ([`Traces::steps_seen`]), and the
//! page is written on a blocking thread, not in the writer: the writer is polled in the same
//! task as every scenario, so a slow disk there would hold them all. The pass waits for the
//! writes ([`Traces::finish`]) before its reports link to them.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use cucumber::gherkin;

use super::{FILE_NAME, PASSED_FOLDER, TraceMode, page, recorder::Snapshot, writer::StepLine};
use crate::{backend::Entry, world::HerodeskWorld};

/// A scenario's key: its feature file's name and its line, as [`crate::outcomes`] keys it.
type Key = (String, usize);

/// What the after hook knows of a recorded scenario that keeps its trace.
#[derive(Debug)]
pub struct Handover {
    /// Where the page goes.
    pub path: PathBuf,
    /// The scenario's name.
    pub scenario: String,
    /// Its feature's name.
    pub feature: String,
    /// `file:line` of the scenario.
    pub place: String,
    /// The spec statements it checks.
    pub specs: Vec<String>,
    /// Why it failed, as the reports say it; `None` when it passed.
    pub failure: Option<String>,
    /// The snapshot after each step.
    pub snapshots: Vec<Snapshot>,
    /// The mock's journal of the scenario's workspace, or why it could not be read.
    pub journal: Result<Vec<Entry>, String>,
}

/// The traces of one pass.
#[derive(Debug)]
pub struct Traces {
    mode: TraceMode,
    report_dir: Option<PathBuf>,
    handed: Mutex<HashMap<Key, Handover>>,
    writing: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

impl Traces {
    /// The traces of a pass writing its reports in `report_dir` (none without one). The
    /// traces of passed scenarios an earlier run left there are removed: they would read as
    /// this run's (a failed one's go with `failures/`, which the pass empties too).
    pub fn new(mode: TraceMode, report_dir: Option<&Path>) -> Arc<Self> {
        if let Some(dir) = report_dir {
            let _ = std::fs::remove_dir_all(dir.join(PASSED_FOLDER));
        }
        Arc::new(Self {
            mode,
            report_dir: report_dir.map(Path::to_owned),
            handed: Mutex::default(),
            writing: Mutex::default(),
        })
    }

    /// True when scenarios are recorded (their World gets a [`super::Recorder`]).
    pub fn records(&self) -> bool {
        self.mode.records() && self.report_dir.is_some()
    }

    /// Hands over `world`'s recording of `scenario` once its result is known: `failure` is
    /// why it failed (`None`: it passed), `artefacts` the folder of a failure's artefacts.
    /// Returns where its page will be, when it keeps one (`--trace` and the result decide).
    pub async fn hand_over(
        &self,
        world: &mut HerodeskWorld,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        failure: Option<String>,
        artefacts: Option<&Path>,
    ) -> Option<PathBuf> {
        // Taken in any case: a scenario that keeps no page frees its screenshots now.
        let recorder = world.trace.take()?;
        if !self.mode.keeps(failure.is_some()) {
            return None;
        }
        let folder =
            match artefacts {
                Some(dir) if failure.is_some() => dir.to_owned(),
                _ => self.report_dir.as_ref()?.join(PASSED_FOLDER).join(
                    crate::artefacts::folder_name(&scenario.name, scenario.position.line),
                ),
            };
        let path = folder.join(FILE_NAME);
        let wid = world.workspace.widget_id.clone();
        let journal = world
            .suite()
            .backend
            .journal(&wid, None, 0)
            .await
            .map_err(|e| e.to_string());
        let file = crate::selection::scenario_key::feature_file_name(feature);
        let handover = Handover {
            path: path.clone(),
            scenario: scenario.name.clone(),
            feature: feature.name.clone(),
            place: format!("{file}:{}", scenario.position.line),
            specs: crate::outcomes::spec_ids(feature, scenario),
            failure,
            snapshots: recorder.into_snapshots(),
            journal,
        };
        self.lock_handed()
            .insert((file, scenario.position.line), handover);
        Some(path)
    }

    /// cucumber finished `scenario` with `steps` (hooks included): its page, if it keeps one,
    /// is written now, off the scenarios' task.
    pub fn steps_seen(&self, feature: &gherkin::Feature, line: usize, steps: Vec<StepLine>) {
        let key = (
            crate::selection::scenario_key::feature_file_name(feature),
            line,
        );
        let Some(handover) = self.lock_handed().remove(&key) else {
            return;
        };
        let write = tokio::task::spawn_blocking(move || {
            if let Err(e) = page::write(&handover, &steps) {
                eprintln!("trace not written: {}: {e}", handover.path.display());
            }
        });
        self.writing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(write);
    }

    /// Waits until every page handed to a writer thread is written.
    pub async fn finish(&self) {
        let writes: Vec<_> =
            std::mem::take(&mut *self.writing.lock().unwrap_or_else(|e| e.into_inner()));
        for write in writes {
            let _ = write.await;
        }
        // A scenario cucumber never reported finished (a run cut short) writes no page.
        self.lock_handed().clear();
    }

    fn lock_handed(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Handover>> {
        self.handed.lock().unwrap_or_else(|e| e.into_inner())
    }
}
