//! `cargo run --release -- [OPTIONS]`: the conformance suite against a widget build, with a
//! verdict and an exit code (0 conforms, 1 does not, 2 could not run).

use std::process::ExitCode;

use clap::Parser;
use herodesk_conformance::{cli::Cli, run};

#[tokio::main]
async fn main() -> ExitCode {
    let options = Cli::parse().into_options();
    let verdict = run(options).await;
    println!("\n{}", verdict.headline());
    ExitCode::from(verdict.exit_code())
}
