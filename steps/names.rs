//! Spec D4: a boot that gives one name only, whichever of the two it is.

use cucumber::{then, when};

use super::expect;
use crate::{
    backend::{CallReads, IdentifyBody},
    error::Result,
    pages::host_page::HostPageVisit,
    world::HerodeskWorld,
};

#[when(
    expr = "the visitor opens a page signed in as {string} with lastname {string} and no firstname"
)]
async fn opens_with_lastname_only(
    w: &mut HerodeskWorld,
    email: String,
    last: String,
) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        lastname: Some(last),
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
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
