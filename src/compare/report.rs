//! A comparison for people and tools: the console summary, `compare.json` and `compare.html`
//! (an askama template, `templates/compare.html`, which escapes every value).

use std::{collections::BTreeMap, path::Path};

use askama::Template;

use super::diff::{Change, Comparison, RouteDelta, ScenarioDelta};

/// `POST /widget/v1/identify` → `identify`; `GET /widget/v1/conversations/{id}` →
/// `GET conversations/{id}`: the short names the reports use (a method shows when it is not
/// the route's only one).
pub fn short_route(route: &str) -> String {
    let (method, path) = route.split_once(' ').unwrap_or(("", route));
    let path = path.trim_start_matches("/widget/v1/");
    match (method, path) {
        ("POST", "identify") => "identify".into(),
        ("GET", "unread") => "unread polls".into(),
        _ => format!("{method} {path}"),
    }
}

fn delta_text(route: &str, old: usize, new: usize, flagged: bool) -> String {
    format!(
        "{} {old} → {new}{}",
        short_route(route),
        if flagged { " (over the threshold)" } else { "" }
    )
}

/// One traffic difference, as a line.
struct TrafficLine {
    text: String,
    flagged: bool,
}

fn lines_of(routes: &[&RouteDelta]) -> Vec<TrafficLine> {
    routes
        .iter()
        .map(|r| TrafficLine {
            text: delta_text(&r.route, r.old, r.new, r.flagged),
            flagged: r.flagged,
        })
        .collect()
}

struct StatementRow {
    id: String,
    old: &'static str,
    new: &'static str,
    change: &'static str,
    traffic: Vec<TrafficLine>,
}

struct ScenarioRow {
    engine: String,
    name: String,
    specs: String,
    failure: String,
    old: &'static str,
    new: &'static str,
    change: &'static str,
    total: String,
    traffic: Vec<TrafficLine>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct Page<'a> {
    c: &'a Comparison,
    verdict: String,
    statements: Vec<StatementRow>,
    scenarios: Vec<ScenarioRow>,
}

/// Per statement, each route's calls summed over its scenarios (old, new, any flagged).
fn statement_traffic(c: &Comparison, id: &str) -> Vec<TrafficLine> {
    let mut sums: BTreeMap<&str, (usize, usize, bool)> = BTreeMap::new();
    for s in c
        .scenarios
        .iter()
        .filter(|s| s.specs.iter().any(|x| x == id))
    {
        for r in &s.routes {
            let e = sums.entry(&r.route).or_default();
            e.0 += r.old;
            e.1 += r.new;
            e.2 |= r.flagged;
        }
    }
    sums.into_iter()
        .filter(|(_, (o, n, _))| o != n)
        .map(|(route, (o, n, flagged))| TrafficLine {
            text: delta_text(route, o, n, flagged),
            flagged,
        })
        .collect()
}

fn scenario_name(s: &ScenarioDelta) -> String {
    s.key.to_string()
}

/// The verdict's sentence.
pub fn verdict(c: &Comparison) -> String {
    let regressed = c.regressed_statements();
    let flagged = c.flagged_traffic().len();
    match (regressed.is_empty(), flagged) {
        (true, 0) => "VERDICT (comparison): no regression, no traffic over the threshold".into(),
        (false, 0) => format!(
            "VERDICT (comparison): the new build regressed {} statement(s): {}",
            regressed.len(),
            regressed.join(", ")
        ),
        (true, n) => format!(
            "VERDICT (comparison): no statement regressed, but {n} route(s) grew over the traffic threshold"
        ),
        (false, n) => format!(
            "VERDICT (comparison): the new build regressed {} statement(s): {}; and {n} route(s) grew over the traffic threshold",
            regressed.len(),
            regressed.join(", ")
        ),
    }
}

/// The console summary: counts, then every change (statements, scenarios, traffic).
pub fn text(c: &Comparison) -> String {
    let count = |changes: &mut dyn Iterator<Item = Change>| {
        let mut n = [0; 3];
        for ch in changes {
            n[ch as usize] += 1;
        }
        format!("{} regressed, {} fixed, {} unchanged", n[0], n[1], n[2])
    };
    let mut out = format!(
        "Comparison: old {} → new {}\nStatements: {}\n",
        c.old_build,
        c.new_build,
        count(&mut c.statements.iter().map(|s| s.change))
    );
    for s in c
        .statements
        .iter()
        .filter(|s| s.change != Change::Unchanged)
    {
        out.push_str(&format!(
            "  {:<10} {:<4} {} → {}\n",
            s.change.label().to_uppercase(),
            s.id,
            s.old.label(),
            s.new.label()
        ));
    }
    out.push_str(&format!(
        "Scenarios: {}\n",
        count(&mut c.scenarios.iter().map(|s| s.change))
    ));
    for s in c.scenarios.iter().filter(|s| s.change != Change::Unchanged) {
        out.push_str(&format!(
            "  {:<10} [{}] {}  {} → {}{}\n",
            s.change.label().to_uppercase(),
            s.engine,
            scenario_name(s),
            s.old.label(),
            s.new.label(),
            s.new_failure
                .as_ref()
                .map(|f| format!("\n             {f}"))
                .unwrap_or_default()
        ));
    }
    let changed: Vec<&ScenarioDelta> = c
        .scenarios
        .iter()
        .filter(|s| !s.traffic_changes().is_empty())
        .collect();
    out.push_str(&format!(
        "Traffic: {} scenario(s) with different calls, {} route(s) over the threshold (more than ×{} and at least +{})\n",
        changed.len(),
        c.flagged_traffic().len(),
        c.threshold.ratio,
        c.threshold.floor
    ));
    for s in changed {
        let lines: Vec<String> = lines_of(&s.traffic_changes())
            .into_iter()
            .map(|l| l.text)
            .collect();
        out.push_str(&format!(
            "  [{}] {}: {}\n",
            s.engine,
            scenario_name(s),
            lines.join(", ")
        ));
    }
    out.push_str(&verdict(c));
    out
}

/// Writes `compare.json` and `compare.html` into `dir`.
///
/// # Errors
/// An I/O error, or the template failing to render (it does not).
pub fn write(dir: &Path, c: &Comparison) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_string_pretty(c).map_err(std::io::Error::other)?;
    crate::report::file::write(&dir.join("compare.json"), json + "\n")?;
    crate::report::file::write(
        &dir.join("compare.html"),
        html(c).map_err(std::io::Error::other)?,
    )
}

/// The page.
///
/// # Errors
/// askama's, if rendering fails.
pub fn html(c: &Comparison) -> Result<String, askama::Error> {
    let statements = c
        .statements
        .iter()
        .map(|s| StatementRow {
            id: s.id.clone(),
            old: s.old.label(),
            new: s.new.label(),
            change: s.change.label(),
            traffic: statement_traffic(c, &s.id),
        })
        .collect();
    let scenarios = c
        .scenarios
        .iter()
        .map(|s| ScenarioRow {
            engine: s.engine.clone(),
            name: scenario_name(s),
            specs: s.specs.join(", "),
            failure: s.new_failure.clone().unwrap_or_default(),
            old: s.old.label(),
            new: s.new.label(),
            change: s.change.label(),
            total: format!("{} → {}", s.total.0, s.total.1),
            traffic: lines_of(&s.traffic_changes()),
        })
        .collect();
    Page {
        c,
        verdict: verdict(c),
        statements,
        scenarios,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::diff::{Outcome, StatementDelta, Threshold};

    #[test]
    fn the_page_escapes_what_it_shows_and_the_text_names_the_changes() {
        let c = Comparison {
            old_build: "<old>.js".into(),
            new_build: "new.js".into(),
            threshold: Threshold::default(),
            statements: vec![StatementDelta {
                id: "C4".into(),
                old: Outcome::Passed,
                new: Outcome::Failed,
                change: Change::Regressed,
            }],
            scenarios: vec![ScenarioDelta {
                engine: "chromium".into(),
                key: crate::selection::scenario_key::ScenarioKey {
                    feature: "f.feature".into(),
                    scenario: "C4 — <script>".into(),
                    example: Default::default(),
                },
                specs: vec!["C4".into()],
                by_statement: vec![(Outcome::Passed, Outcome::Failed)],
                old: Outcome::Passed,
                new: Outcome::Failed,
                change: Change::Regressed,
                new_failure: Some("expected 0 calls".into()),
                routes: vec![RouteDelta {
                    route: "POST /widget/v1/identify".into(),
                    old: 1,
                    new: 2,
                    flagged: false,
                }],
                total: (1, 2),
            }],
        };
        let page = html(&c).unwrap();
        assert!(page.contains("&#60;old&#62;.js"), "{page}");
        assert!(page.contains("C4 — &#60;script&#62;"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("identify 1 → 2"), "{page}");
        let text = text(&c);
        assert!(text.contains("REGRESSED  C4   passed → failed"), "{text}");
        assert!(text.contains("identify 1 → 2"), "{text}");
        assert!(
            text.ends_with("the new build regressed 1 statement(s): C4"),
            "{text}"
        );
    }
}
