//! The World's in-flight windows made by holding the backend's answers (the mock's `hold`
//! fault) instead of delaying them a fixed time: the suite acts while a call is in flight,
//! as the journal shows it, and then lets the answer go. Nothing here races a timer, so a
//! slow machine cannot make an answer land before the step that needed it in flight.

use std::time::Duration;

use super::HerodeskWorld;
use crate::{
    backend::{Entry, IDENTIFY_ROUTE, identify_email},
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    error::{Result, SuiteError},
    pages::widget_frame,
};

/// How long the widget must keep showing a not-yet-verified contact while identify is held
/// before the answer is let go (B4): the watch saw it rendered, and a moment more catches a
/// build that turns it verified on a short timer of its own.
const HELD_WATCH: Duration = Duration::from_millis(500);

impl HerodeskWorld {
    /// This scenario's identify calls since the journal mark.
    async fn identify_calls(&self) -> Result<Vec<Entry>> {
        self.suite()
            .backend
            .journal(&self.workspace.widget_id, Some(IDENTIFY_ROUTE), self.mark)
            .await
    }

    /// Waits until an identify call of this page load is in flight (sent, not answered), as
    /// the journal shows it.
    ///
    /// # Errors
    /// A timeout saying which identify calls the journal held.
    pub async fn wait_for_identify_in_flight(&mut self) -> Result<()> {
        let this = &*self;
        self.react("an identify call in flight", || async {
            let calls = this.identify_calls().await?;
            Ok(Probe::ready_if(calls.iter().any(|c| c.in_flight), || {
                format!("{} identify call(s), none in flight", calls.len())
            }))
        })
        .await
    }

    /// Lets every identify answer the mock is holding go on.
    ///
    /// # Errors
    /// A timeout when no identify call comes; [`SuiteError::Expectation`] when none was held
    /// (the call had already ended); mock errors.
    pub async fn release_held_identify_calls(&mut self) -> Result<()> {
        // A boot's call may still be on its way to the mock: wait until it is held.
        self.wait_for_identify_in_flight().await?;
        let wid = self.workspace.widget_id.clone();
        let released = self
            .suite()
            .backend
            .release_held(&wid, IDENTIFY_ROUTE, None)
            .await?;
        if released == 0 {
            let calls = self.identify_calls().await?;
            return Err(SuiteError::Expectation(format!(
                "no identify answer was held to let go; the journal has {} identify call(s) since the page load",
                calls.len()
            )));
        }
        Ok(())
    }

    /// Lets every answer the mock is holding on `route` go on, once a call of this page load
    /// to it is in flight.
    ///
    /// # Errors
    /// A timeout when no call comes; [`SuiteError::Expectation`] when none was held (the call
    /// had already ended); mock errors.
    pub async fn release_held_calls(&mut self, route: &str) -> Result<()> {
        self.wait_for_in_flight(route).await?;
        let wid = self.workspace.widget_id.clone();
        let released = self.suite().backend.release_held(&wid, route, None).await?;
        if released == 0 {
            return Err(SuiteError::Expectation(format!(
                "no answer to {route} was held to let go"
            )));
        }
        Ok(())
    }

    /// Lets the held answer of the identify call for `email` go on, the oldest held one, and
    /// checks first that it is that call (held answers are let go oldest first).
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] when the oldest identify call in flight is not for
    /// `email`, or nothing was held; mock errors.
    pub async fn release_identify_of(&mut self, email: &str) -> Result<()> {
        let wanted = email.trim().to_lowercase();
        let calls = self.identify_calls().await?;
        let oldest = calls.iter().filter(|c| c.in_flight).min_by_key(|c| c.seq);
        if oldest.and_then(identify_email).as_deref() != Some(wanted.as_str()) {
            return Err(SuiteError::Expectation(format!(
                "expected the identify call for {email} to be the oldest in flight; in flight: {:?}",
                calls
                    .iter()
                    .filter(|c| c.in_flight)
                    .map(identify_email)
                    .collect::<Vec<_>>()
            )));
        }
        let wid = self.workspace.widget_id.clone();
        let released = self
            .suite()
            .backend
            .release_held(&wid, IDENTIFY_ROUTE, Some(1))
            .await?;
        if released == 0 {
            return Err(SuiteError::Expectation(format!(
                "the identify call for {email} was in flight but no answer was held for it"
            )));
        }
        Ok(())
    }

    /// B4 with the identify answer held: waits for the call in flight and the contact on the
    /// page, and fails the moment the widget shows it verified; passes once it has shown a
    /// not-verified contact for [`HELD_WATCH`] with the call still held.
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] naming the early "verified" (also when no identify call
    /// was made at all); a timeout when nothing shows; WebDriver or mock errors.
    pub async fn watch_not_verified_while_identify_held(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        let this = &*self;
        let since = std::sync::Mutex::new(None::<tokio::time::Instant>);
        until(
            "the widget to show the contact, not verified, while the identify call is held",
            DEFAULT_TIMEOUT + HELD_WATCH,
            || async {
                let calls = this.identify_calls().await?;
                let answered = calls.iter().any(|c| !c.in_flight);
                // Read the widget after the journal: a "verified" now, with no answer seen
                // before it, came before the backend answered.
                let view = widget_frame::contact(&client).await?;
                if let Some(v) = view.as_ref().filter(|v| v.state == "verified")
                    && !answered
                {
                    return Err(SuiteError::Expectation(format!(
                        "the widget showed {:?} as verified while the identify call was still unanswered ({} call(s), none answered)",
                        v.email,
                        calls.len()
                    )));
                }
                if answered {
                    return Err(SuiteError::Expectation(
                        "the held identify call answered before the suite let it go".into(),
                    ));
                }
                let shown = view.is_some() && calls.iter().any(|c| c.in_flight);
                let mut since = since.lock().unwrap_or_else(|e| e.into_inner());
                let first = *since.get_or_insert_with(tokio::time::Instant::now);
                if !shown {
                    *since = None;
                }
                Ok(Probe::ready_if(shown && first.elapsed() >= HELD_WATCH, || {
                    format!("contact {view:?}, {} identify call(s)", calls.len())
                }))
            },
        )
        .await
    }
}
