//! Reads taken while the page's identify call is still unanswered: what the widget must
//! already do, or must not yet do, before the backend has said who the contact is (E2: ready
//! without waiting; B1: no email form for a contact being identified).

use crate::{
    backend::IDENTIFY_ROUTE,
    browser::wait::Probe,
    error::{Result, SuiteError},
    pages::{herodesk, widget_frame},
    world::HerodeskWorld,
};

impl HerodeskWorld {
    /// True while an identify call of this page load is in flight.
    async fn identify_in_flight(&self) -> Result<bool> {
        let calls = self
            .suite()
            .backend
            .journal(&self.workspace.widget_id, Some(IDENTIFY_ROUTE), self.mark)
            .await?;
        Ok(calls.iter().any(|c| c.in_flight))
    }

    /// Waits until an identify call of this page load is in flight.
    async fn wait_identify_in_flight(&self) -> Result<()> {
        self.react("an identify call in flight", || async {
            Ok(Probe::ready_if(self.identify_in_flight().await?, || {
                "no identify call in flight".into()
            }))
        })
        .await
    }

    /// Fails, naming `what` was read, when the identify call had answered by the time it was
    /// read: the read proves nothing about the identifying state then.
    async fn still_in_flight(&self, what: &str) -> Result<()> {
        if self.identify_in_flight().await? {
            return Ok(());
        }
        Err(SuiteError::Expectation(format!(
            "the identify call answered before {what} could be read while it was in flight; \
             the scenario's backend delay is too short for this machine"
        )))
    }

    /// Waits for an identify call of this page load to be in flight, then for
    /// `Herodesk.isReady` to be true, and fails when the call had answered by then: a widget
    /// that is ready only once identify answers keeps a page from using it for as long as the
    /// backend takes (E2).
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] saying the widget became ready only after identify
    /// answered; timeouts; mock or WebDriver errors.
    pub async fn ready_while_identify_unanswered(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.wait_identify_in_flight().await?;
        self.react("Herodesk.isReady to be true", || async {
            let state = herodesk::state(&client).await?;
            Ok(Probe::ready_if(state.is_ready == Some(true), || {
                format!("isReady is {}", herodesk::in_words(state.is_ready))
            }))
        })
        .await?;
        if self.identify_in_flight().await? {
            Ok(())
        } else {
            Err(SuiteError::Expectation(
                "expected Herodesk.isReady to be true while the identify call was unanswered; \
                 it turned true only after the backend had answered"
                    .into(),
            ))
        }
    }

    /// Whether the open panel shows the email form while the identify call of this page load
    /// is in flight (B1: a contact booted with a token is never asked for an email, not even
    /// before the answer).
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] when the call answered before the form could be read;
    /// timeouts; mock or WebDriver errors.
    pub async fn email_form_while_identify_unanswered(&mut self) -> Result<bool> {
        let client = self.client().await?.clone();
        self.wait_identify_in_flight().await?;
        self.react("the chat panel to be open", || async {
            let open = widget_frame::panel_open(&client).await?;
            Ok(Probe::ready_if(open, || "the panel is closed".into()))
        })
        .await?;
        let shown = widget_frame::email_form_displayed(&client).await?;
        self.still_in_flight("the email form").await?;
        Ok(shown)
    }
}
