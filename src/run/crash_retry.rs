//! A scenario whose browser or page was lost gets one more try in a new browser. Once may be
//! the machine's doing (a browser killed from outside, a driver that died), and is no reason
//! to blame the widget; twice in a row, in two fresh browsers, is the widget's: a page that
//! runs out of memory crashes its tab every time. A scenario whose only failure was a block
//! of the main thread (spec I6) gets the same second try: a loaded machine can stall a page
//! once; a widget that blocks it does so again.
//!
//! The retry is a second cucumber pass over the scenarios that lost their browser, after the
//! first pass, with its own reports in `retry/` of the report folder. Its results replace the
//! first pass's for those scenarios; the run's `junit.xml` says so in a `retry` property.

use std::sync::Arc;

mod two_tries;

pub use self::two_tries::{Retried, crashed_twice};
use self::two_tries::{
    charge_untried, confirmed_crash, crashed_in_two, lost_its_browser, merge, unconfirmed_block,
};
use crate::{
    outcomes::{Failure, Outcomes, ScenarioResult},
    plan::Pass,
    run::pages_lost::was_not_run,
    scenarios,
    selection::ScenarioId,
    verdict::Verdict,
};

/// Runs `selected` once, then the scenarios that lost their browser once more, each in a
/// new browser, and returns the verdict on the merged results.
pub async fn run(
    pass: &Pass<'_>,
    selected: &[ScenarioId],
) -> (Verdict, Arc<Outcomes>, Vec<ScenarioResult>, Retried) {
    let (verdict, outcomes) = scenarios::run(pass, selected).await;
    let mut results = outcomes.results();
    // A gross block already seen is confirmed: its scenarios need no second try.
    let alarm = crate::run::suite::current().and_then(|s| s.guest_alarm.tripped());
    let blocks_confirmed = alarm.is_some_and(|b| b.spec == "I6");
    let lost: Vec<ScenarioId> = results
        .iter()
        .filter(|r| {
            r.failure
                .as_ref()
                .is_some_and(|f| lost_its_browser(f) || (unconfirmed_block(f) && !blocks_confirmed))
        })
        .map(|r| ScenarioId {
            file: r.file.clone(),
            line: r.line,
            name: r.name.clone(),
            key: r.key.clone(),
        })
        .collect();
    // A run that reached no verdict for other reasons (nothing matched, features that do not
    // parse) keeps it.
    if lost.is_empty() || outcomes.finished() == 0 {
        return (verdict, outcomes, results, Retried::default());
    }
    eprintln!(
        "{} scenario(s) lost their browser or page, or saw the main thread blocked once; running them once more, each in a new browser",
        lost.len()
    );
    // The second tries judge afresh, each in a new browser.
    if let Some(suite) = crate::run::suite::current() {
        suite.guest_alarm.reset();
        suite.pages_lost.reset();
    }
    let retry = pass.in_folder("retry");
    // Only crashes: the first one confirmed (a page crashed in two browsers) shows the build
    // crashes pages, and the rest need not fill a browser's memory twice more to show it.
    let only_crashes = results
        .iter()
        .filter(|r| lost.iter().any(|id| id.key == r.key))
        .all(|r| r.failure.as_ref().is_some_and(lost_its_browser));
    // A page that did crash is tried first: a scenario not run after lost pages proves
    // nothing by crashing once.
    let crashed: Vec<ScenarioId> = lost
        .iter()
        .filter(|id| {
            !results.iter().any(|r| {
                r.key == id.key && r.failure.as_ref().is_some_and(|f| was_not_run(&f.message))
            })
        })
        .cloned()
        .collect();
    let first_tries = if only_crashes && !crashed.is_empty() {
        &crashed
    } else {
        &lost
    };
    let (_, second) =
        scenarios::run(&retry.stopping_at_first_failure(only_crashes), first_tries).await;
    let mut second = second.results();
    let untried = |second: &[ScenarioResult]| -> Vec<ScenarioId> {
        lost.iter()
            .filter(|id| !second.iter().any(|r| r.key == id.key))
            .cloned()
            .collect()
    };
    let unrun = untried(&second);
    if !unrun.is_empty() && confirmed_crash(&results, &second).is_none() {
        // Stopped by something else than a confirmed crash: the rest get their try.
        let all = retry.stopping_at_first_failure(false);
        second.extend(scenarios::run(&all, &unrun).await.1.results());
    }
    let unrun = untried(&second);
    // The run's own outcomes stay the ones a signal or `--timeout` reads.
    crate::outcomes::set_in_progress(Some(outcomes.clone()));
    let mut retried = merge(&mut results, second);
    if let Some(first) = results
        .iter()
        .find(|r| crashed_in_two(r))
        .map(|r| r.name.clone())
    {
        retried.extend(charge_untried(&mut results, &unrun, &first));
    }
    let failures: Vec<Failure> = results.iter().filter_map(|r| r.failure.clone()).collect();
    let verdict = match verdict {
        // cucumber saw a failure no scenario recorded: it stays "does not conform".
        Verdict::DoesNotConform { failures: none } if none.is_empty() => {
            Verdict::DoesNotConform { failures }
        }
        _ => Verdict::of_failures(results.len(), failures),
    };
    (verdict, outcomes, results, retried)
}
