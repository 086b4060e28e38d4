//! A trace of each scenario (`--trace off | on-failure | on`): one self-contained HTML page
//! with every step on a timeline (start, duration, outcome), a screenshot and the cookies
//! after each step, the mock's journal calls of the scenario's workspace on the same clock,
//! and the host page's console lines and uncaught errors.
//!
//! Where each part comes from, and why:
//! - **Timing and outcome** come from cucumber's event stream ([`writer::TraceWriter`], teed
//!   beside the transcript writer): the same `Started`/`Passed`/`Failed` events, with the same
//!   timestamps, that `cucumber.json` and `junit.xml` are written from, so the trace never
//!   disagrees with them.
//! - **What the page looked like after a step** needs the World's browser at the moment the
//!   step ends, before the next one starts. cucumber 0.23 has no per-step hook, and its events
//!   reach the writers later (the event stream is polled by the writer loop, and normalized
//!   output holds a scenario's events back until the ones before it finish); only a failed
//!   step's event carries the World, and never a passed one's. So every step definition is
//!   wrapped instead ([`steps`]): the collection cucumber runs is rebuilt from the same
//!   inventory, regexes and locations, each entry pointing at one wrapper that runs the real
//!   step and then lets the World's [`recorder::Recorder`] take its snapshot.
//! - **The journal** is read once, by the after hook, which hands the recording to the run's
//!   [`Traces`] with the scenario's result; the writer joins it with the steps when cucumber
//!   finishes the scenario and writes the page off the scenarios' task ([`page`]).
//!
//! With `off` neither the wrapper nor the recorder exists: cucumber runs the plain collection.
//! With `on-failure` every scenario is recorded (a step cannot know a later one will fail) and
//! only failures keep a page; the cost measured is in `docs/measurements.md`.

mod body;
pub mod page;
pub mod recorder;
pub mod steps;
mod store;
pub mod writer;

pub use self::{
    recorder::Recorder,
    store::{Handover, Traces},
    writer::TraceWriter,
};

/// Which scenarios get a trace (`--trace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceMode {
    /// None: nothing is recorded, nothing costs.
    Off,
    /// Every scenario is recorded; a page is written for the failed ones only.
    OnFailure,
    /// Every scenario is recorded and gets a page.
    On,
}

impl TraceMode {
    /// True when scenarios are recorded at all.
    pub fn records(self) -> bool {
        self != Self::Off
    }

    /// True when a scenario that ended `failed` keeps its page.
    pub fn keeps(self, failed: bool) -> bool {
        match self {
            Self::Off => false,
            Self::OnFailure => failed,
            Self::On => true,
        }
    }
}

/// The page's file name, in the scenario's artefact folder.
pub const FILE_NAME: &str = "trace.html";

/// The folder, in a report folder, that holds the traces of scenarios that passed (a failed
/// one's trace goes with its other artefacts, in `failures/`).
pub const PASSED_FOLDER: &str = "traces";
