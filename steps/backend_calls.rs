//! Backend calls: what the mock backend's journal saw the widget send (how many identify calls,
//! what a call carried, the first request, what every request carried, a call budget, the
//! unread poll's rate). What the scenario makes the backend do is in `backend_control`.

use cucumber::then;

use super::expect;
use crate::{
    backend::traffic::CallSummary,
    backend::{CallReads, IDENTIFY_ROUTE, IdentifyBody, identify_email},
    error::Result,
    world::HerodeskWorld,
};

#[then(regex = r"^the identify API was called exactly (\d+) times?( during that page load)?$")]
async fn identify_called_exactly(
    w: &mut HerodeskWorld,
    times: usize,
    since_mark: String,
) -> Result<()> {
    let after = if since_mark.is_empty() { 0 } else { w.mark };
    let calls = w.settled_identify_calls(after).await?;
    expect(calls.len() == times, || {
        format!(
            "expected exactly {times} identify call(s){since_mark}, the backend saw {}: {}",
            calls.len(),
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}

#[then("the identify API was not called during that page load")]
async fn identify_not_called_since_mark(w: &mut HerodeskWorld) -> Result<()> {
    identify_called_exactly(w, 0, " during that page load".into()).await
}

#[then(regex = r#"^the identify call carried firstname "(.*)" and lastname "(.*)"$"#)]
async fn identify_carried_names(w: &mut HerodeskWorld, first: String, last: String) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    let ok = calls.iter().filter_map(|c| c.identify_body()).any(|b| {
        b.firstname.as_deref() == Some(first.as_str())
            && b.lastname.as_deref() == Some(last.as_str())
    });
    expect(ok, || {
        format!(
            "expected an identify call with firstname {first:?} and lastname {last:?}, saw: {}",
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}

#[then(expr = "the identify call carried firstname {string} and no lastname")]
async fn identify_carried_firstname_only(w: &mut HerodeskWorld, first: String) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    let bodies: Vec<IdentifyBody> = calls.iter().filter_map(|c| c.identify_body()).collect();
    // No lastname: absent, null or empty; "undefined" or "null" as text is a lastname.
    let ok = bodies.iter().any(|b| {
        b.firstname.as_deref() == Some(first.as_str())
            && b.lastname.as_deref().is_none_or(str::is_empty)
    });
    expect(ok, || {
        format!(
            "expected an identify call with firstname {first:?} and no lastname, saw: {bodies:?}"
        )
    })
}

#[then(expr = "the identify call carried lastname {string} and no firstname")]
async fn identify_carried_lastname_only(w: &mut HerodeskWorld, last: String) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    let bodies: Vec<IdentifyBody> = calls.iter().filter_map(|c| c.identify_body()).collect();
    // No firstname: absent, null or empty; "undefined" or "null" as text is a firstname.
    let ok = bodies.iter().any(|b| {
        b.lastname.as_deref() == Some(last.as_str())
            && b.firstname.as_deref().is_none_or(str::is_empty)
    });
    expect(ok, || {
        format!(
            "expected an identify call with lastname {last:?} and no firstname, saw: {bodies:?}"
        )
    })
}

#[then(expr = "the identify call carried the auth_token the site's server got for {string}")]
async fn identify_carried_token(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let calls = w.settled_identify_calls(w.mark).await?;
    let token = w
        .suite()
        .backend
        .auth_token_for(&w.workspace, &email)
        .await?;
    let carried = calls
        .iter()
        .filter_map(|c| c.identify_body())
        .any(|b| b.auth_token.as_deref() == Some(token.as_str()));
    expect(carried, || {
        format!(
            "expected a {IDENTIFY_ROUTE} call carrying the auth_token {token}, saw: {}",
            calls
                .iter()
                .map(|c| c.body.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}

#[then(expr = "the widget's first request was identify for {string}")]
async fn first_request_is_identify(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let requests = w.widget_requests(w.mark).await?;
    let first = requests.first();
    let ok = first.is_some_and(|r| {
        r.route == IDENTIFY_ROUTE
            && identify_email(r).as_deref() == Some(email.trim().to_lowercase().as_str())
    });
    expect(ok, || {
        format!(
            "expected the first widget request to be identify for {email}, it was {:?}",
            first.map(|r| format!("{} {}", r.route, r.body))
        )
    })
}

#[then(regex = r"^every widget request( during that page load)? carried the booted identity$")]
async fn every_request_carries_identity(w: &mut HerodeskWorld, since_mark: String) -> Result<()> {
    let after = if since_mark.is_empty() { 0 } else { w.mark };
    // With a cached session the widget may make no request at once: the World waits for one.
    let (email, anonymous) = w.requests_without_the_booted_identity(after).await?;
    expect(anonymous.is_empty(), || {
        format!(
            "expected every widget request to carry {email}'s identity; these did not: {anonymous:?}"
        )
    })
}

#[then("from then on the widget makes no request with the signed-out contact's session")]
async fn no_request_with_the_signed_out_session(w: &mut HerodeskWorld) -> Result<()> {
    w.watch_no_session_requests().await
}

#[then("no request carrying the tampered value got anything from the backend")]
async fn tampered_session_got_nothing(w: &mut HerodeskWorld) -> Result<()> {
    let tampered = w.tampered_value.clone().unwrap_or_default();
    let requests = w.widget_requests(w.mark).await?;
    let carrying: Vec<_> = requests
        .iter()
        .filter(|e| {
            !tampered.is_empty()
                && [e.session_contact(), e.session_verification()]
                    .contains(&Some(tampered.as_str()))
        })
        .collect();
    // A widget that never presents the tampered cookie gets nothing either: H3 holds.
    let served: Vec<String> = carrying
        .iter()
        .filter(|e| e.status != 401)
        .map(|e| format!("{} → {}", e.route, e.status))
        .collect();
    expect(served.is_empty(), || {
        format!("requests with the tampered session were not refused with 401: {served:?}")
    })
}

/// Resolution (C): a partial cookie set is no session, so the widget does not present what is
/// left of it (the backend would refuse it, and the widget would identify only after that).
#[then("the backend refused none of the widget's calls during that page load")]
async fn none_refused(w: &mut HerodeskWorld) -> Result<()> {
    let refused = w.refused_calls_since_mark().await?;
    expect(refused.is_empty(), || {
        format!(
            "expected no call of the widget to be refused during that page load, but it presented a session the backend refused (401): {}",
            CallSummary::of(&refused).line()
        )
    })
}

/// A call budget for the caching statements: the unread poll is left out (its rate is G3's
/// promise, and its count would depend on how long the steps took).
#[then(
    regex = r"^the widget made (no|at most \d+) calls? to the API (during that page load|in this scenario), besides the unread poll$"
)]
async fn at_most_calls_besides_the_poll(
    w: &mut HerodeskWorld,
    budget: String,
    during: String,
) -> Result<()> {
    let budget: usize = budget
        .strip_prefix("at most ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let after = if during == "in this scenario" {
        0
    } else {
        w.mark
    };
    let calls = w.settled_calls_besides_the_poll(after).await?;
    expect(calls.len() <= budget, || {
        format!(
            "expected at most {budget} call(s) to the API {during} besides the unread poll, the widget made {}",
            CallSummary::of(&calls).line()
        )
    })
}

/// The polling budget (G3: the unread count is polled about every second).
#[then(
    regex = r"^the widget polled the unread count at most (\d+) times in the first (\d+) seconds of that page load$"
)]
async fn polled_at_most(w: &mut HerodeskWorld, budget: usize, seconds: u64) -> Result<()> {
    let window = std::time::Duration::from_secs(seconds);
    let polls = w.unread_polls_in_first(window).await?;
    expect(polls.len() <= budget, || {
        format!(
            "expected at most {budget} unread poll(s) in the first {seconds} s of that page load, the widget made {}",
            polls.len()
        )
    })
}
