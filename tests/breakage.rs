//! Proof that the scenarios can fail: every broken variant of the reference widget is run
//! against the scenarios of the statement it breaks, and must be caught (the run must say
//! "does not conform"). The same scenarios must pass against the reference widget.
//!
//! `HERODESK_VARIANTS=C4-identify-every-load,…` runs only those variants;
//! `HERODESK_VARIANTS_MANIFEST=fixtures/heldout/heldout.json` runs another manifest of the same
//! format (the held-out regressions, written from the spec by someone who did not read the
//! features) instead of `fixtures/broken/variants.json`;
//! `HERODESK_BREAKAGE_BROWSER=firefox` runs them in Firefox (default: chromium, about three
//! times faster here; `tests/conformance.rs` runs the whole suite in both engines).

use std::{collections::BTreeSet, process::ExitCode};

use std::sync::Arc;

use herodesk_conformance::{
    RunOptions, Verdict,
    browser::{BrowserPool, Engines, reaper},
    runner::run_with_pool,
    variants,
};

#[tokio::main]
async fn main() -> ExitCode {
    // A relative path is the project's, so the command works from any folder.
    let manifest = std::env::var("HERODESK_VARIANTS_MANIFEST")
        .map(|p| herodesk_conformance::runner::project_path(&p))
        .unwrap_or_else(|_| variants::manifest_path());
    let all = match variants::load(&manifest) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let only: Option<BTreeSet<String>> = std::env::var("HERODESK_VARIANTS")
        .ok()
        .map(|s| s.split(',').map(|n| n.trim().to_owned()).collect());
    let selected: Vec<_> = all
        .into_iter()
        .filter(|v| only.as_ref().is_none_or(|o| o.contains(&v.name)))
        .collect();

    let reference_path = herodesk_conformance::runner::project_path("fixtures/widget/livechat.js");
    let reference = match std::fs::read_to_string(&reference_path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read the reference widget: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot create a temporary folder: {e}");
            return ExitCode::from(2);
        }
    };

    // One pool for every run: browsers are reset between scenarios, so a fresh Firefox per
    // run would only cost time.
    let engine = match std::env::var("HERODESK_BREAKAGE_BROWSER")
        .unwrap_or_else(|_| "chromium".into())
        .parse::<Engines>()
    {
        Ok(e) => e.list()[0],
        Err(e) => {
            eprintln!("HERODESK_BREAKAGE_BROWSER: {e}");
            return ExitCode::from(2);
        }
    };
    let pool = match BrowserPool::new(engine, RunOptions::reference().browser) {
        Ok(p) => Arc::new(p),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut rows = Vec::new();
    for variant in &selected {
        let outcome = match variant.apply(&reference) {
            Err(e) => Err(e.to_string()),
            Ok(source) => {
                let path = dir.path().join(format!("{}.js", variant.name));
                match std::fs::write(&path, source) {
                    Err(e) => Err(e.to_string()),
                    Ok(()) => match variant.mock_defects() {
                        Err(e) => Err(e.to_string()),
                        Ok(mock_defects) => {
                            let mut options = RunOptions::reference();
                            options.widget = path;
                            options.tags = Some(format!("@spec-{}", variant.spec));
                            options.mock_defects = mock_defects;
                            // Only the verdicts matter here; the steps would bury them.
                            options.quiet = true;
                            Ok(run_with_pool(options, pool.clone()).await)
                        }
                    },
                }
            }
        };
        let outcome_verdict = outcome.clone();
        let (killed, note) = match outcome {
            // Caught, and by a failure that names the variant's own statement: the verdict
            // points the widget's developers at what they broke.
            Ok(Verdict::DoesNotConform { failures })
                if failures.iter().any(|f| f.specs.contains(&variant.spec)) =>
            {
                (true, "killed".to_owned())
            }
            Ok(Verdict::DoesNotConform { failures }) => {
                let named: BTreeSet<&String> = failures.iter().flat_map(|f| &f.specs).collect();
                (
                    false,
                    format!(
                        "caught, but the verdict names {named:?}, not {}",
                        variant.spec
                    ),
                )
            }
            Ok(Verdict::Conforms { .. }) => (false, "SURVIVED: its scenarios passed".to_owned()),
            Ok(Verdict::CouldNotRun(why)) => (false, format!("could not run: {why}")),
            Err(e) => (false, format!("could not build: {e}")),
        };
        if let Ok(verdict) = &outcome_verdict
            && verdict.interruption().is_some()
        {
            // Ctrl-C or SIGTERM: the browsers are gone; stop here with the signal's code.
            pool.shutdown().await;
            return ExitCode::from(verdict.exit_code());
        }
        eprintln!("variant {} ({}): {note}", variant.name, variant.spec);
        rows.push((variant.name.clone(), variant.spec.clone(), killed, note));
    }

    // The same scenarios against the reference widget: they must pass, or a "kill" above
    // would prove nothing.
    let specs: BTreeSet<String> = selected
        .iter()
        .map(|v| format!("@spec-{}", v.spec))
        .collect();
    let mut reference_ok = true;
    if !specs.is_empty() {
        let mut options = RunOptions::reference();
        options.tags = Some(specs.into_iter().collect::<Vec<_>>().join(" or "));
        options.quiet = true;
        let verdict = run_with_pool(options, pool.clone()).await;
        reference_ok = matches!(verdict, Verdict::Conforms { .. });
        rows.push((
            "reference widget".into(),
            "all of the above".into(),
            reference_ok,
            verdict.headline(),
        ));
    }

    pool.shutdown().await;
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;

    println!("\nBroken variants:");
    for (name, spec, ok, note) in &rows {
        println!(
            "  {} {name:<40} {spec:<6} {note}",
            if *ok { "✔" } else { "✘" }
        );
    }
    let killed =
        rows.iter().filter(|r| r.2).count() - usize::from(reference_ok && !selected.is_empty());
    println!("Kill score: {killed}/{} variants killed", selected.len());
    let passed = rows.iter().filter(|r| r.2).count();
    println!("{passed} passed, {} failed", rows.len() - passed);
    if passed == rows.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
