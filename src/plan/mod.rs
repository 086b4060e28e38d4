//! The plan stage: what a run will do, built once from the command line and the environment
//! and read-only from there on; it hands the engine loop an [`EngineRun`] per engine.
//!
//! [`crate::cli`] reads the command line into [`RunOptions`] (what was asked); [`RunPlan`] holds the
//! build ([`Widget`], read or fetched by [`widget_source`]), the selection (the feature files
//! parsed once, [`feature_folders`] for a team's own), the baseline and the engines, and gives
//! each pass of cucumber (a round of `--repeat`, a second try) a [`Pass`]. [`project_files`]
//! finds the files a run reads, in the checkout or embedded in the binary.
//!
//! A run that needs another plan (coverage's instrumented build, `--compare`'s two builds, a
//! mutant) builds one from this one ([`RunPlan::for_build`], [`RunPlan::at_lines`]); nothing
//! patches a plan in place.

pub mod feature_folders;
pub mod options;
pub mod project_files;
mod widget;
pub mod widget_source;

use std::{path::PathBuf, sync::Arc, time::Duration};

pub use self::widget::Widget;
use crate::{
    baseline::Baseline,
    browser::{BrowserConfig, Engine},
    pages::harvest::Harvest,
    plan::options::{MockNetwork, RunOptions},
    selection::{Catalogue, ScenarioId, Selection},
};

/// What a run does, from start to end.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The widget build under test.
    pub widget: Widget,
    /// The folder of `.feature` files.
    pub features: PathBuf,
    /// Every scenario of `features`, read once.
    pub catalogue: Arc<Catalogue>,
    /// The selected scenarios in run order, or why there are none ("no scenario matched …",
    /// a bad tag expression).
    pub selected: Result<Vec<ScenarioId>, String>,
    /// With a `--shard` that holds none of a non-empty selection (more CI shards than
    /// scenarios): the sentence that says so, for a run that passes with empty reports.
    pub empty_shard: Option<String>,
    /// `--baseline`, read and checked against the feature files, or why it cannot be used.
    pub baseline: Result<Option<Arc<Baseline>>, String>,
    /// A known failure that now passes does not fail the gate (`--allow-fixed`).
    pub allow_fixed: bool,
    /// Writes the run's failures as a baseline here (`--update-baseline`).
    pub update_baseline: Option<PathBuf>,
    /// The engines, one after the other.
    pub engines: Vec<Engine>,
    /// How many scenarios (and browsers) run at once.
    pub concurrency: usize,
    /// Browser and driver binaries, or a remote WebDriver endpoint.
    pub browser: BrowserConfig,
    /// Where the mock's two servers listen and the names browsers reach them by.
    pub mock_network: MockNetwork,
    /// Deliberate backend defects (empty except when proving spec-A scenarios can fail).
    pub mock_defects: herodesk_mock::defects::Defects,
    /// The run's report folder; `None` writes no report files.
    pub report_dir: Option<PathBuf>,
    /// How many times every selected scenario runs (`--repeat`).
    pub repeat: usize,
    /// No step-by-step console output.
    pub quiet: bool,
    /// A value read from every page each scenario loads (coverage, mutation testing).
    pub harvest: Option<Arc<Harvest>>,
    /// Measures the build's coverage (`--coverage`, [`crate::coverage`]).
    pub coverage: bool,
    /// Each scenario's deadline (`--scenario-timeout`).
    pub scenario_timeout: Duration,
    /// The whole run's deadline (`--timeout`).
    pub timeout: Option<Duration>,
    /// Stops starting scenarios after the first failure.
    pub fail_fast: bool,
    /// The build is known to load (the mutation campaign's mutants that passed a run
    /// before): no preflight page load ([`crate::preflight`]) before the scenarios.
    pub known_to_load: bool,
    /// Whose clock the host pages follow (`--clock`).
    pub clock: crate::plan::options::ClockMode,
    /// Which scenarios get a trace page (`--trace`).
    pub trace: crate::report::trace::TraceMode,
    /// The selection the plan was made with, for a plan narrowed to some lines.
    selection: Result<Selection, String>,
    /// Keeps `--features`' merged folder ([`crate::plan::feature_folders`]) as long as the plan.
    _merged_features: Option<Arc<tempfile::TempDir>>,
}

impl RunPlan {
    /// The plan of `options`: reads the feature files (once) and the baseline.
    pub fn new(options: RunOptions) -> Self {
        let catalogue = Arc::new(Catalogue::read(&options.features));
        let selection = options.selection();
        let selected = selected_in(&selection, &catalogue, &options.features);
        let empty_shard = match (&selection, options.shard, &selected) {
            (Ok(s), Some(shard), Err(_)) => {
                let all = s.whole().pick(&catalogue).len();
                (all > 0).then(|| {
                    format!(
                        "shard {}/{} holds none of the {all} selected scenarios",
                        shard.index, shard.count
                    )
                })
            }
            _ => None,
        };
        let baseline = options
            .baseline
            .as_deref()
            .map(|p| Baseline::load(p, &catalogue.keys()).map(Arc::new))
            .transpose();
        Self {
            widget: Widget::of(&options.widget, options.widget_url.as_deref()),
            features: options.features,
            catalogue,
            selected,
            empty_shard,
            baseline,
            allow_fixed: options.allow_fixed,
            update_baseline: options.update_baseline,
            engines: options.engines,
            concurrency: options.concurrency,
            browser: options.browser,
            mock_network: options.mock_network,
            mock_defects: options.mock_defects,
            report_dir: options.report_dir,
            repeat: options.repeat,
            quiet: options.quiet,
            harvest: options.harvest,
            coverage: options.coverage,
            scenario_timeout: options.scenario_timeout,
            timeout: options.timeout,
            fail_fast: options.fail_fast,
            known_to_load: false,
            clock: options.clock,
            trace: options.trace,
            selection,
            _merged_features: options.merged_features,
        }
    }

    /// The plan of one run of `widget` in `engine` alone, reports in `report_dir`, harvesting
    /// with `harvest`: what coverage, `--compare` and the mutation campaign run. No coverage
    /// of its own; the selection and the rest are this plan's.
    pub fn for_build(
        &self,
        widget: Widget,
        engine: Engine,
        report_dir: Option<PathBuf>,
        harvest: Option<Arc<Harvest>>,
    ) -> Self {
        Self {
            widget,
            engines: vec![engine],
            report_dir,
            harvest,
            coverage: false,
            ..self.clone()
        }
    }

    /// This plan with no baseline to judge by nor to write (`--compare`: the old build is the
    /// baseline).
    pub fn without_baseline(&self) -> Self {
        Self {
            baseline: Ok(None),
            allow_fixed: false,
            update_baseline: None,
            ..self.clone()
        }
    }

    /// This plan narrowed to the scenarios at `lines` (feature file name, line), from the
    /// feature files already read: the mutation campaign runs a mutant against the scenarios
    /// that execute its code.
    pub fn at_lines(&self, lines: &[(String, usize)]) -> Self {
        let selection = self.selection.clone().map(|s| s.at_lines(Some(lines)));
        Self {
            selected: selected_in(&selection, &self.catalogue, &self.features),
            selection,
            empty_shard: None,
            ..self.clone()
        }
    }

    /// Where `engine`'s reports go: the run's folder, or with several engines a subfolder
    /// named after it.
    pub fn report_dir_of(&self, engine: Engine) -> Option<PathBuf> {
        match self.engines.len() {
            0 | 1 => self.report_dir.clone(),
            _ => self.report_dir.as_ref().map(|d| d.join(engine.name())),
        }
    }

    /// The run of this plan in its first engine alone, with its own report folder and
    /// deadline: a run on a browser pool the caller holds.
    pub fn only_engine(&self) -> EngineRun<'_> {
        EngineRun {
            plan: self,
            engine: self.engines.first().copied().unwrap_or(Engine::Firefox),
            report_dir: self.report_dir.clone(),
            timeout: self.timeout,
        }
    }
}

/// The scenarios `selection` picks in `catalogue` (read from `features`); an empty selection
/// is refused.
fn selected_in(
    selection: &Result<Selection, String>,
    catalogue: &Catalogue,
    features: &std::path::Path,
) -> Result<Vec<ScenarioId>, String> {
    selection
        .as_ref()
        .map_err(Clone::clone)?
        .pick_some(catalogue, features)
}

/// One engine's run of a plan: which engine, where its reports go, and its deadline (what
/// the engines before it left of `--timeout`).
#[derive(Debug, Clone)]
pub struct EngineRun<'a> {
    /// The run's plan.
    pub plan: &'a RunPlan,
    /// The engine.
    pub engine: Engine,
    /// This engine's report folder (the run's, or a subfolder named after the engine).
    pub report_dir: Option<PathBuf>,
    /// This engine's deadline.
    pub timeout: Option<Duration>,
}

impl EngineRun<'_> {
    /// The engine's (first) pass of cucumber.
    pub fn pass(&self) -> Pass<'_> {
        Pass {
            run: self,
            report_dir: self.report_dir.clone(),
            fail_fast: self.plan.fail_fast,
        }
    }
}

/// One pass of cucumber in an engine run: the run itself, a round of `--repeat`, or the
/// second tries of scenarios that lost their browser.
#[derive(Debug, Clone)]
pub struct Pass<'a> {
    /// The engine run it belongs to.
    pub run: &'a EngineRun<'a>,
    /// Where its reports go.
    pub report_dir: Option<PathBuf>,
    /// Stops starting scenarios after its first failure.
    pub fail_fast: bool,
}

impl Pass<'_> {
    /// The run's plan.
    pub fn plan(&self) -> &RunPlan {
        self.run.plan
    }

    /// The same pass with its reports in the subfolder `name` (`round-2`, `retry`).
    pub fn in_folder(&self, name: &str) -> Self {
        Self {
            report_dir: self.report_dir.as_ref().map(|d| d.join(name)),
            ..self.clone()
        }
    }

    /// The same pass, stopping at its first failure or not.
    pub fn stopping_at_first_failure(&self, fail_fast: bool) -> Self {
        Self {
            fail_fast,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::Shard;

    fn features() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.feature"),
            "Feature: a\n  @spec-A1\n  Scenario: one\n    Given x\n\n  @spec-A2\n  Scenario: two\n    Given y\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn the_feature_files_are_read_once_and_a_narrowed_plan_reads_them_no_more() {
        let dir = features();
        let plan = RunPlan::new(RunOptions {
            features: dir.path().to_owned(),
            widget_url: Some("https://cdn.example/livechat.js".into()),
            ..RunOptions::reference()
        });
        let names = |p: &RunPlan| -> Vec<String> {
            p.selected
                .as_ref()
                .map(|s| s.iter().map(|s| s.name.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(names(&plan), ["one", "two"]);
        assert_eq!(
            plan.widget,
            Widget::Url("https://cdn.example/livechat.js".into())
        );
        assert_eq!(plan.catalogue.specs("a.feature", 7), ["A2"]);
        // The files are gone: a plan made from this one still selects from what was read.
        drop(dir);
        let narrowed = plan.at_lines(&[("a.feature".into(), 7)]);
        assert_eq!(names(&narrowed), ["two"]);
        let none = plan.at_lines(&[]);
        assert!(none.selected.unwrap_err().contains("no scenario matched"));
    }

    #[test]
    fn a_shard_beyond_the_selection_is_an_empty_shard_and_a_bad_baseline_is_said() {
        let dir = features();
        let plan = RunPlan::new(RunOptions {
            features: dir.path().to_owned(),
            shard: Some(Shard { index: 3, count: 3 }),
            baseline: Some(dir.path().join("missing.json")),
            ..RunOptions::reference()
        });
        assert!(plan.selected.is_err());
        assert_eq!(
            plan.empty_shard.as_deref(),
            Some("shard 3/3 holds none of the 2 selected scenarios")
        );
        assert!(plan.baseline.is_err());
        assert!(matches!(plan.without_baseline().baseline, Ok(None)));
        let run = plan.for_build(Widget::File("old.js".into()), Engine::Webkit, None, None);
        let engine_run = run.only_engine();
        assert_eq!(engine_run.engine, Engine::Webkit);
        let retry = engine_run.pass().in_folder("retry");
        assert_eq!(retry.report_dir, None);
        assert!(!retry.stopping_at_first_failure(false).fail_fast);
    }
}
