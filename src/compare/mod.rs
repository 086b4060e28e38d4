//! `--compare OLD`: the same selection against the build in production (OLD) and the
//! candidate (`--widget`), in the same engines with the same mock configuration, and what
//! changed: per statement and per scenario (regressed, fixed, unchanged) and the widget's calls
//! per route ([`diff`]), as text, `compare.json` and `compare.html` ([`report`]).
//!
//! Each engine gets one browser pool for both builds (the old one runs first); each build gets
//! its own mock instance, so the two journals never mix. The builds' own reports go to
//! `<report>/old/` and `<report>/new/`.

mod change;
pub mod diff;
pub mod report;
mod threshold;

use std::{path::PathBuf, sync::Arc};

use crate::{
    browser::{BrowserPool, Engine, reaper},
    options::RunOptions,
    outcomes::ScenarioResult,
    runner::run_with_results,
    verdict::Verdict,
};

pub use diff::{Comparison, Threshold};

/// The build to compare against: a file (or a folder holding `livechat.js`) or a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldBuild {
    /// A `livechat.js` on disk.
    Path(PathBuf),
    /// A URL (http or https) to fetch it from.
    Url(String),
}

impl OldBuild {
    /// `http(s)://…` is a URL; anything else a path (a folder means its `livechat.js`).
    pub fn parse(text: &str) -> Self {
        if text.starts_with("http://") || text.starts_with("https://") {
            Self::Url(text.to_owned())
        } else {
            let path = PathBuf::from(text);
            Self::Path(if path.is_dir() {
                path.join("livechat.js")
            } else {
                path
            })
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Path(p) => p.display().to_string(),
            Self::Url(u) => u.clone(),
        }
    }
}

/// How a comparison ended.
#[derive(Debug)]
pub enum Outcome {
    /// Both builds ran: the comparison (exit 0 or 1 by [`Comparison::exit_code`]).
    Compared(Box<Comparison>),
    /// A build could not be run, or a signal stopped the run: that verdict (exit 2, 130, 143).
    Stopped(Verdict),
}

impl Outcome {
    /// The exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Compared(c) => c.exit_code(),
            Self::Stopped(v) => v.exit_code(),
        }
    }
}

/// Runs `options`' selection against `old` and then against `options`' build, per engine, and
/// compares. `--baseline` and `--update-baseline` do not apply: the old build is the baseline.
pub async fn run(options: RunOptions, old: OldBuild, threshold: Threshold) -> Outcome {
    let mut plain = options.clone();
    plain.baseline = None;
    plain.update_baseline = None;
    plain.allow_fixed = false;
    let new_name = plain
        .widget_url
        .clone()
        .unwrap_or_else(|| plain.widget.display().to_string());
    let several = plain.engines.len() > 1;
    let (mut old_runs, mut new_runs) = (Vec::new(), Vec::new());
    for &engine in &plain.engines {
        let mut one = plain.clone();
        one.engines = vec![engine];
        let folder = |side: &str| {
            plain.report_dir.as_ref().map(|d| {
                let d = d.join(side);
                if several { d.join(engine.name()) } else { d }
            })
        };
        let mut old_options = one.clone();
        old_options.report_dir = folder("old");
        match &old {
            OldBuild::Path(p) => {
                old_options.widget = p.clone();
                old_options.widget_url = None;
            }
            OldBuild::Url(u) => old_options.widget_url = Some(u.clone()),
        }
        let mut new_options = one;
        new_options.report_dir = folder("new");
        match both(engine, old_options, new_options).await {
            Ok((o, n)) => {
                old_runs.push((engine, o));
                new_runs.push((engine, n));
            }
            Err(stopped) => return Outcome::Stopped(stopped),
        }
    }
    let comparison = Comparison::of(old.describe(), new_name, threshold, &old_runs, &new_runs);
    if let Some(dir) = &plain.report_dir {
        match report::write(dir, &comparison) {
            Ok(()) => println!(
                "Comparison: {} and {}",
                dir.join("compare.html").display(),
                dir.join("compare.json").display()
            ),
            Err(e) => eprintln!("compare.json / compare.html not written: {e}"),
        }
    }
    Outcome::Compared(Box::new(comparison))
}

/// The old build's results and then the new build's, in `engine`, with one browser pool;
/// the verdict that stopped it when either could not run or a signal came.
async fn both(
    engine: Engine,
    old: RunOptions,
    new: RunOptions,
) -> Result<(Vec<ScenarioResult>, Vec<ScenarioResult>), Verdict> {
    let pool = match BrowserPool::new(engine, old.browser.clone()) {
        Ok(pool) => Arc::new(pool),
        Err(e) => return Err(Verdict::CouldNotRun(e.to_string().into())),
    };
    let mut out = Vec::new();
    for (side, options) in [("old", old), ("new", new)] {
        eprintln!("\n=== {engine}: the {side} build ===");
        let (verdict, _, results) = run_with_results(options, pool.clone()).await;
        println!(
            "{engine}, {side} build: {}",
            verdict.headline().lines().last().unwrap_or_default()
        );
        let stopped = verdict.interruption().is_some()
            || (matches!(verdict, Verdict::CouldNotRun(_)) && results.is_empty());
        if stopped {
            out.clear();
            pool.shutdown().await;
            let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
            reaper::close_remote_sessions().await;
            return Err(verdict.prefixed(&format!("the {side} build: ")));
        }
        out.push(results);
    }
    pool.shutdown().await;
    let _ = tokio::task::spawn_blocking(reaper::terminate_all).await;
    reaper::close_remote_sessions().await;
    let new = out.pop().unwrap_or_default();
    let old = out.pop().unwrap_or_default();
    Ok((old, new))
}
