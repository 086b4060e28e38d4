//! Embedding: the widget as a guest on a customer's page (no CSP violation, well-formed
//! requests through the page's network wrapper, no uncaught error, no global but Herodesk, no
//! built-in changed, the main thread, the page left as the site made it, its footprint).

use cucumber::{then, when};

use super::expect;
use crate::{error::Result, pages::host_watch, world::HerodeskWorld};

#[then("the page's Content-Security-Policy was never violated")]
async fn no_csp_violation(w: &mut HerodeskWorld) -> Result<()> {
    let violations = w.csp_violations().await?;
    expect(violations.is_empty(), || {
        format!(
            "expected no CSP violation, the page saw {}: {}",
            violations.len(),
            violations.join(" | ")
        )
    })
}

#[then("every request the widget sent was well-formed")]
async fn requests_well_formed(w: &mut HerodeskWorld) -> Result<()> {
    let wrong = w.ill_formed_widget_requests().await?;
    expect(wrong.is_empty(), || {
        format!("expected well-formed requests: {}", wrong.join(" | "))
    })
}

#[then(
    "every call the widget made to the API passed through the page's network wrapper exactly once"
)]
async fn calls_through_wrapper(w: &mut HerodeskWorld) -> Result<()> {
    w.wait_for_calls_through_the_wrapper().await
}

#[then("the page recorded no uncaught error from the widget")]
async fn no_widget_error(w: &mut HerodeskWorld) -> Result<()> {
    let errors = w.widget_errors().await?;
    expect(errors.is_empty(), || {
        let all: Vec<String> = errors.iter().map(host_watch::PageError::describe).collect();
        format!(
            "expected no uncaught error from the widget, the page recorded: {}",
            all.join(" | ")
        )
    })
}

#[then("the page recorded the errors of its own failing scripts")]
async fn host_noise_recorded(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    let noise = host_watch::errors(client)
        .await?
        .into_iter()
        .filter(host_watch::PageError::is_host_noise)
        .count();
    // Two before the widget (an error, a rejection), two after it (at once, on a timer).
    expect(noise >= 3, || {
        format!(
            "expected the page's own failing scripts to have thrown, it recorded {noise} of their errors"
        )
    })
}

#[then("the widget added no global to the page but Herodesk")]
async fn only_herodesk_global(w: &mut HerodeskWorld) -> Result<()> {
    let added = w.globals_added_by_the_widget().await?;
    let stray: Vec<&String> = added.iter().filter(|g| *g != "Herodesk").collect();
    expect(stray.is_empty(), || {
        format!("expected window.Herodesk to be the widget's only global, it also added {stray:?}")
    })?;
    let state = crate::pages::herodesk::state(w.client().await?).await?;
    expect(state.is_booted.is_some(), || {
        "expected window.Herodesk to be the widget, it has no isBooted".into()
    })
}

#[then("the widget changed no built-in of the page")]
async fn no_builtin_changed(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    let changed = host_watch::changed_builtins(client).await?;
    expect(changed.is_empty(), || {
        format!(
            "expected the page's built-ins untouched, the widget changed: {}",
            changed.join(", ")
        )
    })
}

#[when(expr = "the page sits open with nothing happening for {int} seconds")]
async fn page_left_alone(w: &mut HerodeskWorld, seconds: u64) -> Result<()> {
    w.leave_the_page_alone(std::time::Duration::from_secs(seconds))
        .await
}

#[when(expr = "{int} seconds of the page's life pass with nothing happening")]
async fn page_lives_on(w: &mut HerodeskWorld, seconds: u64) -> Result<()> {
    w.let_the_page_live(std::time::Duration::from_secs(seconds))
        .await
}

#[then("the widget never held the page's main thread for more than 200 ms")]
async fn main_thread_never_held(w: &mut HerodeskWorld) -> Result<()> {
    w.kept_promise_of_a_guest("I6").await
}

#[then("the widget left the host page as the site made it")]
async fn page_as_the_site_made_it(w: &mut HerodeskWorld) -> Result<()> {
    w.kept_promise_of_a_guest("I7").await
}

#[then("the widget's cookies and calls on the host site stayed within bounds")]
async fn footprint_within_bounds(w: &mut HerodeskWorld) -> Result<()> {
    w.kept_promise_of_a_guest("I8").await
}

#[when("the visitor resizes the browser window")]
async fn resizes_the_window(w: &mut HerodeskWorld) -> Result<()> {
    w.resize_the_window().await
}
