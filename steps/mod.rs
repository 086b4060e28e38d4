//! Step definitions, one module per spec area, plus the steps every area shares (visits and
//! backend calls). Each step parses its words and calls one operation of the World or a page
//! object; the mechanics live in `src/`.

pub mod backend_calls;
pub mod embedding;
pub mod events;
pub mod failure_and_tampering;
pub mod methods;
pub mod names;
pub mod pre_authentication;
pub mod queue_and_boot;
pub mod session_caching;
pub mod state_properties;
pub mod token_api;
pub mod visits;

use crate::error::SuiteError;

/// Fails a step with a sentence saying what was expected and what was seen.
pub(crate) fn expect(ok: bool, message: impl FnOnce() -> String) -> Result<(), SuiteError> {
    if ok {
        Ok(())
    } else {
        Err(SuiteError::Expectation(message()))
    }
}
