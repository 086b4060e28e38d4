//! The worker side of [`super::workers`]: `mutation --worker DIR` reads the schemata and the
//! coverage pass from DIR's parent (the build folder), then runs each trial it reads on stdin
//! (a [`Request`], one line of JSON) and answers with one [`RESULT_PREFIX`] line on stdout,
//! until stdin closes.

use std::{path::Path, sync::Arc};

use tokio::io::{AsyncBufReadExt, BufReader};

use super::{
    schemata::Schemata,
    tester::Campaign,
    trial::Request,
    workers::{RESULT_PREFIX, load_baseline},
};
use crate::{
    RunOptions,
    browser::{BrowserPool, reaper},
};

/// Serves mutant ids from stdin with the options of `base` in `dir`; returns the exit code
/// (0, 2 when the build folder is unreadable or no browser starts, the signal's code when
/// interrupted).
pub async fn serve(base: RunOptions, dir: &Path, timeout_factor: f64) -> u8 {
    let Some(build) = dir.parent() else {
        eprintln!("mutation: --worker needs a folder inside the build folder");
        return 2;
    };
    let (schemata, baseline) = match (Schemata::load(build), load_baseline(build)) {
        (Ok(s), Ok(b)) => (s, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("mutation: {e}");
            return 2;
        }
    };
    let Some(&engine) = base.engines.first() else {
        return 2;
    };
    let pool = match BrowserPool::new(engine, base.browser.clone()) {
        Ok(p) => Arc::new(p),
        Err(e) => {
            eprintln!("mutation: {e}");
            return 2;
        }
    };
    let base = crate::plan::RunPlan::new(base);
    let kill_log = super::kill_log::KillLog::in_folder(build);
    let mut campaign = Campaign::new(
        base,
        schemata,
        baseline,
        pool.clone(),
        dir,
        timeout_factor,
        kill_log,
    );
    let mut code = 0;
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let request: Request = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("mutation: not a trial ({e}): {line}");
                continue;
            }
        };
        match campaign.test_together(&request).await {
            Ok(tested) => match serde_json::to_string(&tested) {
                // One line per answer; Rust's stdout is line-buffered, so it goes at once.
                Ok(json) => println!("{RESULT_PREFIX}{json}"),
                Err(e) => eprintln!("mutation: cannot write a trial's results: {e}"),
            },
            Err(interrupted) => {
                code = interrupted.exit_code();
                break;
            }
        }
    }
    pool.shutdown().await;
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    // A remote session left by a batch dropped at its time limit goes back to the Grid.
    reaper::close_remote_sessions().await;
    code
}
