//! The failure a scenario gets from the checks made after it (spec I4 and I6–I8).

use super::Breach;

/// The failure a scenario gets from the checks made after it (spec I4 and I6–I8): the
/// statements broken and the message, the guest's breaches first and the step's own failure
/// (`step_failure`) last, as their knock-on. `None` when nothing after the scenario failed
/// (the step's failure, if any, is then recorded as it is).
pub fn after_check_failure(
    breaches: &[Breach],
    widget_error: Option<&str>,
    step_failure: Option<String>,
) -> Option<(Vec<String>, String)> {
    if breaches.is_empty() {
        // I4 alone is charged only to a scenario whose steps passed (as before I6–I8): a
        // failed step says it with the page's errors in its context.
        return match (widget_error, step_failure) {
            (Some(error), None) => Some((vec!["I4".to_owned()], error.to_owned())),
            _ => None,
        };
    }
    let mut specs: Vec<String> = breaches.iter().map(|b| b.spec.to_owned()).collect();
    let mut lines: Vec<String> = breaches
        .iter()
        .map(|b| format!("{}: {}", b.spec, b.words))
        .collect();
    if let Some(error) = widget_error {
        specs.push("I4".to_owned());
        lines.push(error.to_owned());
    }
    if let Some(step) = step_failure {
        lines.push(format!("then a step failed (a knock-on): {step}"));
    }
    Some((specs, lines.join("\n")))
}
