//! Proof that the scenarios can fail: every broken variant of the reference widget is run
//! against the scenarios of the statement it breaks, and must be caught (the run must say
//! "does not conform") by a failure that names that statement. The same scenarios must pass
//! against the reference widget: `tests/conformance.rs` runs them all in every engine in the
//! same `cargo test`; `HERODESK_BREAKAGE_REFERENCE=1` runs them here too (for this test alone,
//! another engine or a held-out manifest).
//!
//! `HERODESK_VARIANTS=C4-identify-every-load,…` runs only those variants;
//! `HERODESK_VARIANTS_MANIFEST=fixtures/heldout/heldout.json` runs another manifest of the same
//! format (the held-out regressions, written from the spec by someone who did not read the
//! features) instead of `fixtures/broken/variants.json`;
//! `HERODESK_BREAKAGE_BROWSER=firefox` runs them in Firefox (default: chromium, about three
//! times faster here; `tests/conformance.rs` runs the whole suite in every engine);
//! `HERODESK_BREAKAGE_WORKERS=N` runs them in N processes at once (default two and a half per
//! core, 5 here: a variant's run mostly waits, so the cores are idle; see `docs/` for the figures).
//!
//! Each variant runs first the scenario that failed it the last time the whole gate ran
//! (`fixtures/broken/variants.first-to-fail.json`, beside its manifest; see
//! `support/first_to_fail.rs`) and the rest of its statement's scenarios only when that one
//! passes; `HERODESK_BREAKAGE_RECORD=1` writes that file anew from the run.

#[path = "support/breakage_work.rs"]
mod breakage_work;
#[path = "support/breakage_workers.rs"]
mod breakage_workers;
#[path = "support/first_to_fail.rs"]
mod first_to_fail;

use std::{collections::BTreeSet, process::ExitCode};

use breakage_work::Setup;
use breakage_workers::{Item, Row};

#[tokio::main]
async fn main() -> ExitCode {
    let setup = match Setup::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // A worker started by the loop below: runs its share and prints one row per item.
    if let Some(items) = breakage_workers::worker_items() {
        return setup.work(&items).await;
    }

    let workers = match std::env::var("HERODESK_BREAKAGE_WORKERS") {
        Err(_) => herodesk_conformance::plan::options::waiting_workers(),
        Ok(n) => match n.trim().parse::<usize>() {
            Ok(n) if (1..=8).contains(&n) => n,
            _ => {
                eprintln!("HERODESK_BREAKAGE_WORKERS: `{n}` is not a number from 1 to 8");
                return ExitCode::from(2);
            }
        },
    };
    let variants: Vec<Item> = setup
        .selected
        .iter()
        .map(|v| Item::Variant(v.name.clone()))
        .collect();
    let specs: BTreeSet<String> = setup
        .selected
        .iter()
        .map(|v| format!("@spec-{}", v.spec))
        .collect();
    // The reference's own run of these scenarios is tests/conformance.rs's (every scenario,
    // every engine, in the same `cargo test`): a failure there fails CI whatever the
    // variants did. Run alone, `HERODESK_BREAKAGE_REFERENCE=1` adds it here, split like the
    // variants so no worker waits for one long item.
    let with_reference = std::env::var("HERODESK_BREAKAGE_REFERENCE").is_ok_and(|v| v == "1");
    let reference: Vec<Item> = if specs.is_empty() || !with_reference {
        Vec::new()
    } else {
        (1..=workers)
            .map(|index| Item::Reference {
                index,
                count: workers,
            })
            .collect()
    };
    let items: Vec<Item> = reference.into_iter().chain(variants).collect();
    let rows = match breakage_workers::run_in_workers(&items, workers) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(code) = rows.iter().find_map(|r| r.interrupted) {
        // Ctrl-C or SIGTERM reached the workers: stop with the signal's code.
        return ExitCode::from(code);
    }
    report(&setup, &rows)
}

/// Prints the table and the kill score; success when every variant was killed and (with
/// `HERODESK_BREAKAGE_REFERENCE=1`) the reference passed its part of every selected statement.
fn report(setup: &Setup, rows: &[Row]) -> ExitCode {
    println!("\nBroken variants:");
    let mut passed = 0;
    for row in rows {
        passed += usize::from(row.ok);
        println!(
            "  {} {:<40} {:<6} {}",
            if row.ok { "✔" } else { "✘" },
            row.name,
            row.spec,
            row.note
        );
    }
    let killed = rows.iter().filter(|r| r.ok && !r.is_reference()).count();
    println!(
        "Kill score: {killed}/{} variants killed",
        setup.selected.len()
    );
    println!("{passed} passed, {} failed", rows.len() - passed);
    if std::env::var("HERODESK_BREAKAGE_RECORD").is_ok_and(|v| v == "1") {
        let ran = rows
            .iter()
            .filter(|r| !r.is_reference())
            .map(|r| (r.name.as_str(), r.killed_by.as_deref()));
        match setup.first_to_fail.record(ran) {
            Ok(path) => println!("The scenarios that failed each variant: {}", path.display()),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if passed == rows.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
