//! The step collection a traced run gives cucumber: every step definition of the inventory,
//! with its own regex and location (so matching, ambiguity, undefined steps and the
//! `Matched: file:line` of the reports are as without a trace), each pointing at
//! [`traced`], which runs the real step and then the recorder's snapshot.
//!
//! A step function is a plain `fn` pointer in cucumber 0.23 (no closure can carry the real
//! step along), so [`traced`] finds the real one again in the untouched collection, by the
//! same step text: a second regex match per step, microseconds.

use std::{panic::AssertUnwindSafe, sync::OnceLock};

use cucumber::{
    World as _,
    codegen::{LocalBoxFuture, StepConstructor as _, WorldInventory, inventory},
    step::{Collection, Context},
};
use futures::FutureExt as _;

use super::{TraceMode, recorder};
use crate::world::HerodeskWorld;

/// The step definitions as written, where [`traced`] finds the real step.
static REAL: OnceLock<Collection<HerodeskWorld>> = OnceLock::new();

/// The step collection to give cucumber (`Cucumber::steps`) with `mode`: `None` with
/// `--trace off` (the plain collection stays, no wrapper, no cost), else every step followed
/// by a snapshot.
pub fn collection(mode: TraceMode) -> Option<Collection<HerodeskWorld>> {
    if !mode.records() {
        return None;
    }
    REAL.get_or_init(HerodeskWorld::collection);
    Some(wrapped())
}

/// Every step definition of the inventory, pointing at [`traced`].
fn wrapped() -> Collection<HerodeskWorld> {
    type Given = <HerodeskWorld as WorldInventory>::Given;
    type When = <HerodeskWorld as WorldInventory>::When;
    type Then = <HerodeskWorld as WorldInventory>::Then;
    let mut out = Collection::new();
    for s in inventory::iter::<Given> {
        let (loc, regex, _) = s.inner();
        out = out.given(Some(loc), regex(), traced);
    }
    for s in inventory::iter::<When> {
        let (loc, regex, _) = s.inner();
        out = out.when(Some(loc), regex(), traced);
    }
    for s in inventory::iter::<Then> {
        let (loc, regex, _) = s.inner();
        out = out.then(Some(loc), regex(), traced);
    }
    out
}

/// Runs the real step for `ctx`, then takes the World's snapshot, then ends as the step did
/// (a panic, which is how cucumber marks a step failed, goes on after the snapshot: a failed
/// step's page is the one a trace is read for).
fn traced<'a>(world: &'a mut HerodeskWorld, ctx: Context) -> LocalBoxFuture<'a, ()> {
    async move {
        let real = REAL
            .get()
            .and_then(|c| c.find(&ctx.step).ok().flatten())
            .map(|(step, ..)| *step);
        // Cannot be: the wrapped collection matched the same regexes.
        let Some(real) = real else {
            panic!("no step definition matches {:?}", ctx.step.value)
        };
        let line = ctx.step.position.line;
        let ran = AssertUnwindSafe(real(world, ctx)).catch_unwind().await;
        recorder::after_step(world, line).await;
        if let Err(panic) = ran {
            std::panic::resume_unwind(panic);
        }
    }
    .boxed_local()
}
