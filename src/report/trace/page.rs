//! The trace page: one self-contained HTML file (askama template `templates/trace.html`,
//! screenshots inline as base64 PNG) with the scenario's hooks and steps on one timeline,
//! each with the journal calls that arrived while it ran, the console lines and page errors
//! it caused, its screenshot and the cookies before and after it. Written whole or not at
//! all ([`crate::report::file`]).

use std::{io, time::SystemTime};

use askama::Template;
use base64::Engine as _;

use super::{Handover, body, recorder::Snapshot, writer::StepLine};
use crate::{backend::Entry, outcomes::StepStatus};

/// The page as the template reads it.
#[derive(Template)]
#[template(path = "trace.html")]
struct Page<'a> {
    h: &'a Handover,
    outcome: &'static str,
    started: String,
    duration: String,
    calls: usize,
    console: usize,
    rows: Vec<Row>,
    /// Why the journal could not be read, if it could not.
    journal_error: Option<String>,
}

/// One hook or step of the timeline, with what happened while it ran.
struct Row {
    /// Seconds since the scenario started, `+1.234 s`; empty for a step that did not run.
    at: String,
    took: String,
    status: &'static str,
    text: String,
    error: Option<String>,
    calls: Vec<CallView>,
    console: Vec<String>,
    errors: Vec<String>,
    /// The screenshot after the step: a data URI, or which earlier row's it repeats, or why
    /// there is none; `None` for a hook.
    shot: Option<Shot>,
    cookies_before: Vec<String>,
    cookies_after: Vec<String>,
}

enum Shot {
    Image { id: usize, uri: String },
    Same { id: usize },
    Missing(String),
}

struct CallView {
    at: String,
    route: String,
    status: String,
    server: String,
    headers: Vec<String>,
    fields: Vec<String>,
}

/// Writes `h`'s page with `steps` (as cucumber saw them) at `h.path`.
///
/// # Errors
/// Making the folder or writing the file.
pub fn write(h: &Handover, steps: &[StepLine]) -> io::Result<()> {
    let html = render(h, steps).map_err(io::Error::other)?;
    if let Some(dir) = h.path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::report::file::write(&h.path, html)
}

/// The page's HTML.
///
/// # Errors
/// The template failing to render (it does not).
pub fn render(h: &Handover, steps: &[StepLine]) -> Result<String, askama::Error> {
    let start = steps.first().map_or(SystemTime::now(), |s| s.started);
    let end = steps.iter().map(|s| s.ended).max().unwrap_or(start);
    let offset = |t: SystemTime| {
        let ms = t.duration_since(start).map_or(0, |d| d.as_millis());
        format!("+{}.{:03} s", ms / 1000, ms % 1000)
    };
    let journal = h.journal.as_deref().unwrap_or_default();
    let mut rows: Vec<Row> = steps.iter().map(|s| row(s, &offset)).collect();
    // Each call goes to the last hook or step that had started when the call arrived.
    for entry in journal {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(entry.at_ms);
        let index = steps
            .iter()
            .rposition(|s| s.status != StepStatus::Skipped && s.started <= at)
            .unwrap_or(0);
        if let Some(row) = rows.get_mut(index) {
            row.calls.push(call(entry, offset(at)));
        }
    }
    let mut previous: Option<(&[u8], usize)> = None;
    for (id, (row, step)) in rows.iter_mut().zip(steps).enumerate() {
        let Some(snapshot) = snapshot_of(h, step) else {
            continue;
        };
        row.console = snapshot
            .console
            .iter()
            .map(|l| format!("[{}] {}", l.level, l.text))
            .collect();
        row.errors = snapshot.errors.iter().map(|e| e.describe()).collect();
        row.cookies_before = jar(&snapshot.cookies_before);
        row.cookies_after = jar(&snapshot.cookies_after);
        row.shot = Some(match (&snapshot.screenshot, previous) {
            // An unchanged page is not embedded twice: the page shows the earlier image.
            (Ok(png), Some((last, first))) if last == png.as_slice() => Shot::Same { id: first },
            (Ok(png), _) => {
                previous = Some((png.as_slice(), id));
                Shot::Image {
                    id,
                    uri: format!(
                        "data:image/png;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(png)
                    ),
                }
            }
            (Err(why), _) => Shot::Missing(why.clone()),
        });
    }
    Page {
        h,
        outcome: if h.failure.is_some() {
            "failed"
        } else {
            "passed"
        },
        started: crate::spec::human_time::human(start.into()),
        duration: format!(
            "{:.3} s",
            end.duration_since(start).unwrap_or_default().as_secs_f64()
        ),
        calls: journal.len(),
        console: rows.iter().map(|r| r.console.len()).sum(),
        rows,
        journal_error: h.journal.as_ref().err().cloned(),
    }
    .render()
}

/// The snapshot taken after `step` (by its line); hooks have none.
fn snapshot_of<'a>(h: &'a Handover, step: &StepLine) -> Option<&'a Snapshot> {
    let line = step.line?;
    h.snapshots.iter().rev().find(|s| s.line == line)
}

fn row(s: &StepLine, offset: &impl Fn(SystemTime) -> String) -> Row {
    let ran = s.status != StepStatus::Skipped;
    Row {
        at: if ran {
            offset(s.started)
        } else {
            String::new()
        },
        took: if ran {
            format!(
                "{:.3} s",
                s.ended
                    .duration_since(s.started)
                    .unwrap_or_default()
                    .as_secs_f64()
            )
        } else {
            "not run".to_owned()
        },
        status: s.status.word(),
        text: s.text.clone(),
        error: s.error.clone(),
        calls: Vec::new(),
        console: Vec::new(),
        errors: Vec::new(),
        shot: None,
        cookies_before: Vec::new(),
        cookies_after: Vec::new(),
    }
}

fn call(e: &Entry, at: String) -> CallView {
    CallView {
        at,
        route: e.route.clone(),
        status: match (e.status, e.in_flight, &e.fault) {
            (_, true, _) => "in flight".to_owned(),
            (0, _, _) => "dropped".to_owned(),
            (s, _, Some(fault)) => format!("{s} (fault: {fault})"),
            (s, _, None) => s.to_string(),
        },
        server: e.server.clone(),
        headers: body::headers(e),
        fields: body::fields(e),
    }
}

fn jar(j: &Result<Vec<String>, String>) -> Vec<String> {
    match j {
        Ok(lines) if lines.is_empty() => vec!["(none)".to_owned()],
        Ok(lines) => lines.clone(),
        Err(why) => vec![format!("({why})")],
    }
}
