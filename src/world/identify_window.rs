//! Reads taken while the page's identify call is still unanswered: what the widget must
//! already do before the backend has said who the contact is (E2: ready without waiting).

use crate::{
    backend::IDENTIFY_ROUTE,
    error::{Result, SuiteError},
    pages::herodesk,
    wait::{DEFAULT_TIMEOUT, Probe, until},
    world::HerodeskWorld,
};

impl HerodeskWorld {
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
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let mark = self.mark;
        let in_flight = || async {
            let calls = backend.journal(&wid, Some(IDENTIFY_ROUTE), mark).await?;
            Ok::<_, SuiteError>(calls.iter().any(|c| c.in_flight))
        };
        until("an identify call in flight", DEFAULT_TIMEOUT, || async {
            Ok(Probe::ready_if(in_flight().await?, || {
                "no identify call in flight".into()
            }))
        })
        .await?;
        until("Herodesk.isReady to be true", DEFAULT_TIMEOUT, || async {
            let state = herodesk::state(&client).await?;
            Ok(Probe::ready_if(state.is_ready == Some(true), || {
                format!("isReady is {:?}", state.is_ready)
            }))
        })
        .await?;
        if in_flight().await? {
            Ok(())
        } else {
            Err(SuiteError::Expectation(
                "expected Herodesk.isReady to be true while the identify call was unanswered; \
                 it turned true only after the backend had answered"
                    .into(),
            ))
        }
    }
}
