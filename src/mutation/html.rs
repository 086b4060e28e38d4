//! `mutation.html`: the campaign's report as one self-contained page, from the askama template
//! `templates/mutation.html`. askama escapes every value the page shows, so a mutant's code (full
//! of `<`, `&` and quotes) can never become markup; this file only chooses what the page shows.

use askama::Template;

use super::{
    campaign::{MutantResult, Status},
    report::Report,
};

/// One mutant's row, as the page shows it.
struct Row<'a> {
    class: &'static str,
    id: &'a str,
    location: String,
    mutator: &'a str,
    status: &'static str,
    covering: usize,
    scenarios_run: usize,
    original: &'a str,
    replacement: &'a str,
    detail: &'a str,
}

#[derive(Template)]
#[template(path = "mutation.html")]
struct Page<'a> {
    widget: &'a str,
    score: String,
    headline: String,
    score_with_timeouts: Option<String>,
    /// killed, survived, no coverage, timeout, could not run: the columns of the counts table.
    counts: [usize; 5],
    survivors: Vec<Row<'a>>,
    unsettled: Vec<Row<'a>>,
    killed: Vec<Row<'a>>,
}

/// The class a row of `status` gets, for the page's colours.
fn class(status: Status) -> &'static str {
    match status {
        Status::Killed => "killed",
        Status::Survived => "survived",
        Status::NoCoverage => "no-coverage",
        Status::Timeout => "timeout",
        Status::CouldNotRun => "could-not-run",
    }
}

fn rows<'a>(results: impl Iterator<Item = &'a MutantResult>) -> Vec<Row<'a>> {
    results
        .map(|r| Row {
            class: class(r.status),
            id: &r.mutant.id,
            location: r.mutant.location(),
            mutator: &r.mutant.mutator,
            status: r.status.label(),
            covering: r.covering,
            scenarios_run: r.scenarios_run,
            original: &r.mutant.original,
            replacement: &r.mutant.replacement,
            detail: &r.detail,
        })
        .collect()
}

/// The page of `report`; an error only if askama cannot render it.
pub fn render(report: &Report) -> askama::Result<String> {
    let counts = report.counts();
    Page {
        widget: &report.widget,
        score: counts
            .score()
            .map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}%")),
        headline: report.headline(),
        score_with_timeouts: counts.score_with_timeouts().map(|s| format!("{s:.1}%")),
        counts: [
            counts.killed,
            counts.survived,
            counts.no_coverage,
            counts.timeout,
            counts.could_not_run,
        ],
        survivors: rows(report.survivors()),
        unsettled: rows(report.unsettled()),
        killed: rows(report.results.iter().filter(|r| r.status == Status::Killed)),
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutation::schemata::Mutant;

    fn result(id: &str, status: Status, original: &str, replacement: &str) -> MutantResult {
        MutantResult {
            mutant: Mutant {
                id: id.into(),
                mutator: "StringLiteral".into(),
                file: "livechat.js".into(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 9,
                original: original.into(),
                replacement: replacement.into(),
            },
            status,
            detail: "<b>".into(),
            covering: 1,
            scenarios_run: 1,
            seconds: 1.0,
            together: 1,
        }
    }

    fn report(results: Vec<MutantResult>) -> Report {
        Report {
            widget: "<w>.js".into(),
            engine: "chromium".into(),
            mutants_total: results.len(),
            sample: None,
            seed: 1,
            scenarios: 1,
            coverage_pass_seconds: 1.0,
            seconds: 2.0,
            results,
        }
    }

    /// askama writes numeric entities (`&#60;` where the old hand-built page wrote `&lt;`):
    /// the same text in a browser.
    #[test]
    fn code_and_details_are_escaped() {
        let page = render(&report(vec![result(
            "1",
            Status::Survived,
            "'<script>alert(1)</script>' && a",
            "\"x\" & 'y'",
        )]))
        .unwrap();
        for raw in ["<script>", "<w>", "<b>", "&&", "\"x\"", "'y'"] {
            assert!(!page.contains(raw), "{raw} unescaped in {page}");
        }
        assert!(
            page.contains(
                "<pre>&#39;&#60;script&#62;alert(1)&#60;/script&#62;&#39; &#38;&#38; a</pre>"
            ),
            "{page}"
        );
        assert!(
            page.contains("<pre>&#34;x&#34; &#38; &#39;y&#39;</pre>"),
            "{page}"
        );
        assert!(
            page.contains("<title>Mutation testing of &#60;w&#62;.js</title>"),
            "{page}"
        );
        assert!(
            page.contains("<tr class=\"survived\"><td>#1</td><td>livechat.js:1:1</td>"),
            "{page}"
        );
    }

    #[test]
    fn the_page_has_the_score_the_counts_and_each_table() {
        let page = render(&report(vec![
            result("1", Status::Killed, "a", "b"),
            result("2", Status::Timeout, "c", "d"),
        ]))
        .unwrap();
        assert!(page.contains("<p class=\"score\">100.0%</p>"), "{page}");
        assert!(
            page.contains("Counting timeouts as detected, as Stryker does: 100.0%."),
            "{page}"
        );
        assert!(
            page.contains("<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td></tr>"),
            "{page}"
        );
        // no survivor: that table says so; the timeout and the killed mutant are in theirs.
        assert!(
            page.contains("<h2>Survivors</h2><table><tr><th>mutant</th><th>where</th><th>mutator</th><th>status</th><th>scenarios</th><th>original</th><th>mutated</th><th>detail</th></tr><tr><td colspan=\"8\">none</td></tr></table>"),
            "{page}"
        );
        assert!(page.contains("<tr class=\"timeout\"><td>#2</td>"), "{page}");
        assert!(page.contains("<tr class=\"killed\"><td>#1</td>"), "{page}");
    }
}
