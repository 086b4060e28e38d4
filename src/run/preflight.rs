//! One page load before the scenarios: does the build load at all? A build that never takes
//! over the queue stub (a syntax error, an exception at load, an empty file, a loop that
//! blocks the page, a dialog at load) would otherwise fail every scenario one timeout at a
//! time; the preflight gets its verdict at once, naming the cause.

use std::time::Duration;

use crate::{
    error::Result,
    pages::page_health::{self, PageTrouble},
    pages::{host_page::HostPageVisit, host_watch},
    run::suite::Suite,
};

/// How long the build gets to take over the queue stub.
pub const LOAD_WITHIN: Duration = Duration::from_secs(15);

/// Why the build did not load, in plain words; `Ok(None)` when it loaded.
///
/// A page that crashed (or a browser lost) while the build loaded gets one more try in a
/// new browser: once may be the machine's doing, twice in a row is the build's.
///
/// # Errors
/// The suite's own failures (no workspace, no browser): "could not run", not the widget's.
pub async fn check(suite: &Suite) -> Result<Option<String>> {
    match attempt(suite).await? {
        Attempt::Crashed(first) => {
            eprintln!("preflight: {first}; trying once more in a new browser");
            Ok(match attempt(suite).await? {
                Attempt::Crashed(again) => Some(crate::crash_retry::crashed_twice(&first, &again)),
                Attempt::Done(cause) => cause,
            })
        }
        Attempt::Done(cause) => Ok(cause),
    }
}

/// How one preflight page load ended.
enum Attempt {
    /// The build loaded (`None`) or did not, and why.
    Done(Option<String>),
    /// The page crashed or its browser was lost, in the driver's words.
    Crashed(String),
}

/// One preflight page load in a browser of its own.
async fn attempt(suite: &Suite) -> Result<Attempt> {
    let workspace = suite.backend.create_workspace().await?;
    let browser = suite.pool.open().await?;
    let client = browser.client().clone();
    // An anonymous boot: the build's boot runs (a build that blocks in boot is caught), but
    // no identify call is made, so the journal holds only the scenarios' own calls.
    let visit = HostPageVisit::anonymous();
    // A page that never loads (a blocking loop) ends the navigation with the session's page
    // load timeout; what went wrong is told below either way.
    let _ = tokio::time::timeout(
        LOAD_WITHIN + Duration::from_secs(10),
        crate::pages::host_page::open(&client, &workspace.site_url, &visit),
    )
    .await;
    let deadline = tokio::time::Instant::now() + LOAD_WITHIN;
    let mut cause = None;
    loop {
        // The host page's own address, not the site's: a build that sends the page to
        // another page of the same site before the first look finds it would otherwise read
        // as one that never loaded (seen under load: a redirect 300 ms after ready).
        if let Some(trouble) = page_health::diagnose(&client, &workspace.site_url).await {
            if trouble.spoils_the_browser() {
                crate::browser::BrowserPool::discard(browser).await;
                return Ok(match trouble {
                    PageTrouble::Crashed(_) => Attempt::Crashed(trouble.to_string()),
                    _ => Attempt::Done(Some(trouble.as_breach().unwrap_or(trouble.to_string()))),
                });
            }
            cause = Some(trouble.as_breach().unwrap_or(trouble.to_string()));
            break;
        }
        if took_over(&client).await {
            break;
        }
        // An uncaught error from a build that has not taken over (a syntax error, a throw at
        // load) will not mend itself: no need to wait out the deadline.
        if let Ok(Ok(errors)) =
            tokio::time::timeout(page_health::ANSWER_WITHIN, host_watch::errors(&client)).await
            && errors.iter().any(|e| !e.is_host_noise())
        {
            cause = Some("the widget did not take over the queue stub".to_owned());
            break;
        }
        if tokio::time::Instant::now() >= deadline {
            cause = Some(format!(
                "the widget never took over the queue stub within {} s (window.Herodesk has no isBooted/isReady)",
                LOAD_WITHIN.as_secs()
            ));
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Some(c) = &mut cause
        && let Ok(Ok(errors)) =
            tokio::time::timeout(Duration::from_secs(5), host_watch::errors(&client)).await
        && let Some(first) = errors.iter().find(|e| !e.is_host_noise())
    {
        c.push_str(&format!(
            "; the page recorded from the widget: {}",
            first.describe()
        ));
    }
    suite.pool.release(browser, suite.mock.site_url()).await;
    Ok(Attempt::Done(cause))
}

/// True once `window.Herodesk` is the widget (its state properties are booleans), not the
/// page's queue stub.
async fn took_over(client: &fantoccini::Client) -> bool {
    let read = tokio::time::timeout(
        page_health::ANSWER_WITHIN,
        crate::pages::herodesk::state(client),
    )
    .await;
    matches!(read, Ok(Ok(s)) if s.is_booted.is_some() && s.is_ready.is_some())
}
