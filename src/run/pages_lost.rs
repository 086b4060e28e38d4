//! Pages lost within one pass. A build that crashes the page on a common path (its heap grows
//! without end on identify) crashes every scenario's page, one browser's memory at a time
//! (measured: 59–142 s for 8 scenarios, each filling a browser's memory). Once
//! [`ENOUGH`] pages of a pass are lost, the scenarios that start after them are not run in
//! that pass: they count as lost too, and the second try ([`crate::run::crash_retry`]) tries
//! a crashed one again in a new browser first. Confirmed (it crashes twice), the build
//! crashes pages and the rest are charged to it untried; not confirmed (the machine's doing),
//! every scenario gets its try.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::LOST_BROWSER;

/// Lost pages in one pass from which the scenarios that start are not run in it.
pub const ENOUGH: usize = 2;

/// What a scenario not run after lost pages says, after [`LOST_BROWSER`].
pub const NOT_RUN: &str = "not run in this pass";

/// The count of one pass (in [`crate::run::suite::Suite`]).
#[derive(Debug, Default)]
pub struct PagesLost(AtomicUsize);

impl PagesLost {
    /// Notes a scenario whose page crashed or whose browser was lost.
    pub fn note(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// The words of a scenario refused because [`ENOUGH`] pages were lost already (the
    /// suite's words, "could not run", until the second try says whose they are).
    pub fn refusal(&self) -> Option<String> {
        let lost = self.0.load(Ordering::SeqCst);
        (lost >= ENOUGH).then(|| {
            format!(
                "{LOST_BROWSER}: {NOT_RUN}, as {lost} scenarios' pages crashed or their browsers were lost in it already; it gets its try in a new browser"
            )
        })
    }

    /// Forgets the count (a pass of second tries judges afresh).
    pub fn reset(&self) {
        self.0.store(0, Ordering::SeqCst);
    }
}

/// True when `message` is a scenario refused by [`PagesLost::refusal`].
pub fn was_not_run(message: &str) -> bool {
    crate::error::is_lost_browser(message) && message.contains(NOT_RUN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_refused_from_the_second_lost_page_on_and_read_as_lost_browsers() {
        let lost = PagesLost::default();
        lost.note();
        assert!(lost.refusal().is_none());
        lost.note();
        let words = lost.refusal().unwrap();
        let failure = crate::error::SuiteError::Session(words).to_string();
        assert!(crate::error::is_lost_browser(&failure), "{failure}");
        assert!(was_not_run(&failure));
        lost.reset();
        assert!(lost.refusal().is_none());
    }
}
