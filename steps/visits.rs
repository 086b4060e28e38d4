//! Visiting host pages: the steps every area uses to put a visitor on a page.

use cucumber::{given, when};

use crate::{
    error::Result,
    pages::host_page::{HostPageVisit, Token},
    world::HerodeskWorld,
};

#[given("a new visitor")]
async fn a_new_visitor(w: &mut HerodeskWorld) -> Result<()> {
    w.client().await?;
    Ok(())
}

#[when(expr = "the visitor opens a page signed in as {string} with a token from the site's server")]
async fn opens_signed_in(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.mark_journal().await?;
    w.open_page(&HostPageVisit::signed_in(&email)).await
}

#[when(expr = "the visitor opens a page signed in as {string} without an auth_token")]
async fn opens_without_token(w: &mut HerodeskWorld, email: String) -> Result<()> {
    w.mark_journal().await?;
    let visit = HostPageVisit {
        token: Token::Omitted,
        ..HostPageVisit::signed_in(&email)
    };
    w.open_page(&visit).await
}

#[when("the visitor opens a page that loads the widget without booting it")]
async fn opens_without_boot(w: &mut HerodeskWorld) -> Result<()> {
    w.mark_journal().await?;
    w.open_page(&HostPageVisit::without_boot()).await
}
