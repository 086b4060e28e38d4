//! The verdict stage: turns a run's scenario results into conforms, does not conform or could
//! not run, and hands the reports and the exit code (0, 1, 2; 130/143 interrupted) that answer.
//!
//! The rules that make it are here; [`Reason`] is what a run that reached no verdict on the
//! widget says instead (a sentence, and the signal when one cut the run short).

mod reason;

pub use self::reason::Reason;
use crate::{
    browser::{Engine, signals::Interruption},
    outcomes::Failure,
};

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every selected scenario passed.
    Conforms {
        /// Scenarios run.
        scenarios: usize,
    },
    /// At least one scenario failed: the widget breaks its promise.
    DoesNotConform {
        /// The scenarios that failed, with the statements they check and what happened.
        failures: Vec<Failure>,
    },
    /// The suite could not run (or not to its end); the reason says how to fix it.
    CouldNotRun(Reason),
}

/// Whether statement `spec` (`B1`, `A3`) is a promise of the widget: every area but A, whose
/// statements are the backend's token endpoint (run with the reference backend, whatever the
/// build). A build that does not load is blamed for these only.
pub fn involves_the_widget(spec: &str) -> bool {
    !spec.starts_with('A')
}

impl Verdict {
    /// The verdict of a run that `signal` interrupted.
    pub fn interrupted(signal: Interruption) -> Self {
        Self::CouldNotRun(Reason::interrupted(signal))
    }

    /// The verdict on `scenarios` scenarios that ran, `failures` of which failed. The rule
    /// written once for a single run and for `--repeat`: a failure of the widget is "does not
    /// conform"; failures that were all the suite's own (a lost browser, a mock that did not
    /// answer) are "could not run", because nothing the widget did failed, and blaming it would
    /// make the verdict untrustworthy; no failure is "conforms".
    pub fn of_failures(scenarios: usize, failures: Vec<Failure>) -> Self {
        if failures.is_empty() {
            Self::Conforms { scenarios }
        } else if failures.iter().all(Failure::is_infrastructure) {
            Self::CouldNotRun(
                format!(
                    "{} scenario(s) failed for reasons of the suite, not the widget:\n{}",
                    failures.len(),
                    failures
                        .iter()
                        .map(|f| format!("  {}", f.line()))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
                .into(),
            )
        } else {
            Self::DoesNotConform { failures }
        }
    }

    /// One verdict for runs in several engines: interrupted if any run was (the rest did not
    /// run); else does not conform if any engine found a failure (each failure names its
    /// engine); else could not run if any engine could not; else conforms.
    pub fn combine(verdicts: Vec<(Engine, Verdict)>) -> Verdict {
        if let Some((engine, stopped)) = verdicts.iter().find(|(_, v)| v.interruption().is_some()) {
            return if verdicts.len() == 1 {
                stopped.clone()
            } else {
                stopped.clone().prefixed(&format!("[{engine}] "))
            };
        }
        if verdicts.len() == 1 {
            return verdicts
                .into_iter()
                .next()
                .map(|(_, v)| v)
                .expect("one verdict");
        }
        let mut failures = Vec::new();
        let mut could_not = Vec::new();
        let mut scenarios = 0;
        let mut conformed = 0;
        for (engine, verdict) in verdicts {
            match verdict {
                Verdict::Conforms { scenarios: n } => {
                    // n may be 0: a baseline's expected failures are not counted as passes.
                    scenarios += n;
                    conformed += 1;
                }
                Verdict::DoesNotConform { failures: f } => {
                    failures.extend(f.into_iter().map(|mut f| {
                        f.scenario = format!("[{engine}] {}", f.scenario);
                        f
                    }));
                }
                Verdict::CouldNotRun(why) => could_not.push(format!("[{engine}] {why}")),
            }
        }
        if !failures.is_empty() {
            Verdict::DoesNotConform { failures }
        } else if !could_not.is_empty() {
            Verdict::CouldNotRun(could_not.join("\n").into())
        } else if conformed == 0 {
            Verdict::CouldNotRun("no engine was selected".into())
        } else {
            Verdict::Conforms { scenarios }
        }
    }

    /// The signal that interrupted the run, if one did.
    pub fn interruption(&self) -> Option<Interruption> {
        match self {
            Self::CouldNotRun(why) => why.interruption(),
            _ => None,
        }
    }

    /// A could-not-run verdict with `prefix` before its reason; others unchanged.
    pub fn prefixed(self, prefix: &str) -> Self {
        match self {
            Self::CouldNotRun(why) => Self::CouldNotRun(why.prefixed(prefix)),
            other => other,
        }
    }

    /// 0 conforms, 1 does not conform, 2 could not run; 130 (SIGINT) or 143 (SIGTERM) when a
    /// signal interrupted the run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Conforms { .. } => 0,
            Self::DoesNotConform { .. } => 1,
            Self::CouldNotRun(why) => why.interruption().map_or(2, Interruption::exit_code),
        }
    }

    /// One line for people (several for a failure: one per failed scenario, then the verdict).
    pub fn headline(&self) -> String {
        match self {
            Self::Conforms { scenarios: 0 } => {
                "VERDICT: nothing to run here (an empty shard); nothing failed".to_owned()
            }
            Self::Conforms { scenarios } => {
                format!("VERDICT: the widget conforms ({scenarios} scenarios passed)")
            }
            Self::DoesNotConform { failures } => {
                let mut specs: Vec<&str> = failures
                    .iter()
                    .flat_map(|f| f.specs.iter().map(String::as_str))
                    .collect();
                specs.sort_unstable();
                specs.dedup();
                let lines: Vec<String> = failures
                    .iter()
                    .map(|f| format!("  ✘ {}", f.line()))
                    .collect();
                format!(
                    "Failed statements: {}\n{}\nVERDICT: the widget does NOT conform ({} of its scenarios failed)",
                    specs.join(", "),
                    lines.join("\n"),
                    failures.len()
                )
            }
            Self::CouldNotRun(why) => format!("VERDICT: the suite could not run: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::INFRASTRUCTURE;

    fn failure(scenario: &str) -> Failure {
        Failure {
            specs: vec!["C4".into()],
            scenario: scenario.into(),
            message: "expected 0 calls, saw 1".into(),
            artefacts: None,
        }
    }

    fn infrastructure_failure(scenario: &str) -> Failure {
        Failure {
            message: format!("{INFRASTRUCTURE}the browser is gone"),
            ..failure(scenario)
        }
    }

    #[test]
    fn with_several_engines_a_failure_in_one_is_does_not_conform_and_names_its_engine() {
        let verdict = Verdict::combine(vec![
            (Engine::Firefox, Verdict::Conforms { scenarios: 67 }),
            (
                Engine::Chromium,
                Verdict::DoesNotConform {
                    failures: vec![failure("C4 — no identify")],
                },
            ),
        ]);
        let Verdict::DoesNotConform { failures } = &verdict else {
            panic!("{verdict:?}");
        };
        assert_eq!(failures[0].scenario, "[chromium] C4 — no identify");
        assert_eq!(verdict.exit_code(), 1);
    }

    #[test]
    fn with_several_engines_could_not_run_beats_conforms_but_not_a_failure() {
        let could_not = Verdict::combine(vec![
            (
                Engine::Firefox,
                Verdict::CouldNotRun("no geckodriver".into()),
            ),
            (Engine::Chromium, Verdict::Conforms { scenarios: 67 }),
        ]);
        assert_eq!(
            could_not,
            Verdict::CouldNotRun("[firefox] no geckodriver".into())
        );
        let failed = Verdict::combine(vec![
            (
                Engine::Firefox,
                Verdict::CouldNotRun("no geckodriver".into()),
            ),
            (
                Engine::Chromium,
                Verdict::DoesNotConform {
                    failures: vec![failure("x")],
                },
            ),
        ]);
        assert_eq!(failed.exit_code(), 1);
        let both = Verdict::combine(vec![
            (Engine::Firefox, Verdict::Conforms { scenarios: 67 }),
            (Engine::Chromium, Verdict::Conforms { scenarios: 67 }),
        ]);
        assert_eq!(both, Verdict::Conforms { scenarios: 134 });
    }

    #[test]
    fn only_infrastructure_failures_is_could_not_run_and_one_widget_failure_is_not() {
        assert_eq!(
            Verdict::of_failures(3, Vec::new()),
            Verdict::Conforms { scenarios: 3 }
        );
        let suite_only = Verdict::of_failures(3, vec![infrastructure_failure("s1")]);
        assert_eq!(suite_only.exit_code(), 2, "{suite_only:?}");
        assert!(
            suite_only
                .headline()
                .contains("1 scenario(s) failed for reasons of the suite, not the widget"),
            "{}",
            suite_only.headline()
        );
        let mixed = Verdict::of_failures(3, vec![infrastructure_failure("s1"), failure("s2")]);
        assert_eq!(mixed.exit_code(), 1, "{mixed:?}");
    }

    #[test]
    fn an_interrupted_run_exits_130_or_143_and_wins_over_every_other_engine() {
        assert_eq!(Verdict::interrupted(Interruption::Sigint).exit_code(), 130);
        assert_eq!(Verdict::interrupted(Interruption::Sigterm).exit_code(), 143);
        let combined = Verdict::combine(vec![
            (
                Engine::Firefox,
                Verdict::DoesNotConform {
                    failures: vec![failure("x")],
                },
            ),
            (Engine::Chromium, Verdict::interrupted(Interruption::Sigint)),
        ]);
        assert_eq!(combined.exit_code(), 130, "{combined:?}");
        assert!(
            combined
                .headline()
                .starts_with("VERDICT: the suite could not run: [chromium] interrupted by SIGINT"),
            "{}",
            combined.headline()
        );
        // A could-not-run that is not an interruption stays exit 2.
        assert_eq!(Verdict::CouldNotRun("no geckodriver".into()).exit_code(), 2);
    }
}
