//! The mutation stage: proves the suite can fail, with mutants of the build (the `mutation`
//! command) and hand-made broken variants ([`variants`]); hands on a score and every survivor.
//!
//! Mutation testing of the widget build that a browser suite can afford
//! (`cargo run --release --bin mutation`).
//!
//! Stryker's mutators make the mutants; the browsers run the suite's own scenarios against
//! them. Three things keep it affordable:
//! - **one build**: `tools/js/mutate.js` writes one mutant-schemata copy of the widget with
//!   every mutant in it, switched at run time by `globalThis.__stryker__.activeMutant`
//!   ([`schemata`]);
//! - **coverage first**: one run of the suite with no mutant on tells which scenarios execute
//!   each mutant's code ([`coverage`]); a mutant runs against those only, and a mutant no
//!   scenario reaches is a survivor without a run;
//! - **stop at the first failure**: a mutant's scenarios run in batches, the likeliest
//!   killers first (above all, those of mutants nearby: [`kill_log`]), until one fails
//!   ([`plan`], [`campaign`]).
//!
//! The result is a mutation score with every survivor, as text, HTML and JSON ([`report`],
//! [`html`]); [`command`] is the command line; [`endpoint`] the campaign on a Selenium Grid.

pub mod batch_trace;
pub mod campaign;
pub mod command;
pub mod coverage;
pub mod endpoint;
pub mod html;
pub mod kill_log;
pub mod loaded;
pub mod plan;
pub mod report;
pub mod rounds;
pub mod schemata;
pub mod tester;
pub mod trial;
pub mod variants;
pub mod worker;
pub mod workers;
pub mod writers;
