//! The World's dealings with the widget's session cookies (spec C): waiting for them to be
//! set, renewed or restored (reactions of the widget to the page's load or an identify
//! answer, so through [`HerodeskWorld::react`]), reading them once they have settled,
//! watching that they stay, and what the browser does to them (cleared, expired, lost,
//! tampered with). Steps name cookies; only this module and [`crate::browser::cookies`]
//! touch them.

use super::{HerodeskWorld, QUIET};
use crate::{
    browser::cookies::{self, BrowserCookie, SESSION_COOKIES},
    browser::wait::{DEFAULT_TIMEOUT, Probe, settled},
    error::Result,
};

impl HerodeskWorld {
    /// Waits until all three session cookies are set and returns them, in spec order. Setting
    /// them is a reaction to an identify answer or a restored page load: [`Self::react`].
    ///
    /// # Errors
    /// A timeout naming the cookies that were there.
    pub async fn session_cookies(&mut self) -> Result<Vec<BrowserCookie>> {
        let client = self.client().await?.clone();
        self.react("the three session cookies to be set", || async {
            let all = cookies::all(&client).await?;
            let found: Vec<_> = SESSION_COOKIES
                .iter()
                .filter_map(|name| all.iter().find(|c| c.name == *name).cloned())
                .collect();
            Ok(if found.len() == SESSION_COOKIES.len() {
                Probe::Ready(found)
            } else {
                Probe::NotYet(format!(
                    "cookies {:?}",
                    all.iter().map(|c| &c.name).collect::<Vec<_>>()
                ))
            })
        })
        .await
    }

    /// The names of the session cookies present, once they have stopped changing (a
    /// negative check's read, "no session cookie": [`settled`]).
    ///
    /// # Errors
    /// WebDriver errors, or a timeout when they keep changing.
    pub async fn settled_session_cookie_names(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        settled("the session cookies", QUIET, DEFAULT_TIMEOUT, || async {
            let mut names: Vec<String> = cookies::all(&client)
                .await?
                .into_iter()
                .filter(|c| SESSION_COOKIES.contains(&c.name.as_str()))
                .map(|c| c.name)
                .collect();
            // Sorted: the browser lists cookies in no stable order, and a set that stays put
            // must read as settled.
            names.sort();
            Ok(names)
        })
        .await
    }

    /// Waits until each of the three session cookies holds a value other than the one saved
    /// on the first visit (`saved_cookies`; C2, C6: a new session). A reaction to the
    /// identify answer of the page load: [`Self::react`].
    ///
    /// # Errors
    /// A timeout naming the cookies unchanged or missing.
    pub async fn wait_for_session_cookies_renewed(&mut self) -> Result<()> {
        let before = self.saved_cookies.clone();
        let client = self.client().await?.clone();
        self.react("all three session cookies to hold new values", || async {
            let now = cookies::all(&client).await?;
            let unchanged: Vec<&str> = SESSION_COOKIES
                .iter()
                .copied()
                .filter(|name| {
                    let old = before.iter().find(|c| c.name == *name).map(|c| &c.value);
                    let new = now.iter().find(|c| c.name == *name).map(|c| &c.value);
                    new.is_none() || new == old
                })
                .collect();
            Ok(Probe::ready_if(unchanged.is_empty(), || {
                format!("unchanged or missing: {unchanged:?}")
            }))
        })
        .await
    }

    /// Waits until the session cookies hold `email`'s own session again, the one saved on the
    /// first visit (H3: the widget identified afresh after a forged cookie). A reaction to
    /// the identify answer of the page load: [`Self::react`].
    ///
    /// # Errors
    /// A timeout naming the cookies that differ.
    pub async fn wait_for_saved_session_again(&mut self, email: &str) -> Result<()> {
        let before = self.saved_cookies.clone();
        let client = self.client().await?.clone();
        self.react(
            &format!("the session cookies to hold {email}'s own session again"),
            || async {
                let now = cookies::all(&client).await?;
                let differing = cookies::session_cookies_differing(&before, &now);
                Ok(Probe::ready_if(differing.is_empty(), || {
                    format!("differing: {differing:?}")
                }))
            },
        )
        .await
    }

    /// Watches that the session cookies stay the ones saved on the first visit (C4): a
    /// negative check ([`Self::watch_never`]).
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] naming the cookies that changed or went.
    pub async fn watch_saved_session_kept(&mut self) -> Result<()> {
        let before = self.saved_cookies.clone();
        let client = self.client().await?.clone();
        self.watch_never("the session cookies of the first visit to stay", || async {
            let now = cookies::all(&client).await?;
            let differing = cookies::session_cookies_differing(&before, &now);
            Ok((!differing.is_empty()).then(|| format!("{differing:?} changed or went")))
        })
        .await
    }

    /// The browser clears all its cookies (C7); returns the session cookies it still holds.
    ///
    /// # Errors
    /// WebDriver errors.
    pub async fn browser_clears_cookies(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        cookies::clear(&client).await?;
        cookies_left(&client, &SESSION_COOKIES).await
    }

    /// The browser lets the three session cookies expire; returns those it still holds.
    ///
    /// # Errors
    /// WebDriver errors.
    pub async fn browser_expires_session_cookies(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        for name in SESSION_COOKIES {
            cookies::expire(&client, name).await?;
        }
        cookies_left(&client, &SESSION_COOKIES).await
    }

    /// The browser loses the cookie `name` only; returns it when the browser still holds it.
    ///
    /// # Errors
    /// WebDriver errors.
    pub async fn browser_loses_cookie(&mut self, name: &str) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        cookies::delete(&client, name).await?;
        cookies_left(&client, &[name]).await
    }

    /// Puts `value` into the browser's cookie `name` (H3's forgery), notes it as the
    /// tampered value, and returns what the browser then holds in that cookie.
    ///
    /// # Errors
    /// WebDriver errors.
    pub async fn tamper_with_cookie(&mut self, name: &str, value: &str) -> Result<Option<String>> {
        let client = self.client().await?.clone();
        cookies::replace(&client, name, value).await?;
        self.tampered_value = Some(value.to_owned());
        Ok(cookies::get(&client, name).await?.map(|c| c.value))
    }

    /// The value of the cookie `name`, once the three session cookies are set
    /// ([`Self::session_cookies`]).
    ///
    /// # Errors
    /// A timeout when the session cookies are not set; WebDriver errors.
    pub async fn session_cookie_value(&mut self, name: &str) -> Result<Option<String>> {
        self.session_cookies().await?;
        let client = self.client().await?;
        Ok(cookies::get(client, name).await?.map(|c| c.value))
    }

    /// The contact uuid the browser's session cookie holds now, if any (no wait).
    ///
    /// # Errors
    /// WebDriver errors.
    pub(super) async fn contact_uuid_cookie(&mut self) -> Result<Option<String>> {
        let client = self.client().await?;
        Ok(cookies::get(client, SESSION_COOKIES[1])
            .await?
            .map(|c| c.value))
    }

    /// The uuid the backend gave `email`'s contact in this workspace (what the uuid cookie of
    /// that contact's session holds).
    ///
    /// # Errors
    /// Mock errors, or no such contact.
    pub async fn contact_uuid(&self, email: &str) -> Result<String> {
        self.suite()
            .backend
            .contact_uuid(&self.workspace.widget_id, email)
            .await
    }
}

/// Which of the cookies `gone` the browser still holds: the browser must really have dropped
/// them, or the scenario would prove nothing.
async fn cookies_left(client: &fantoccini::Client, gone: &[&str]) -> Result<Vec<String>> {
    Ok(cookies::all(client)
        .await?
        .into_iter()
        .filter(|c| gone.contains(&c.name.as_str()))
        .map(|c| c.name)
        .collect())
}
