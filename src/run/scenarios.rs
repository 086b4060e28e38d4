//! One pass of cucumber over the selected scenarios: the writers (the console, and the
//! transcripts the results keep), the after hook that records each outcome, checks I4 and
//! saves a failure's artefacts, and the pass's `junit.xml` (and, in a round of `--repeat`,
//! `spec.html`, [`crate::report::spec_page`]) at the end. The run in progress
//! ([`crate::run::suite`]) must be set.

use std::{
    io::{self, Write},
    sync::Arc,
};

use cucumber::{World as _, WriterExt as _, event::ScenarioFinished, writer, writer::Stats as _};
use futures::FutureExt as _;

use crate::{
    artefacts,
    guest::PageCondition,
    outcomes::{Outcomes, failure_message},
    pages::page_health::PageTrouble,
    plan::Pass,
    report::{
        trace::{self, TraceWriter, Traces},
        transcript::TranscriptWriter,
    },
    selection::{ScenarioId, Selected},
    verdict::Verdict,
    world::HerodeskWorld,
};

/// Runs `scenarios` once as `pass` says and returns the verdict and every scenario's outcome
/// (`--repeat` adds the outcomes of its rounds up).
pub async fn run(pass: &Pass<'_>, scenarios: &[ScenarioId]) -> (Verdict, Arc<Outcomes>) {
    let plan = pass.plan();
    let selected = Selected::of(scenarios);
    let outcomes = Arc::new(Outcomes::new(scenarios.len(), true));
    let recorder = outcomes.clone();
    let failures_dir = pass.report_dir.as_ref().map(|d| d.join("failures"));
    let scenario_timeout = plan.scenario_timeout;
    let virtual_clock = plan.clock == crate::plan::options::ClockMode::Virtual;
    if let Some(dir) = &failures_dir {
        // Artefacts of an earlier run would read as this run's.
        let _ = std::fs::remove_dir_all(dir);
    }
    let traces = Traces::new(plan.trace, pass.report_dir.as_deref());
    let recording = traces.records();
    let handed = traces.clone();
    crate::outcomes::set_in_progress(Some(outcomes.clone()));
    if let Err(e) = crate::report::file::prepare_folder(pass.report_dir.as_deref()) {
        return (Verdict::CouldNotRun(e.to_string().into()), outcomes);
    }
    // With --repeat the rounds' steps would bury the stability report.
    let out: Box<dyn Write> = if plan.quiet || plan.repeat > 1 {
        Box::new(io::sink())
    } else {
        Box::new(io::stdout())
    };
    let console = writer::Basic::raw(out, writer::Coloring::Auto, 0)
        .summarized()
        .tee::<HerodeskWorld, _>(
            TranscriptWriter::new(outcomes.clone())
                .discard_stats_writes()
                .discard_arbitrary_writes(),
        )
        .tee::<HerodeskWorld, _>(
            TraceWriter::new(traces.clone())
                .discard_stats_writes()
                .discard_arbitrary_writes(),
        )
        .normalized();
    let cucumber = HerodeskWorld::cucumber();
    // Traced, every step is followed by the World's snapshot (`crate::report::trace::steps`).
    let cucumber = match recording
        .then(|| trace::steps::collection(plan.trace))
        .flatten()
    {
        Some(steps) => cucumber.steps(steps),
        None => cucumber,
    };
    let writer = cucumber
        .with_writer(console)
        // The suite's own options, not cucumber's command line (which would reject ours).
        .with_default_cli()
        .max_concurrent_scenarios(plan.concurrency.max(1));
    let writer = if pass.fail_fast {
        writer.fail_fast()
    } else {
        writer
    };
    let writer = writer
        .before(move |feature, _, scenario, world| {
            world.scenario = crate::pages::harvest::scenario_key(feature, scenario);
            world.virtual_clock = virtual_clock;
            if recording {
                world.trace = Some(trace::Recorder::default());
            }
            world.deadline = Some(crate::deadline::Deadline::start_or_on_alarm(
                scenario_timeout,
                world.suite().guest_alarm.subscribe(),
            ));
            async {}.boxed_local()
        })
        .after(move |feature, _, scenario, finished, world| {
            let artefacts = failures_dir.as_ref().map(|d| {
                d.join(artefacts::folder_name(
                    &scenario.name,
                    scenario.position.line,
                ))
            });
            let recorder = recorder.clone();
            let traces = handed.clone();
            if let Some(w) = &world {
                recorder.record_calls(feature, scenario, w.calls());
            }
            async move {
                // I4 holds in every scenario: a scenario whose steps passed still fails when
                // the widget threw an uncaught error into the host page.
                let stray = match (&world, finished) {
                    (Some(w), ScenarioFinished::StepPassed) => widget_error_report(w).await,
                    _ => None,
                };
                // Failed by a step: say what went wrong with the page itself, and what the
                // widget threw into it, before the step's own words.
                let (context, page) = match (&world, failure_message(finished)) {
                    (Some(w), Some(_)) if w.browser_stopped() => {
                        // Its browser was stopped: nothing to ask the page, a new browser.
                        (w.past_deadline(), PageCondition::Gone)
                    }
                    (Some(w), Some(message)) => failure_context(w, &message).await,
                    _ => (None, PageCondition::Usable),
                };
                if let (Some(w), PageCondition::Gone) = (&world, page)
                    && !w.browser_stopped()
                {
                    w.suite().pages_lost.note();
                }
                // I6–I8 hold in every scenario too, and a bad guest's breach is named first: a
                // step that failed after the widget reloaded the page is its knock-on.
                let (breaches, held) = match &world {
                    Some(w) if w.refusal().is_some() => (w.refusal().into_iter().collect(), false),
                    Some(w) if !w.browser_stopped() => {
                        let evidence = w.guest_evidence(page).await;
                        let breaches = crate::guest::judge(&evidence);
                        w.suite().guest_alarm.note(&evidence, &breaches);
                        (breaches, evidence.held)
                    }
                    _ => (Vec::new(), false),
                };
                // A page held by the widget answers every question seconds late: its reset
                // and artefacts would cost more than a new browser (measured: 80 s in WebKit
                // for a page busy 5 s out of every 5.05 s).
                let spoiled = page != PageCondition::Usable || held;
                let after_check = crate::guest::after_check_failure(
                    &breaches,
                    stray.as_deref(),
                    failure_message(finished).map(|m| match &context {
                        Some(c) => format!("{c}\n{m}"),
                        None => m,
                    }),
                    &crate::outcomes::spec_ids(feature, scenario),
                );
                // The failure as the reports word it, for the trace's page.
                let message = after_check.as_ref().map(|(_, m)| m.clone()).or_else(|| {
                    failure_message(finished).map(|m| match &context {
                        Some(c) => format!("{c}\n{m}"),
                        None => m,
                    })
                });
                let failed = match &after_check {
                    Some((specs, message)) => {
                        recorder.record_after_check(
                            feature,
                            scenario,
                            specs.clone(),
                            message.clone(),
                            artefacts.clone(),
                        );
                        true
                    }
                    None => recorder.record_with_context(
                        feature,
                        scenario,
                        finished,
                        context,
                        artefacts.clone(),
                    ),
                };
                let stray = match (&after_check, finished) {
                    (Some((_, message)), ScenarioFinished::StepPassed) => Some(message.clone()),
                    _ => None,
                };
                if let Some(w) = world {
                    let trace = traces
                        .hand_over(w, feature, scenario, message, artefacts.as_deref())
                        .await;
                    if let Some(page) = trace {
                        recorder.record_trace(feature, scenario, page);
                    }
                    if spoiled {
                        // A stuck page answers nothing: no artefacts, no reset, a new browser.
                        w.discard_browser().await;
                    } else {
                        if let (true, Some(dir)) = (failed, artefacts) {
                            let _ =
                                tokio::time::timeout(ARTEFACTS_WITHIN, artefacts::save(w, &dir))
                                    .await;
                        }
                        w.harvest_page().await;
                        w.close_browser().await;
                    }
                }
                if let Some(message) = stray {
                    // A panicking after hook is how cucumber marks a scenario failed after
                    // its steps (console, JUnit and JSON reports all show it).
                    panic!("{message}");
                }
            }
            .boxed_local()
        })
        .fail_on_skipped()
        .filter_run(&plan.features, move |feature, _, scenario| {
            selected.contains(feature, scenario)
        })
        .await;

    let parsing_errors = writer.parsing_errors();
    let execution_has_failed = writer.execution_has_failed();
    drop(writer);
    // The reports below link to the trace pages: they must be written first.
    traces.finish().await;
    // The run got to its end: the pass's JSON and JUnit files replace the old ones now, whole
    // (a single round's JUnit file is written again once the gate has judged it; the JSON file
    // stays this pass's record).
    if let Some(dir) = &pass.report_dir {
        let results = outcomes.results();
        let report = crate::report::RunReport {
            results: &results,
            cut_short: None,
        };
        if let Err(e) = crate::report::cucumber_json::write(dir, &report) {
            eprintln!("cucumber.json not written: {e}");
        }
        if let Err(e) = crate::report::junit::write(dir, &report) {
            eprintln!("junit.xml not written: {e}");
        }
    }
    if parsing_errors > 0 {
        let why = format!("{parsing_errors} feature file(s) could not be parsed");
        return (Verdict::CouldNotRun(why.into()), outcomes);
    }
    let finished = outcomes.finished();
    if finished == 0 {
        return (
            Verdict::CouldNotRun("no scenario matched the selection".into()),
            outcomes,
        );
    }
    let failures = outcomes.failures();
    let verdict = if execution_has_failed && failures.is_empty() {
        // cucumber saw a failure the after hook did not record: never call that "conforms".
        Verdict::DoesNotConform { failures }
    } else {
        Verdict::of_failures(finished, failures)
    };
    // A round of `--repeat` gets its own page; the run's page, with the final statuses, is
    // written by [`crate::report::write_final`].
    if let (Some(dir), true) = (&pass.report_dir, plan.repeat > 1) {
        crate::report::spec_page::write_living_doc(dir, plan, &outcomes, &verdict);
    }
    (verdict, outcomes)
}

/// How long a failure's artefacts may take (a slow page must not hold the run).
const ARTEFACTS_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);

/// What to say before a failed step's message: trouble with the page (a dialog, a stuck
/// page, a page left) and the widget's uncaught errors; and what state the page is in (a
/// stuck or lost page spoils the browser).
/// A failure of the suite's own (`infrastructure:`) gets no widget errors put before it, so
/// it stays charged to the suite.
async fn failure_context(world: &HerodeskWorld, message: &str) -> (Option<String>, PageCondition) {
    let trouble = world.page_trouble().await;
    if let Some(PageTrouble::Crashed(why)) = &trouble {
        // Whatever the step said (often a wait that ran out), the page was gone under it: the
        // suite's failure until a second try in a new browser says otherwise
        // (`crate::crash_retry`).
        let context = (!crate::error::is_lost_browser(message)).then(|| {
            format!(
                "{}{}: {why}",
                crate::error::INFRASTRUCTURE,
                crate::error::LOST_BROWSER
            )
        });
        return (context, PageCondition::Gone);
    }
    let spoiled = trouble
        .as_ref()
        .is_some_and(PageTrouble::spoils_the_browser);
    let mut parts: Vec<String> = trouble.iter().map(ToString::to_string).collect();
    if trouble.is_none()
        && let Some(meaning) = crate::pages::page_health::explain_driver_words(message)
    {
        parts.push(meaning.to_owned());
    }
    if !spoiled && !message.starts_with(crate::error::INFRASTRUCTURE) {
        let errors = tokio::time::timeout(std::time::Duration::from_secs(5), world.widget_errors())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        if let Some(first) = errors.first() {
            parts.push(format!(
                "the page recorded from the widget: {}",
                first.describe()
            ));
        }
    }
    let page = match trouble {
        Some(PageTrouble::Unresponsive) => PageCondition::Stuck,
        _ if spoiled => PageCondition::Gone,
        _ => PageCondition::Usable,
    };
    ((!parts.is_empty()).then(|| parts.join("; ")), page)
}

/// What breaks I4 in a scenario whose steps passed: the uncaught errors the widget threw into
/// the host page, as the failure's message; `None` when there were none, or when they could
/// not be read (a browser that is gone is not the widget's fault).
async fn widget_error_report(world: &HerodeskWorld) -> Option<String> {
    let errors = world.widget_errors().await.ok()?;
    let first = errors.first()?;
    Some(format!(
        "I4: the widget threw into the host page ({} time(s)); first: {}",
        errors.len(),
        first.describe()
    ))
}
