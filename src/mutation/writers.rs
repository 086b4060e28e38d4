//! The campaign's three reports, written side by side: the text ([`Report::text`]), the page
//! ([`super::html`]) and the JSON of the whole [`Report`].

use super::report::Report;

/// Writes `mutation.txt`, `mutation.html` and `mutation.json` into `dir`.
///
/// # Errors
/// A sentence naming the file that could not be rendered or written.
pub fn write_all(report: &Report, dir: &std::path::Path) -> Result<(), String> {
    let write = |name: &str, text: String| {
        crate::report::file::write(&dir.join(name), text)
            .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
    };
    write("mutation.txt", report.text())?;
    let page =
        super::html::render(report).map_err(|e| format!("cannot render mutation.html: {e}"))?;
    write("mutation.html", page)?;
    let json = serde_json::json!({
            "counts": report.counts(),
            "score": report.counts().score(),
            "report": report,
    });
    write(
        "mutation.json",
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    )
}
