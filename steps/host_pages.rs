//! Host pages built a particular way, and the visitor opening them: the page's profile (strict
//! CSP, polluted built-ins, a wrapped network, noisy scripts) and how it loads and boots the
//! widget (the script first, in the head or late, a queue stub before the script, no boot, a
//! raw boot, show the moment the widget is ready).

use cucumber::{Parameter, when};

use super::list;
use crate::{
    error::Result,
    pages::host_page::{HostPageVisit, Placement, Profile, Token},
    world::HerodeskWorld,
};

/// A host-page profile named in a step: `plain`, `strict-csp`, `polluted`, `wrapped-network`
/// or `noisy` (see `docs/widget-contract.md`).
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "profile",
    regex = "plain|strict-csp|polluted|wrapped-network|noisy"
)]
pub struct PageProfile(pub Profile);

impl std::str::FromStr for PageProfile {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

#[when(
    expr = "the visitor opens a {profile} page signed in as {string} with a token from the site's server"
)]
async fn opens_profile_page(
    w: &mut HerodeskWorld,
    profile: PageProfile,
    email: String,
) -> Result<()> {
    let visit = HostPageVisit {
        profile: profile.0,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(expr = "the visitor opens a {profile} page signed in as {string} without an auth_token")]
async fn opens_profile_page_without_token(
    w: &mut HerodeskWorld,
    profile: PageProfile,
    email: String,
) -> Result<()> {
    let visit = HostPageVisit {
        profile: profile.0,
        token: Token::Omitted,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(
    expr = "the visitor opens a {profile} page that loads the widget script first and then boots as {string}"
)]
async fn opens_profile_page_script_first(
    w: &mut HerodeskWorld,
    profile: PageProfile,
    email: String,
) -> Result<()> {
    let visit = HostPageVisit {
        profile: profile.0,
        script_first: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when("the visitor opens a page that loads the widget without booting it")]
async fn opens_without_boot(w: &mut HerodeskWorld) -> Result<()> {
    w.visit(&HostPageVisit::without_boot()).await
}

#[when(
    regex = r#"^the visitor opens a page that loads the widget script first and then boots as "([^"]*)"(?: with the message "(.*)")?$"#
)]
async fn opens_script_first(w: &mut HerodeskWorld, email: String, message: String) -> Result<()> {
    let page = HostPageVisit {
        script_first: true,
        message: (!message.is_empty()).then_some(message),
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(
    expr = "the visitor opens a page that loads the widget script first in the page's head and then boots as {string}"
)]
async fn opens_script_first_in_head(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let page = HostPageVisit {
        script_first: true,
        placement: Placement::Head,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&page).await
}

#[when(
    regex = r"^the visitor opens a page that loads the widget script first and then boots an anonymous visitor with z_index (.+)$"
)]
async fn opens_script_first_with_z_index(w: &mut HerodeskWorld, given: String) -> Result<()> {
    let page = HostPageVisit {
        z_index: (given != "omitted").then_some(given),
        script_first: true,
        ..HostPageVisit::anonymous()
    };
    w.visit(&page).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} that queues {string} before the widget script loads"
)]
async fn opens_with_queue(w: &mut HerodeskWorld, email: String, calls: String) -> Result<()> {
    let visit = HostPageVisit {
        queue: list(&calls),
        record_events: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
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
    let visit = HostPageVisit {
        queue: list(&calls),
        record_events: true,
        placement: placement.0,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(
    expr = "the visitor opens a page that queues boot with {string} before the widget script loads"
)]
async fn opens_with_raw_boot(w: &mut HerodeskWorld, params: String) -> Result<()> {
    let visit = HostPageVisit {
        boot_json: Some(params),
        ..HostPageVisit::without_boot()
    };
    w.visit(&visit).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} that calls show the moment Herodesk.isReady turns true"
)]
async fn opens_show_when_ready(w: &mut HerodeskWorld, email: String) -> Result<()> {
    let visit = HostPageVisit {
        show_when_ready: true,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}

#[when(
    expr = "the visitor opens a page signed in as {string} that calls show the moment Herodesk.isReady turns true, with a widget script {placement}"
)]
async fn opens_show_when_ready_placed(
    w: &mut HerodeskWorld,
    email: String,
    placement: ScriptPlacement,
) -> Result<()> {
    let visit = HostPageVisit {
        show_when_ready: true,
        placement: placement.0,
        ..HostPageVisit::signed_in(&email)
    };
    w.visit(&visit).await
}
