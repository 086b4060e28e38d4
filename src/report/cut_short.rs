//! The results, and so the reports, of runs that cucumber did not take to their end: a build
//! that did not load (the preflight failed: every selected scenario failed with the cause), a
//! run cut short by Ctrl-C, SIGTERM or `--timeout` (finished scenarios as they ended, the
//! others not run, and the run's own entry saying why), and a CI shard with nothing to run
//! (valid empty reports). `junit.xml` and `cucumber.json` are written whole or not at all
//! ([`super::file`]), so CI always reads a valid file that says what happened.

use std::{collections::BTreeMap, path::Path, sync::Arc};

use super::RunReport;
use crate::{
    browser::signals::Interruption,
    outcomes::status::Status,
    outcomes::{Failure, Outcomes, ScenarioResult},
    plan::EngineRun,
    selection::Catalogue,
    selection::ScenarioId,
    verdict::Verdict,
};

/// Fails every one of `scenarios` with `cause` and writes the reports.
pub fn fail_all(
    run: &EngineRun<'_>,
    scenarios: &[ScenarioId],
    cause: &str,
) -> (Verdict, Arc<Outcomes>) {
    let outcomes = Arc::new(Outcomes::new(scenarios.len(), false));
    let specs = &run.plan.catalogue;
    let message = format!("the build did not load: {cause}");
    // A bad guest's breach (`I6: …`) is charged to its statement, not to every scenario's.
    let breached = crate::guest::statement_of(cause);
    for s in scenarios {
        let mut result = unrun(s, specs, Status::Failed);
        result.failure = Some(Failure {
            specs: match breached {
                Some(spec) => vec![spec.to_owned()],
                None => result.specs.clone(),
            },
            scenario: s.name.clone(),
            message: message.clone(),
            artefacts: None,
        });
        outcomes.push_result(result);
    }
    let verdict = Verdict::DoesNotConform {
        failures: outcomes.failures(),
    };
    if let Some(dir) = &run.report_dir {
        write_reports(
            dir,
            &RunReport {
                results: &outcomes.results(),
                cut_short: None,
            },
        );
    }
    (verdict, outcomes)
}

/// The reports of a run that `signal` cut short: each selected scenario as it ended (from the
/// pass in progress, [`crate::outcomes::in_progress`]) or "not run", and a failed entry
/// saying the run was interrupted, so CI reads neither a pass nor an empty file.
pub fn write_interrupted(run: &EngineRun<'_>, signal: Interruption) {
    write_cut_short(run, &format!("interrupted by {signal}"));
}

/// The reports of a run cut short for `why` ("interrupted by SIGINT (Ctrl-C)", "stopped at
/// its --timeout of 60 s"), as [`write_interrupted`] writes them.
pub fn write_cut_short(run: &EngineRun<'_>, why: &str) {
    let Some(dir) = &run.report_dir else {
        return;
    };
    let selected = run.plan.selected.as_deref().unwrap_or_default();
    let mut finished: BTreeMap<(String, usize), ScenarioResult> = crate::outcomes::in_progress()
        .map(|o| o.results())
        .unwrap_or_default()
        .into_iter()
        .map(|r| ((r.file.clone(), r.line), r))
        .collect();
    let specs = &run.plan.catalogue;
    let not_run = Status::NotRun {
        why: format!("not run: the run was {why}"),
    };
    let results: Vec<ScenarioResult> = selected
        .iter()
        .map(|s| {
            finished
                .remove(&(s.file.clone(), s.line))
                .unwrap_or_else(|| unrun(s, specs, not_run.clone()))
        })
        .collect();
    let done = results
        .iter()
        .filter(|r| !matches!(r.status, Status::NotRun { .. }))
        .count();
    let note = format!(
        "the run was {why}: {done} of {} scenarios finished",
        results.len()
    );
    write_reports(
        dir,
        &RunReport {
            results: &results,
            cut_short: Some(&note),
        },
    );
}

/// Valid reports with no scenario in them (a CI shard that holds none of the selection).
pub fn write_empty(dir: &Path) {
    write_reports(
        dir,
        &RunReport {
            results: &[],
            cut_short: None,
        },
    );
}

/// The result of `s`, which did not run: `status`, with its statements from `specs`.
fn unrun(s: &ScenarioId, specs: &Catalogue, status: Status) -> ScenarioResult {
    ScenarioResult {
        file: s.file.clone(),
        line: s.line,
        name: s.name.clone(),
        failure: None,
        specs: specs.specs(&s.file, s.line),
        key: s.key.clone(),
        status,
        calls: Default::default(),
        transcript: None,
        retry: None,
        trace: None,
    }
}

/// Writes `junit.xml` and `cucumber.json` of `report` into `dir`.
fn write_reports(dir: &Path, report: &RunReport) {
    let written =
        super::junit::write(dir, report).and_then(|()| super::cucumber_json::write(dir, report));
    if let Err(e) = written {
        eprintln!("reports not written in {}: {e}", dir.display());
    }
}
