//! Step definitions, one module per domain concept (visits, host pages, page calls, identity,
//! cookies, backend calls and control, conversations, events, widget state, embedding, the
//! token API), whichever feature files use them. Each step parses its words and calls one
//! operation of the World or a page object; the mechanics live in `src/`.

pub mod backend_calls;
pub mod backend_control;
pub mod conversations;
pub mod cookies;
pub mod embedding;
pub mod events;
pub mod host_pages;
pub mod identity;
pub mod page_calls;
pub mod token_api;
pub mod visits;
pub mod widget_state;

use crate::error::SuiteError;

/// Fails a step with a sentence saying what was expected and what was seen.
pub(crate) fn expect(ok: bool, message: impl FnOnce() -> String) -> Result<(), SuiteError> {
    if ok {
        Ok(())
    } else {
        Err(SuiteError::Expectation(message()))
    }
}

/// The items of a comma-separated list a step names (`"show, hide"`), blanks left out.
pub(crate) fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}
