//! The campaign's result as numbers and text: the mutation score, every survivor with where
//! it is and what it changed, and the same as `mutation.json` for tools.

use std::fmt::Write as _;

use serde::Serialize;

use super::campaign::{MutantResult, Status};

/// How a campaign ran and what became of each mutant it tested.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The widget build the mutants were made of.
    pub widget: String,
    /// The browser engine.
    pub engine: String,
    /// How many mutants Stryker made of the build.
    pub mutants_total: usize,
    /// `--sample N`, when the campaign tested a sample.
    pub sample: Option<usize>,
    /// The sample's seed.
    pub seed: u64,
    /// How many scenarios the coverage pass ran.
    pub scenarios: usize,
    /// The coverage pass's wall time, in seconds.
    pub coverage_pass_seconds: f64,
    /// The whole campaign's wall time (schemata, coverage pass and mutants), in seconds.
    pub seconds: f64,
    /// Every tested mutant, in id order.
    pub results: Vec<MutantResult>,
}

/// The mutants counted by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Killed by a failing scenario.
    pub killed: usize,
    /// Every covering scenario passed.
    pub survived: usize,
    /// No scenario executes them.
    pub no_coverage: usize,
    /// Endless loops or overrunning runs.
    pub timeout: usize,
    /// No verdict.
    pub could_not_run: usize,
}

impl Counts {
    /// The mutation score: killed / (killed + survived + no coverage), in percent; `None`
    /// before any of those. Timeouts and runs without a verdict are left out of it and
    /// reported on their own.
    pub fn score(&self) -> Option<f64> {
        let valid = self.killed + self.survived + self.no_coverage;
        (valid > 0).then(|| 100.0 * self.killed as f64 / valid as f64)
    }

    /// Stryker's own convention, for comparison: a timeout counts as detected.
    pub fn score_with_timeouts(&self) -> Option<f64> {
        let valid = self.killed + self.timeout + self.survived + self.no_coverage;
        (valid > 0).then(|| 100.0 * (self.killed + self.timeout) as f64 / valid as f64)
    }
}

impl Report {
    /// The counts of [`Self::results`].
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.results {
            *match r.status {
                Status::Killed => &mut c.killed,
                Status::Survived => &mut c.survived,
                Status::NoCoverage => &mut c.no_coverage,
                Status::Timeout => &mut c.timeout,
                Status::CouldNotRun => &mut c.could_not_run,
            } += 1;
        }
        c
    }

    /// The survivors (no coverage included), in id order.
    pub fn survivors(&self) -> impl Iterator<Item = &MutantResult> {
        self.results
            .iter()
            .filter(|r| matches!(r.status, Status::Survived | Status::NoCoverage))
    }

    /// The mutants with no verdict and the timeouts, in id order.
    pub fn unsettled(&self) -> impl Iterator<Item = &MutantResult> {
        self.results
            .iter()
            .filter(|r| matches!(r.status, Status::Timeout | Status::CouldNotRun))
    }

    /// The headline: score, counts and time.
    pub fn headline(&self) -> String {
        let c = self.counts();
        let score = c
            .score()
            .map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}%"));
        let tested = match self.sample {
            Some(n) if n < self.mutants_total => {
                format!(
                    "a sample of {} of {} mutants (seed {})",
                    self.results.len(),
                    self.mutants_total,
                    self.seed
                )
            }
            _ => format!("{} of {} mutants", self.results.len(), self.mutants_total),
        };
        format!(
            "Mutation score {score}: {} killed, {} survived, {} with no coverage, {} timeout, \
             {} could not run; {tested}, {} in {}, {:.0} s (coverage pass {:.0} s over {} scenarios)",
            c.killed,
            c.survived,
            c.no_coverage,
            c.timeout,
            c.could_not_run,
            self.widget,
            self.engine,
            self.seconds,
            self.coverage_pass_seconds,
            self.scenarios,
        )
    }

    /// The report as text: the headline, every survivor, then timeouts and runs with no
    /// verdict.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.headline());
        if let Some(s) = self.counts().score_with_timeouts() {
            let _ = writeln!(
                out,
                "(counting timeouts as detected, as Stryker does: {s:.1}%)"
            );
        }
        let mut survivors = self.survivors().peekable();
        if survivors.peek().is_some() {
            let _ = writeln!(out, "\nSurvivors:");
        }
        for r in survivors {
            let _ = writeln!(out, "{}", line(r));
            if !r.detail.is_empty() {
                let _ = writeln!(out, "      {}", r.detail);
            }
        }
        let mut unsettled = self.unsettled().peekable();
        if unsettled.peek().is_some() {
            let _ = writeln!(out, "\nTimeouts and runs with no verdict:");
        }
        for r in unsettled {
            let _ = writeln!(out, "{}\n      {}", line(r), r.detail);
        }
        out
    }
}

/// `  #123 livechat.js:51:12 EqualityOperator (survived, 4 scenarios): a === b → a !== b`.
fn line(r: &MutantResult) -> String {
    format!(
        "  #{} {} {} ({}, {} scenario(s)): {}",
        r.mutant.id,
        r.mutant.location(),
        r.mutant.mutator,
        r.status.label(),
        r.covering,
        r.mutant.change(100)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutation::schemata::Mutant;

    fn result(id: &str, status: Status) -> MutantResult {
        MutantResult {
            mutant: Mutant {
                id: id.into(),
                mutator: "EqualityOperator".into(),
                file: "livechat.js".into(),
                line: 51,
                column: 12,
                end_line: 51,
                end_column: 20,
                original: "a === b".into(),
                replacement: "a !== b".into(),
            },
            status,
            detail: "why".into(),
            covering: 4,
            scenarios_run: 4,
            seconds: 1.0,
            together: 1,
        }
    }

    #[test]
    fn the_score_counts_no_coverage_as_survived_and_leaves_timeouts_out() {
        let report = Report {
            widget: "livechat.js".into(),
            engine: "chromium".into(),
            mutants_total: 10,
            sample: Some(5),
            seed: 1,
            scenarios: 3,
            coverage_pass_seconds: 1.0,
            seconds: 9.0,
            results: vec![
                result("1", Status::Killed),
                result("2", Status::Killed),
                result("3", Status::Survived),
                result("4", Status::NoCoverage),
                result("5", Status::Timeout),
            ],
        };
        let c = report.counts();
        assert_eq!(c.score(), Some(50.0));
        assert_eq!(c.score_with_timeouts(), Some(60.0));
        let text = report.text();
        assert!(text.starts_with("Mutation score 50.0%: 2 killed"), "{text}");
        assert!(
            text.contains("a sample of 5 of 10 mutants (seed 1)"),
            "{text}"
        );
        assert!(
            text.contains(
                "#3 livechat.js:51:12 EqualityOperator (survived, 4 scenario(s)): a === b → a !== b"
            ),
            "{text}"
        );
        assert!(text.contains("#4 livechat.js:51:12"), "{text}");
        assert!(
            text.contains("Timeouts and runs with no verdict:\n  #5"),
            "{text}"
        );
        assert_eq!(report.survivors().count(), 2);
    }
}
