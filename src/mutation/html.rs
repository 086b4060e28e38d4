//! `mutation.html`: the campaign's report as one self-contained page. Markup can only come
//! from `&'static str` literals of this file and every value from the campaign goes through
//! [`escape_html`], so a mutant's code (full of `<`, `&` and quotes) can never become markup.

use herodesk_mock::site::host_page::escape_html;

use super::{
    campaign::{MutantResult, Status},
    report::Report,
};

/// An HTML document under construction: static markup and escaped text, nothing else.
struct Html(String);

impl Html {
    /// Markup written in this file (a `'static` literal, never text from elsewhere).
    fn tag(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped.
    fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&escape_html(text));
        self
    }

    /// `open`, the escaped `text`, `close`.
    fn wrap(&mut self, open: &'static str, text: &str, close: &'static str) -> &mut Self {
        self.tag(open).text(text).tag(close)
    }
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}table{border-collapse:collapse;width:100%;margin:1em 0}\
th,td{border:1px solid #ccd;padding:4px 6px;vertical-align:top;text-align:left}\
th{background:#f0f2f8}pre{margin:0;white-space:pre-wrap;max-height:12em;overflow:auto;\
font:12px/1.35 ui-monospace,monospace}.survived,.no-coverage{background:#fff0f0}\
.timeout,.could-not-run{background:#fffbe6}.killed{background:#f0fff0}\
.score{font-size:2em;font-weight:bold}";

/// The class a row of `status` gets (a `'static` name, so it can stand in markup).
fn class(status: Status) -> &'static str {
    match status {
        Status::Killed => "<tr class=\"killed\">",
        Status::Survived => "<tr class=\"survived\">",
        Status::NoCoverage => "<tr class=\"no-coverage\">",
        Status::Timeout => "<tr class=\"timeout\">",
        Status::CouldNotRun => "<tr class=\"could-not-run\">",
    }
}

/// The page of `report`.
pub fn render(report: &Report) -> String {
    let mut h = Html(String::new());
    h.tag("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .text(&format!("Mutation testing of {}", report.widget))
        .tag("</title><style>")
        .tag(STYLE)
        .tag("</style></head><body>")
        .wrap(
            "<h1>",
            &format!("Mutation testing of {}", report.widget),
            "</h1>",
        );
    let counts = report.counts();
    let score = counts
        .score()
        .map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}%"));
    h.wrap("<p class=\"score\">", &score, "</p>")
        .wrap("<p>", &report.headline(), "</p>");
    if let Some(s) = counts.score_with_timeouts() {
        h.wrap(
            "<p>",
            &format!("Counting timeouts as detected, as Stryker does: {s:.1}%."),
            "</p>",
        );
    }
    h.tag("<table><tr><th>killed</th><th>survived</th><th>no coverage</th><th>timeout</th><th>could not run</th></tr><tr>");
    for n in [
        counts.killed,
        counts.survived,
        counts.no_coverage,
        counts.timeout,
        counts.could_not_run,
    ] {
        h.wrap("<td>", &n.to_string(), "</td>");
    }
    h.tag("</tr></table>");

    h.tag("<h2>Survivors</h2>");
    table(&mut h, report.survivors());
    h.tag("<h2>Timeouts and runs with no verdict</h2>");
    table(&mut h, report.unsettled());
    h.tag("<details><summary>Killed mutants, with the scenario that killed each</summary>");
    table(
        &mut h,
        report.results.iter().filter(|r| r.status == Status::Killed),
    );
    h.tag("</details></body></html>\n");
    h.0
}

fn table<'a>(h: &mut Html, rows: impl Iterator<Item = &'a MutantResult>) {
    h.tag("<table><tr><th>mutant</th><th>where</th><th>mutator</th><th>status</th><th>scenarios</th><th>original</th><th>mutated</th><th>detail</th></tr>");
    let mut any = false;
    for r in rows {
        any = true;
        let m = &r.mutant;
        h.tag(class(r.status))
            .wrap("<td>#", &m.id, "</td>")
            .wrap("<td>", &m.location(), "</td>")
            .wrap("<td>", &m.mutator, "</td>")
            .wrap("<td>", r.status.label(), "</td>")
            .wrap(
                "<td>",
                &format!("{} covering, {} run", r.covering, r.scenarios_run),
                "</td>",
            )
            .wrap("<td><pre>", &m.original, "</pre></td>")
            .wrap("<td><pre>", &m.replacement, "</pre></td>")
            .wrap("<td>", &r.detail, "</td>")
            .tag("</tr>");
    }
    if !any {
        h.tag("<tr><td colspan=\"8\">none</td></tr>");
    }
    h.tag("</table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutation::schemata::Mutant;

    #[test]
    fn code_and_details_are_escaped() {
        let report = Report {
            widget: "<w>.js".into(),
            engine: "chromium".into(),
            mutants_total: 1,
            sample: None,
            seed: 1,
            scenarios: 1,
            coverage_pass_seconds: 1.0,
            seconds: 2.0,
            results: vec![MutantResult {
                mutant: Mutant {
                    id: "1".into(),
                    mutator: "StringLiteral".into(),
                    file: "livechat.js".into(),
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 9,
                    original: "'<script>alert(1)</script>' && a".into(),
                    replacement: "\"\"".into(),
                },
                status: Status::Survived,
                detail: "<b>".into(),
                covering: 1,
                scenarios_run: 1,
                seconds: 1.0,
            }],
        };
        let page = render(&report);
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("<w>"), "{page}");
        assert!(!page.contains("<b>"), "{page}");
        assert!(page.contains("&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; &amp;&amp; a"));
        assert!(
            page.contains("<tr class=\"survived\"><td>#1</td>"),
            "{page}"
        );
    }
}
