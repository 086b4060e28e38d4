//! `cargo run --release -- [OPTIONS]`: the conformance suite against a widget build, with a
//! verdict and an exit code (0 conforms, 1 does not, 2 could not run).

use std::process::ExitCode;

use clap::Parser;
use herodesk_conformance::{
    cli::{Cli, Command, ListFormat},
    compare,
    plan::RunPlan,
    plan::options::project_path,
    report, run,
    spec::step_catalogue,
};

#[tokio::main]
async fn main() -> ExitCode {
    let (command, options) = Cli::parse().into_command();
    match command {
        Command::Run => {
            let verdict = run(options).await;
            println!("\n{}", verdict.headline());
            ExitCode::from(verdict.exit_code())
        }
        Command::Compare { old, threshold } => {
            if let Err(why) = step_catalogue::check_features(&options.features) {
                eprintln!("{why}");
                return ExitCode::from(2);
            }
            let outcome = compare::run(RunPlan::new(options), old, threshold).await;
            match &outcome {
                compare::Outcome::Compared(c) => println!("\n{}", compare::report::text(c)),
                compare::Outcome::Stopped(v) => println!("\n{}", v.headline()),
            }
            ExitCode::from(outcome.exit_code())
        }
        Command::Refused(why) => {
            eprintln!(
                "{}",
                herodesk_conformance::Verdict::CouldNotRun(why.into()).headline()
            );
            ExitCode::from(2)
        }
        Command::ListSteps(format) => {
            let steps = step_catalogue::catalogue(&project_path("features"));
            match format {
                ListFormat::Text => print!("{}", step_catalogue::text(&steps)),
                ListFormat::Markdown => print!("{}", step_catalogue::markdown(&steps)),
            }
            ExitCode::SUCCESS
        }
        Command::List => list(RunPlan::new(options)),
        Command::MergeJunit { out, inputs } => match report::merge::merge_files(&out, &inputs) {
            Ok(n) => {
                println!("merged {n} JUnit file(s) into {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        },
    }
}

/// `--list`: the selected scenarios, one a line, and how many (exit 2 when there are none;
/// 0 for a shard that holds none of them).
fn list(plan: RunPlan) -> ExitCode {
    if let Some(none) = &plan.empty_shard {
        eprintln!("{none}");
        return ExitCode::SUCCESS;
    }
    match plan.selected {
        Ok(scenarios) => {
            for s in &scenarios {
                println!("{s}");
            }
            eprintln!("{} scenario(s) selected", scenarios.len());
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("{why}");
            ExitCode::from(2)
        }
    }
}
