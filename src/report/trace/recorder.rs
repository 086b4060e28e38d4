//! The World's side of a trace: what the page looked like when each step ended. The step
//! wrapper ([`super::steps`]) calls [`after_step`] once the real step has returned (or
//! panicked), before cucumber starts the next one, so the screenshot and cookies are the
//! step's own and not a later step's.

use std::time::{Duration, SystemTime};

use fantoccini::Client;

use crate::{
    browser::cookies,
    pages::{
        host_page::ConsoleLine,
        host_watch::{self, PageError},
    },
    world::HerodeskWorld,
};

/// How long one step's snapshot may take: a page that does not answer must not hold the
/// scenario (its own checks name the trouble; the trace just says the snapshot is missing).
/// A page that was late once takes no more snapshots: a build that keeps the main thread busy
/// would otherwise cost this much more on every step (and WebDriver answers in order, so a
/// late answer also holds the step after it).
const SNAPSHOT_WITHIN: Duration = Duration::from_secs(2);

/// The cookies the browser held at one moment, one `name=value (expires …)` line each, or why
/// they could not be read.
pub type CookieJar = Result<Vec<String>, String>;

/// What one step left behind.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The step's line in its feature file.
    pub line: usize,
    /// When the step ended (the snapshot was started right after).
    pub ended: SystemTime,
    /// The page as a PNG, or why there is none.
    pub screenshot: Result<Vec<u8>, String>,
    /// The cookies when the step started (the previous step's after).
    pub cookies_before: CookieJar,
    /// The cookies when it ended.
    pub cookies_after: CookieJar,
    /// Console lines written during the step.
    pub console: Vec<ConsoleLine>,
    /// Uncaught errors the page recorded during the step.
    pub errors: Vec<PageError>,
}

/// A scenario's recording so far, kept in its World (`HerodeskWorld::trace`) while it runs.
#[derive(Debug, Default)]
pub struct Recorder {
    snapshots: Vec<Snapshot>,
    /// The host page load last read, and how many console lines and errors it had then: what
    /// comes after is the next step's.
    seen: (Option<String>, usize, usize),
    /// The cookies at the last snapshot: the next step's "before".
    last_cookies: Option<CookieJar>,
    /// Why no more snapshots are taken (the page was late once).
    given_up: Option<String>,
}

impl Recorder {
    /// The snapshots taken, in step order.
    pub fn into_snapshots(self) -> Vec<Snapshot> {
        self.snapshots
    }

    /// Takes the snapshot of the step at `line` that just ended.
    async fn snapshot(&mut self, client: Option<Client>, line: usize) -> Snapshot {
        let ended = SystemTime::now();
        let before = self
            .last_cookies
            .clone()
            .unwrap_or_else(|| Err(NO_BROWSER.to_owned()));
        let Some(client) = client else {
            return Snapshot {
                line,
                ended,
                screenshot: Err(NO_BROWSER.to_owned()),
                cookies_before: before,
                cookies_after: Err(NO_BROWSER.to_owned()),
                console: Vec::new(),
                errors: Vec::new(),
            };
        };
        let screenshot = client.screenshot().await.map_err(|e| e.to_string());
        let after: CookieJar = cookies::all(&client)
            .await
            .map(|all| {
                all.iter()
                    .map(|c| match c.expires {
                        Some(at) => format!(
                            "{}={} (expires {})",
                            c.name,
                            c.value,
                            crate::spec::human_time::human(at)
                        ),
                        None => format!("{}={} (session)", c.name, c.value),
                    })
                    .collect()
            })
            .map_err(|e| e.to_string());
        let (console, errors) = match host_watch::log(&client).await {
            Ok(log) => self.new_lines(log),
            Err(_) => (Vec::new(), Vec::new()),
        };
        self.last_cookies = Some(after.clone());
        Snapshot {
            line,
            ended,
            screenshot,
            cookies_before: before,
            cookies_after: after,
            console,
            errors,
        }
    }

    /// The console lines and errors of `log` not seen at the last snapshot: all of them on a
    /// page load the recorder has not seen yet.
    fn new_lines(&mut self, log: host_watch::PageLog) -> (Vec<ConsoleLine>, Vec<PageError>) {
        let (page, console_seen, errors_seen) = &self.seen;
        let (from_console, from_errors) = if *page == log.page && log.page.is_some() {
            (*console_seen, *errors_seen)
        } else {
            (0, 0)
        };
        let console: Vec<_> = log.console.iter().skip(from_console).cloned().collect();
        let errors: Vec<_> = log.errors.iter().skip(from_errors).cloned().collect();
        self.seen = (log.page, log.console.len(), log.errors.len());
        (console, errors)
    }
}

const NO_BROWSER: &str = "no browser open";

/// Records what `world`'s page looks like now that the step at `line` has ended; nothing when
/// the scenario is not traced (`--trace off`) or its browser was stopped.
pub async fn after_step(world: &mut HerodeskWorld, line: usize) {
    let Some(mut recorder) = world.trace.take() else {
        return;
    };
    // A stopped browser answers nothing; a refused scenario has none.
    let client = (!world.browser_stopped())
        .then(|| world.open_client().cloned())
        .flatten();
    let taken = match &recorder.given_up {
        Some(why) => Err(why.clone()),
        None => tokio::time::timeout(SNAPSHOT_WITHIN, recorder.snapshot(client, line))
            .await
            .map_err(|_| {
                let why = format!(
                    "the page did not answer a snapshot within {} s; none taken after that",
                    SNAPSHOT_WITHIN.as_secs()
                );
                recorder.given_up = Some(why.clone());
                why
            }),
    };
    let snapshot = taken.unwrap_or_else(|late| Snapshot {
        line,
        ended: SystemTime::now(),
        screenshot: Err(late.clone()),
        cookies_before: Err(late.clone()),
        cookies_after: Err(late),
        console: Vec::new(),
        errors: Vec::new(),
    });
    recorder.snapshots.push(snapshot);
    world.trace = Some(recorder);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> ConsoleLine {
        serde_json::from_value(serde_json::json!({"level": "log", "text": text})).unwrap()
    }

    #[test]
    fn a_step_gets_the_console_lines_written_since_the_last_one_and_a_new_page_starts_afresh() {
        let mut r = Recorder::default();
        let log = |page: &str, texts: &[&str]| host_watch::PageLog {
            page: Some(page.into()),
            console: texts.iter().map(|t| line(t)).collect(),
            errors: Vec::new(),
        };
        let (first, _) = r.new_lines(log("p1", &["a"]));
        assert_eq!(first.len(), 1);
        let (second, _) = r.new_lines(log("p1", &["a", "b"]));
        assert_eq!(
            second.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        let (reload, _) = r.new_lines(log("p2", &["a"]));
        assert_eq!(reload.len(), 1, "a new page load's lines are all new");
    }
}
