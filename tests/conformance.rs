//! `cargo test`'s run of the conformance suite: every scenario, in Firefox, Chromium and WebKit
//! (`HERODESK_BROWSER` picks one), against the widget named by `HERODESK_WIDGET` (default: the
//! reference widget), through the same runner as the main command. Arguments cargo passes to
//! test binaries are ignored; configure with the
//! environment variables of docs/cli.md.

use std::process::ExitCode;

use clap::Parser;
use herodesk_conformance::{cli::Cli, run};

#[tokio::main]
async fn main() -> ExitCode {
    // Every engine unless HERODESK_BROWSER picks one.
    let args: &[&str] = if std::env::var_os("HERODESK_BROWSER").is_some() {
        &["conformance"]
    } else {
        &["conformance", "--browser", "all"]
    };
    let options = match Cli::try_parse_from(args) {
        Ok(cli) => cli.into_options(),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let verdict = run(options).await;
    println!("\n{}", verdict.headline());
    ExitCode::from(verdict.exit_code())
}
