//! Spec D: the queue stub and boot.

use cucumber::{Parameter, then, when};

use super::expect;
use crate::{
    backend::{CallReads, IDENTIFY_ROUTE, IdentifyBody, identify_email},
    cookies,
    error::Result,
    pages::{
        herodesk,
        host_page::{self, HostPageVisit, Placement},
        widget_frame,
    },
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[when(
    expr = "the visitor opens a page signed in as {string} that queues {string} before the widget script loads"
)]
async fn opens_with_queue(w: &mut HerodeskWorld, email: String, calls: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        queue: list(&calls),
        record_events: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[then(expr = "the page saw the widget events {string} in that order")]
async fn saw_events(w: &mut HerodeskWorld, events: String) -> Result<()> {
    let wanted = list(&events);
    let client = w.client().await?.clone();
    // Wait for as many as expected, then compare them all: order and content both count.
    let seen = until(
        &format!("the page to see {} show/hide event(s)", wanted.len()),
        DEFAULT_TIMEOUT,
        || async {
            let seen: Vec<String> = host_page::recorded_events(&client)
                .await?
                .into_iter()
                .filter(|e| e == "show" || e == "hide")
                .collect();
            Ok(if seen.len() >= wanted.len() {
                Probe::Ready(seen)
            } else {
                Probe::NotYet(format!("{seen:?}"))
            })
        },
    )
    .await?;
    expect(seen == wanted, || {
        format!("expected the events {wanted:?} in order, the page saw {seen:?}")
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
    let client = w.client().await?.clone();
    let uuid = cookies::get(&client, cookies::SESSION_COOKIES[1])
        .await?
        .map(|c| c.value);
    let email = w
        .wait_for_contact_state("verified")
        .await?
        .email
        .to_lowercase();
    // With a cached session the widget may make no request at once; wait for the first.
    let backend = w.suite().backend.clone();
    let wid = w.workspace.widget_id.clone();
    until(
        "the widget to make a request to the backend",
        DEFAULT_TIMEOUT,
        || async {
            let n = backend
                .journal(&wid, None, after)
                .await?
                .iter()
                .filter(|e| e.path.starts_with("/widget/") && e.method != "OPTIONS")
                .count();
            Ok(Probe::ready_if(n > 0, || "no widget request yet".into()))
        },
    )
    .await?;
    let requests = w.widget_requests(after).await?;
    let anonymous: Vec<String> = requests
        .iter()
        .filter(|r| {
            let by_email = identify_email(r).as_deref() == Some(email.as_str());
            let by_session = uuid.is_some() && r.session_contact() == uuid.as_deref();
            !(by_email || by_session)
        })
        .map(|r| format!("{} {}", r.route, r.body))
        .collect();
    expect(anonymous.is_empty(), || {
        format!(
            "expected every widget request to carry {email}'s identity; these did not: {anonymous:?}"
        )
    })
}

#[then(regex = r#"^the widget shows the name "(.*)" as plain text$"#)]
async fn shows_name_as_text(w: &mut HerodeskWorld, name: String) -> Result<()> {
    let client = w.client().await?.clone();
    let view = until(
        &format!("the widget to show the name {name:?}"),
        DEFAULT_TIMEOUT,
        || async {
            Ok(match widget_frame::contact_name(&client).await? {
                Some(v) if v.text.trim() == name.trim() => Probe::Ready(v),
                other => Probe::NotYet(format!("{other:?}")),
            })
        },
    )
    .await?;
    expect(!view.has_markup, || {
        format!("the name {name:?} was injected as HTML, not shown as text")
    })
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

#[then(expr = "the chat input holds {string}")]
async fn chat_input_holds(w: &mut HerodeskWorld, text: String) -> Result<()> {
    let client = w.client().await?.clone();
    until(
        &format!("the chat input to hold {text:?}"),
        DEFAULT_TIMEOUT,
        || async {
            Ok(match widget_frame::chat_input_value(&client).await? {
                Some(v) if v == text => Probe::Ready(()),
                other => Probe::NotYet(format!("{other:?}")),
            })
        },
    )
    .await
}

#[then(expr = "the widget iframe's z-index is {string}")]
async fn z_index_is(w: &mut HerodeskWorld, wanted: String) -> Result<()> {
    let client = w.client().await?.clone();
    until(
        &format!("the widget iframe's z-index to be {wanted}"),
        DEFAULT_TIMEOUT,
        || async {
            Ok(match widget_frame::frame_z_index(&client).await {
                Ok(z) if z == wanted => Probe::Ready(()),
                Ok(z) => Probe::NotYet(format!("z-index {z}")),
                Err(e) => Probe::NotYet(e.to_string()),
            })
        },
    )
    .await
}

#[then("from its first frame the widget never showed the contact as anonymous")]
async fn never_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let states = w.contact_states_since_load().await?;
    expect(
        !states.is_empty() && !states.iter().any(|s| s == "anonymous"),
        || {
            format!(
                "expected the booted contact from the first frame on, the widget showed the states {states:?}"
            )
        },
    )
}

#[when(expr = "the visitor opens a page signed in as {string} with the message {string}")]
async fn opens_with_message(w: &mut HerodeskWorld, email: String, message: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        message: Some(message),
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[when(expr = "the visitor opens the site's page {string} signed in as {string}")]
async fn opens_site_path(w: &mut HerodeskWorld, path: String, email: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        path: Some(path),
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

/// Where a step puts the widget script on the host page.
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "placement",
    regex = "in the page's head|inserted by a loader after the page has loaded"
)]
pub struct ScriptPlacement(pub Placement);

impl std::str::FromStr for ScriptPlacement {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "in the page's head" => Ok(Self(Placement::Head)),
            "inserted by a loader after the page has loaded" => Ok(Self(Placement::Late)),
            other => Err(format!("no script placement `{other}`")),
        }
    }
}

#[when(
    expr = "the visitor opens a page signed in as {string} that queues {string} before a widget script {placement}"
)]
async fn opens_with_placement(
    w: &mut HerodeskWorld,
    email: String,
    calls: String,
    placement: ScriptPlacement,
) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        queue: list(&calls),
        record_events: true,
        placement: placement.0,
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} with firstname {string} and no lastname"
)]
async fn opens_with_firstname_only(
    w: &mut HerodeskWorld,
    email: String,
    first: String,
) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        firstname: Some(first),
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
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

#[then(
    expr = "while the identify call is unanswered, the widget shows {string} as being identified"
)]
async fn shows_identifying(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let view = w.contact_while_identify_unanswered().await?;
    let wanted = email.trim().to_lowercase();
    expect(
        view.state == "identifying" && view.email.trim().to_lowercase() == wanted,
        || {
            format!(
                "expected {wanted:?} in state `identifying` before the identify call answered, the widget shows {view:?}"
            )
        },
    )
}

#[then("the widget shows an anonymous visitor")]
async fn shows_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let view = w.wait_for_contact_state("anonymous").await?;
    expect(view.email.trim().is_empty(), || {
        format!(
            "expected no email for an anonymous visitor, the widget shows {:?}",
            view.email
        )
    })
}

#[when("the page boots an anonymous visitor, as a single-page app does when its user signs out")]
async fn boots_anonymous(w: &mut HerodeskWorld) -> Result<()> {
    let client = w.client().await?;
    herodesk::boot(client, serde_json::json!({}), 1).await
}
