//! `cargo run --release --bin mutation -- [--sample N] [--seed S] [--browser chromium]
//! [--report DIR] [--timeout-factor F] [--workers N] [--mutants IDS] [--tags EXPR]`: mutation
//! testing of the widget build against the conformance suite (see
//! `herodesk_conformance::mutation`).

use std::process::ExitCode;

use clap::Parser;
use herodesk_conformance::mutation::{
    command::{Args, run},
    worker,
};

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(dir) = &args.worker {
        return match args.base_options() {
            Ok(base) => ExitCode::from(worker::serve(base, dir, args.timeout_factor).await),
            Err(stopped) => {
                eprintln!("mutation: {}", stopped.message);
                ExitCode::from(stopped.exit_code)
            }
        };
    }
    match run(args).await {
        Ok(report) => {
            println!("\n{}", report.text());
            ExitCode::SUCCESS
        }
        Err(stopped) => {
            if let Some(report) = &stopped.partial {
                println!("\n{}", report.text());
            }
            eprintln!("mutation: {}", stopped.message);
            ExitCode::from(stopped.exit_code)
        }
    }
}
