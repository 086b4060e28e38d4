//! The command line and environment of the main command and of `cargo test`'s runner.

use std::path::PathBuf;

use clap::Parser;

use crate::{
    browser::BrowserConfig,
    runner::{RunOptions, default_concurrency, default_report_dir, project_path},
};

/// Runs the Herodesk widget conformance suite and prints a verdict.
///
/// Exit codes: 0 the widget conforms, 1 it does not (a scenario failed), 2 the suite could not
/// run (no browser or driver, widget file missing, …).
#[derive(Debug, Parser)]
#[command(name = "herodesk-conformance", version, about, long_about = None)]
pub struct Cli {
    /// The widget build to test: a livechat.js file (default: the reference widget).
    #[arg(long, env = "HERODESK_WIDGET", value_name = "PATH")]
    pub widget: Option<PathBuf>,
    /// The widget build to test, fetched from a URL (instead of --widget).
    #[arg(
        long,
        env = "HERODESK_WIDGET_URL",
        value_name = "URL",
        conflicts_with = "widget"
    )]
    pub widget_url: Option<String>,
    /// Only scenarios matching this tag expression, e.g. `@spec-C4` or `not @slow`.
    #[arg(long, env = "HERODESK_TAGS", value_name = "EXPR")]
    pub tags: Option<String>,
    /// Only scenarios whose name contains this text.
    #[arg(long, env = "HERODESK_NAME", value_name = "TEXT")]
    pub name: Option<String>,
    /// How many scenarios (and browsers) run at once (default: one per core).
    #[arg(long, env = "HERODESK_CONCURRENCY", value_name = "N")]
    pub concurrency: Option<usize>,
    /// The geckodriver binary.
    #[arg(
        long,
        env = "HERODESK_GECKODRIVER",
        default_value = "geckodriver",
        value_name = "PATH"
    )]
    pub geckodriver: PathBuf,
    /// The Firefox binary (default: the one geckodriver finds on PATH).
    #[arg(long, env = "HERODESK_FIREFOX", value_name = "PATH")]
    pub firefox: Option<PathBuf>,
    /// Where the reports go: junit.xml, cucumber.json (default: target/conformance).
    #[arg(long, env = "HERODESK_REPORT_DIR", value_name = "DIR")]
    pub report: Option<PathBuf>,
}

impl Cli {
    /// The run these options ask for.
    pub fn into_options(self) -> RunOptions {
        let widget = self
            .widget
            .map(|p| if p.is_dir() { p.join("livechat.js") } else { p })
            .unwrap_or_else(|| project_path("fixtures/widget/livechat.js"));
        RunOptions {
            widget,
            widget_url: self.widget_url,
            tags: self.tags,
            name: self.name,
            concurrency: self.concurrency.unwrap_or_else(default_concurrency),
            browser: BrowserConfig {
                geckodriver: self.geckodriver,
                firefox: self.firefox,
            },
            features: project_path("features"),
            mock_defects: Default::default(),
            report_dir: Some(self.report.unwrap_or_else(default_report_dir)),
        }
    }
}
