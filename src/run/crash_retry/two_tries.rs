//! How a scenario's two tries become one result: the second try's result in place of the
//! first, a note for the reports saying why it ran twice, and a page that crashed in two
//! browsers one after the other charged to the widget (with the scenarios not tried again).

use std::collections::HashMap;

use crate::{
    error::{INFRASTRUCTURE, LOST_BROWSER, is_lost_browser},
    outcomes::{Failure, ScenarioResult, status::Status},
    selection::{ScenarioId, scenario_key::ScenarioKey},
};

/// What the retries did, by scenario: a line for the reports.
#[derive(Debug, Default, Clone)]
pub struct Retried(HashMap<ScenarioKey, String>);

impl Retried {
    /// The line for `key`'s scenario, if it was run a second time.
    pub fn note(&self, key: &ScenarioKey) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Adds another pass's retries (a later round of `--repeat`).
    pub fn extend(&mut self, other: Retried) {
        self.0.extend(other.0);
    }
}

/// The widget's failure when a page crashed in two browsers one after the other: `first` and
/// `again` are what was seen each time. Written once for the preflight and the scenarios.
pub fn crashed_twice(first: &str, again: &str) -> String {
    let (first, again) = (without_prefix(first), without_prefix(again));
    let said = if first == again {
        first.to_owned()
    } else {
        format!("{first}; then: {again}")
    };
    // The ceiling's stop, when there was one just now, turns the question into evidence.
    let evidence = crate::browser::memory_ceiling::recent_stop(std::time::Duration::from_secs(60))
        .map(|stop| format!("; the suite stopped a browser process: {stop}"))
        .unwrap_or_default();
    format!(
        "{CRASHED_TWICE}: it crashed in two browsers one after the other, so the widget crashes \
         it; {said}{evidence}"
    )
}

/// `message` without the suite's own prefixes, first line only.
fn without_prefix(message: &str) -> &str {
    let line = message.lines().next().unwrap_or_default();
    line.strip_prefix(INFRASTRUCTURE).unwrap_or(line)
}

/// The scenario of `second` whose page crashed again, after crashing in `first` too.
pub(super) fn confirmed_crash<'a>(
    first: &[ScenarioResult],
    second: &'a [ScenarioResult],
) -> Option<&'a ScenarioResult> {
    second.iter().find(|again| {
        again.failure.as_ref().is_some_and(lost_its_browser)
            && first
                .iter()
                .any(|r| r.key == again.key && r.failure.as_ref().is_some_and(lost_its_browser))
    })
}

/// True when `result` is a page that crashed in two browsers one after the other.
pub(super) fn crashed_in_two(result: &ScenarioResult) -> bool {
    result
        .failure
        .as_ref()
        .is_some_and(|f| f.message.starts_with(CRASHED_TWICE))
}

/// How [`crashed_twice`] starts.
const CRASHED_TWICE: &str = "the page crashed (out of memory?)";

/// Charges the scenarios in `untried` that lost their page once to the widget: another
/// scenario's page (`first`) crashed in two browsers one after the other, so the build
/// crashes pages, and trying them again would only fill more browsers' memory.
pub(super) fn charge_untried(
    results: &mut [ScenarioResult],
    untried: &[ScenarioId],
    first: &str,
) -> Retried {
    let mut notes = HashMap::new();
    for result in results
        .iter_mut()
        .filter(|r| untried.iter().any(|id| id.key == r.key))
    {
        let Some(failure) = result.failure.as_mut().filter(|f| lost_its_browser(f)) else {
            continue;
        };
        if crate::run::pages_lost::was_not_run(&failure.message) {
            // It never ran: not charged to any statement, and not passed either.
            let why = format!(
                "not run: the page of \"{first}\" crashed in two browsers one after the other, so the widget crashes pages"
            );
            notes.insert(result.key.clone(), why.clone());
            result.failure = None;
            result.status = Status::NotRun { why };
            continue;
        }
        failure.message = format!(
            "{CRASHED_TWICE}: its page crashed, and so did the page of \"{first}\" in two browsers one after the other, so the widget crashes pages; not tried again; {}",
            without_prefix(&failure.message)
        );
        result.status = Status::Failed;
        notes.insert(
            result.key.clone(),
            format!("not tried again: the page of \"{first}\" crashed in two browsers"),
        );
    }
    Retried(notes)
}

/// True when `failure` is its browser or page lost (the suite's, until it happens again).
pub(super) fn lost_its_browser(failure: &Failure) -> bool {
    is_lost_browser(&failure.message)
}

/// True when `failure` is a main-thread block (I6) and nothing else: a loaded machine can
/// stall a page in a way its worker does not see, so the block counts once it is seen again
/// in a new browser (spec I6's resolution).
pub(super) fn unconfirmed_block(failure: &Failure) -> bool {
    failure.specs == ["I6"] || failure.message.contains(crate::guest::TOO_LOADED)
}

/// Puts each second try's result in place of the first, and says what happened to each.
pub(super) fn merge(results: &mut [ScenarioResult], second: Vec<ScenarioResult>) -> Retried {
    let mut notes = HashMap::new();
    for again in second {
        let Some(first) = results.iter_mut().find(|r| r.key == again.key) else {
            continue;
        };
        let first_message = first
            .failure
            .as_ref()
            .map(|f| f.message.clone())
            .unwrap_or_default();
        let blocked = first.failure.as_ref().is_some_and(unconfirmed_block);
        let note = match &again.failure {
            None if blocked => format!(
                "passed on a second try in a new browser; the first saw a main-thread block the machine may have caused: {}",
                without_prefix(&first_message)
            ),
            None => format!(
                "passed on a second try in a new browser; the first lost its browser or page: {}",
                without_prefix(&first_message)
            ),
            Some(f) if lost_its_browser(f) => {
                format!("{LOST_BROWSER} again on a second try in a new browser")
            }
            Some(_) => "failed again on a second try in a new browser".to_owned(),
        };
        let mut merged = again;
        if let Some(f) = &mut merged.failure
            && lost_its_browser(f)
        {
            // Twice in a row, in two fresh browsers: the widget's, not the suite's.
            f.message = crashed_twice(&first_message, &f.message);
        }
        merged.status = if merged.failure.is_some() {
            Status::Failed
        } else {
            Status::Passed
        };
        notes.insert(merged.key.clone(), note);
        *first = merged;
    }
    Retried(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, message: Option<&str>) -> ScenarioResult {
        ScenarioResult {
            file: "f.feature".into(),
            line: 3,
            name: name.into(),
            failure: message.map(|m| Failure {
                specs: vec!["C1".into()],
                scenario: name.into(),
                message: m.into(),
                artefacts: None,
            }),
            specs: vec!["C1".into()],
            key: ScenarioKey {
                feature: "f.feature".into(),
                scenario: name.into(),
                example: Default::default(),
            },
            status: if message.is_some() {
                Status::Failed
            } else {
                Status::Passed
            },
            calls: Default::default(),
            transcript: None,
            retry: None,
            trace: None,
        }
    }

    fn lost(detail: &str) -> String {
        format!("{INFRASTRUCTURE}{LOST_BROWSER} while clicking: {detail}")
    }

    #[test]
    fn a_second_crash_in_a_new_browser_is_the_widget_s_and_says_out_of_memory() {
        let mut results = vec![result("s", Some(&lost("tab crashed")))];
        let notes = merge(&mut results, vec![result("s", Some(&lost("tab crashed")))]);
        let failure = results[0].failure.as_ref().unwrap();
        assert!(!failure.is_infrastructure(), "{}", failure.message);
        assert!(
            failure
                .message
                .starts_with("the page crashed (out of memory?)"),
            "{}",
            failure.message
        );
        assert_eq!(results[0].status, Status::Failed);
        assert!(notes.note(&results[0].key).is_some());
    }

    #[test]
    fn a_crash_that_does_not_come_back_is_a_pass_with_a_note() {
        let mut results = vec![
            result("s", Some(&lost("chrome not reachable"))),
            result("other", None),
        ];
        let notes = merge(&mut results, vec![result("s", None)]);
        assert!(results[0].failure.is_none());
        assert_eq!(results[0].status, Status::Passed);
        let note = notes.note(&results[0].key).unwrap();
        assert!(note.contains("passed on a second try"), "{note}");
        assert!(note.contains("chrome not reachable"), "{note}");
        assert!(notes.note(&results[1].key).is_none());
    }

    #[test]
    fn another_failure_on_the_second_try_is_kept_as_it_is() {
        let mut results = vec![result("s", Some(&lost("tab crashed")))];
        merge(
            &mut results,
            vec![result("s", Some("expected 0 calls, saw 1"))],
        );
        let failure = results[0].failure.as_ref().unwrap();
        assert_eq!(failure.message, "expected 0 calls, saw 1");
    }

    #[test]
    fn a_crash_not_tried_again_after_another_page_crashed_twice_is_the_widget_s() {
        let mut results = vec![
            result("s", Some(&lost("tab crashed"))),
            result("t", Some(&lost("tab crashed"))),
            result("u", Some(&lost("tab crashed"))),
        ];
        merge(&mut results, vec![result("s", Some(&lost("tab crashed")))]);
        assert!(crashed_in_two(&results[0]));
        let id = |r: &ScenarioResult| ScenarioId {
            file: r.file.clone(),
            line: r.line,
            name: r.name.clone(),
            key: r.key.clone(),
        };
        let untried = vec![id(&results[1])];
        let notes = charge_untried(&mut results, &untried, "s");
        let charged = results[1].failure.as_ref().unwrap();
        assert!(!charged.is_infrastructure(), "{}", charged.message);
        assert!(
            charged.message.starts_with(CRASHED_TWICE),
            "{}",
            charged.message
        );
        assert!(charged.message.contains("\"s\""), "{}", charged.message);
        assert!(notes.note(&results[1].key).is_some());
        // Not in the untried list: left as it was.
        assert!(results[2].failure.as_ref().unwrap().is_infrastructure());
    }

    #[test]
    fn only_a_lost_browser_counts_as_a_crash() {
        let failure = |m: &str| result("s", Some(m)).failure.unwrap();
        assert!(lost_its_browser(&failure(&lost("x"))));
        assert!(!lost_its_browser(&failure(
            "infrastructure: mock backend: down"
        )));
        assert!(!lost_its_browser(&failure(
            "timed out after 10.0s waiting for the widget"
        )));
    }
}
