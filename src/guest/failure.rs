//! The failure a scenario gets from the checks made after it (spec I4 and I6–I8).

use super::Breach;

/// The failure a scenario gets from the checks made after it (spec I4 and I6–I8): the
/// statements broken and the message, the guest's breaches first and the step's own failure
/// (`step_failure`, of the scenario's statements `step_specs`) last. After a blocked thread
/// (I6) or a page the widget left or changed (I7) the step's failure is their knock-on and
/// its statements are not named; after a breach of I8 alone (cookies, request rate) it is a
/// failure of its own: a widget that polls ten times a second also fails the poll's own
/// statement. `None` when nothing after the scenario failed (the step's failure, if any, is
/// then recorded as it is).
pub fn after_check_failure(
    breaches: &[Breach],
    widget_error: Option<&str>,
    step_failure: Option<String>,
    step_specs: &[String],
) -> Option<(Vec<String>, String)> {
    // A doubt about I6 is no breach: alone, it is the suite's failure in its own words (exit 2,
    // and a second try); beside a breach or a failed step it is left out.
    let (doubts, breaches): (Vec<Breach>, Vec<Breach>) =
        breaches.iter().cloned().partition(super::is_doubt);
    if let (true, Some(doubt), None, None) = (
        breaches.is_empty(),
        doubts.first(),
        widget_error,
        &step_failure,
    ) {
        return Some((vec![doubt.spec.to_owned()], doubt.words.clone()));
    }
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
    let explains_the_step = breaches.iter().any(|b| matches!(b.spec, "I6" | "I7"));
    match step_failure {
        Some(step) if explains_the_step => {
            lines.push(format!("then a step failed (a knock-on): {step}"));
        }
        Some(step) => {
            for spec in step_specs {
                if !specs.contains(spec) {
                    specs.push(spec.clone());
                }
            }
            lines.push(format!("and a step failed: {step}"));
        }
        None => {}
    }
    Some((specs, lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breach(spec: &'static str) -> Breach {
        Breach {
            spec,
            words: format!("the widget broke {spec}"),
        }
    }

    fn scenario_specs() -> Vec<String> {
        vec!["G3".to_owned()]
    }

    #[test]
    fn a_step_failing_after_a_reload_is_its_knock_on() {
        let (specs, message) = after_check_failure(
            &[breach("I7")],
            None,
            Some("no unread event".into()),
            &scenario_specs(),
        )
        .unwrap();
        assert_eq!(specs, vec!["I7"]);
        assert!(
            message.contains("(a knock-on): no unread event"),
            "{message}"
        );
    }

    #[test]
    fn a_step_failing_beside_a_rate_breach_is_named_too() {
        let (specs, message) = after_check_failure(
            &[breach("I8")],
            None,
            Some("polled 10 times a second".into()),
            &scenario_specs(),
        )
        .unwrap();
        assert_eq!(specs, vec!["I8", "G3"]);
        assert!(message.starts_with("I8: "), "{message}");
        assert!(!message.contains("knock-on"), "{message}");
    }

    #[test]
    fn nothing_after_the_steps_leaves_their_failure_as_it_is() {
        assert_eq!(
            after_check_failure(&[], None, Some("x".into()), &scenario_specs()),
            None
        );
    }
}
