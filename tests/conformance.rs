//! `cargo test`'s run of the conformance suite: every scenario, in Firefox, Chromium and WebKit
//! (`HERODESK_BROWSER` picks one), against the widget named by `HERODESK_WIDGET` (default: the
//! reference widget), through the main command. Arguments cargo passes to test binaries are
//! ignored; configure with the environment variables of docs/cli.md.
//!
//! The engines run at the same time, one process each, each writing its reports in
//! `target/conformance/<engine>/` (or `HERODESK_REPORT_DIR/<engine>/`): a scenario mostly
//! waits, so three engines side by side take little more than the slowest alone.
//! `HERODESK_ENGINES_AT_ONCE=1` runs them one after the other instead.

use std::{
    path::PathBuf,
    process::{Command, ExitCode},
};

use herodesk_conformance::browser::tether;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");
const ENGINES: [&str; 3] = ["firefox", "chromium", "webkit"];

fn main() -> ExitCode {
    let engines: Vec<String> = match std::env::var("HERODESK_BROWSER") {
        Ok(one) if one != "all" => vec![one],
        _ => ENGINES.iter().map(|e| (*e).to_owned()).collect(),
    };
    let at_once = match std::env::var("HERODESK_ENGINES_AT_ONCE") {
        Err(_) => engines.len(),
        Ok(n) => match n.trim().parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                eprintln!("HERODESK_ENGINES_AT_ONCE: `{n}` is not a number of at least 1");
                return ExitCode::from(2);
            }
        },
    };
    let reports = std::env::var_os("HERODESK_REPORT_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/conformance"),
        PathBuf::from,
    );
    let mut codes = Vec::new();
    for batch in engines.chunks(at_once) {
        let children: Vec<_> = batch
            .iter()
            .map(|engine| {
                let mut command = Command::new(BIN);
                command
                    .env_remove("HERODESK_REPORT_DIR")
                    .env_remove("HERODESK_BROWSER")
                    .args(["--browser", engine])
                    // Engines side by side share the cores: one browser per core each.
                    .args(
                        if batch.len() > 1 && std::env::var_os("HERODESK_CONCURRENCY").is_none() {
                            vec![
                                "--concurrency".to_owned(),
                                herodesk_conformance::plan::options::one_per_core().to_string(),
                            ]
                        } else {
                            Vec::new()
                        },
                    )
                    // A trace is for a person reading a failure; recording one after every
                    // step costs this run about a sixth of its time (docs/measurements.md).
                    // `HERODESK_TRACE` still chooses.
                    .args(if std::env::var_os("HERODESK_TRACE").is_none() {
                        &["--trace", "off"][..]
                    } else {
                        &[]
                    })
                    .arg("--report")
                    .arg(reports.join(engine))
                    // Side by side, their step lines would interleave: the verdicts say it.
                    .args(if batch.len() > 1 {
                        &["--quiet"][..]
                    } else {
                        &[]
                    });
                // Killed with this process, however it ends (its drivers die with it).
                let child = tether::spawn(command);
                (engine, child)
            })
            .collect();
        for (engine, child) in children {
            let code = match child.and_then(|mut c| c.wait()) {
                Ok(status) => status.code().unwrap_or(2),
                Err(e) => {
                    eprintln!("{engine}: cannot run the suite: {e}");
                    2
                }
            };
            println!("{engine}: exit {code}");
            codes.push(code);
        }
    }
    // The worst: could not run (2) over does not conform (1) over conforms (0); a signal's
    // code (130, 143) over all.
    let worst = codes.iter().copied().max().unwrap_or(2);
    ExitCode::from(u8::try_from(worst).unwrap_or(2))
}
