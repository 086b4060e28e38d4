//! Watching the widget over time, for promises about what it must *never* show, not only
//! what it shows in the end: no optimistic "verified" before the backend answered (B4), no
//! anonymous frame before the booted identity (D2), no prompt or event that must not come.

use std::time::Duration;

use crate::{
    backend::{IDENTIFY_ROUTE, identify_email},
    browser::wait::{DEFAULT_TIMEOUT, Probe, holds, until},
    error::{Result, SuiteError},
    pages::{host_watch, widget_frame},
    world::HerodeskWorld,
};

/// How long a "never" must hold when nothing else bounds it.
pub const NEVER_FOR: Duration = Duration::from_millis(1500);

impl HerodeskWorld {
    /// Waits until an identify call of this page load has been in flight (sent, not answered)
    /// for at least `unanswered`, by the mock's clock: a later call then comes long after
    /// the first, not in the same breath (H2).
    ///
    /// # Errors
    /// A timeout saying what the journal held.
    pub async fn wait_for_identify_unanswered_for(&mut self, unanswered: Duration) -> Result<()> {
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let mark = self.mark;
        let what = format!(
            "an identify call to be unanswered for {} ms",
            unanswered.as_millis()
        );
        until(&what, DEFAULT_TIMEOUT, || async {
            let calls = backend.journal(&wid, Some(IDENTIFY_ROUTE), mark).await?;
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64);
            let long_enough = calls.iter().any(|c| {
                c.in_flight && now_ms.saturating_sub(c.at_ms) >= unanswered.as_millis() as u64
            });
            Ok(Probe::ready_if(long_enough, || {
                format!(
                    "{} identify call(s), in flight: {}",
                    calls.len(),
                    calls.iter().filter(|c| c.in_flight).count()
                )
            }))
        })
        .await
    }

    /// The contact states the widget's frame showed on this page, from the frame's first
    /// frame on (recorded by the host page). For a cross-origin frame, which the page cannot
    /// watch, the states read through WebDriver for a moment stand in.
    ///
    /// # Errors
    /// WebDriver errors.
    pub async fn contact_states_since_load(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        let states = host_watch::contact_states(&client).await?;
        if !states.iter().any(|s| s == "unobservable") {
            return Ok(states);
        }
        eprintln!("note: the widget's frame is cross-origin; its states are polled instead");
        let polled = std::sync::Mutex::new(Vec::<String>::new());
        holds("the polled states", NEVER_FOR, || async {
            if let Some(view) = widget_frame::contact(&client).await? {
                let mut states = polled.lock().unwrap_or_else(|e| e.into_inner());
                if states.last() != Some(&view.state) {
                    states.push(view.state);
                }
            }
            Ok(None)
        })
        .await?;
        Ok(polled.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// Fails the moment the widget's email-verification prompt shows, watching for a while.
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] when it shows; WebDriver errors.
    pub async fn watch_no_verification_prompt(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.watch_never("no email-verification prompt for this contact", || async {
            Ok(widget_frame::verification_prompt_displayed(&client)
                .await?
                .then(|| "the widget showed its verification prompt".to_owned()))
        })
        .await
    }

    /// Waits until this page load's identify call for `email` (compared trimmed and
    /// case-insensitively) has been answered, whatever the answer: a later check then sees
    /// what that answer did to the widget.
    ///
    /// # Errors
    /// A timeout saying which identify calls the journal held.
    pub async fn wait_for_identify_answered(&mut self, email: &str) -> Result<()> {
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let mark = self.mark;
        let wanted = email.trim().to_lowercase();
        until(
            &format!("the identify call for {email} to be answered"),
            DEFAULT_TIMEOUT + Duration::from_secs(5),
            || async {
                let calls = backend.journal(&wid, Some(IDENTIFY_ROUTE), mark).await?;
                let answered = calls
                    .iter()
                    .any(|c| !c.in_flight && identify_email(c).as_deref() == Some(wanted.as_str()));
                Ok(Probe::ready_if(answered, || {
                    format!(
                        "identify calls: {:?}",
                        calls
                            .iter()
                            .map(|c| (identify_email(c), c.in_flight, c.status))
                            .collect::<Vec<_>>()
                    )
                }))
            },
        )
        .await
    }

    /// The contact the widget shows while this page load's identify call is in flight: waits
    /// for the call, reads the widget, and checks the call was still unanswered after the
    /// read, so what was read is what the widget shows *before* the answer.
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] when the call ended before the widget could be read (the
    /// scenario holds the answer, so the widget gave up on it), a timeout when no call comes.
    pub async fn contact_while_identify_unanswered(&mut self) -> Result<widget_frame::ContactView> {
        let client = self.client().await?.clone();
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let mark = self.mark;
        let in_flight = || async {
            let calls = backend.journal(&wid, Some(IDENTIFY_ROUTE), mark).await?;
            Ok::<_, SuiteError>(calls.iter().any(|c| c.in_flight))
        };
        self.react("an identify call in flight", || async {
            Ok(Probe::ready_if(in_flight().await?, || {
                "no identify call in flight".into()
            }))
        })
        .await?;
        let view = self
            .react("the widget's contact", || async {
                Ok(match widget_frame::contact(&client).await? {
                    Some(view) => Probe::Ready(view),
                    None => Probe::NotYet("no widget iframe or contact element yet".into()),
                })
            })
            .await?;
        if !in_flight().await? {
            return Err(SuiteError::Expectation(format!(
                "the identify call ended before the widget could be read (it showed {view:?}); \
                 the scenario holds its answer, so the widget gave up on it or made no call"
            )));
        }
        Ok(view)
    }

    /// Watches that the widget keeps showing `email` in `state` for a while, failing the
    /// moment it shows anything else (a late answer for another contact, a dropped session).
    ///
    /// # Errors
    /// [`SuiteError::Expectation`] naming what it showed instead; WebDriver errors.
    pub async fn keeps_showing_contact(&mut self, email: &str, state: &str) -> Result<()> {
        let client = self.client().await?.clone();
        let wanted = email.trim().to_lowercase();
        self.watch_never(
            &format!("the widget to keep showing {email} as {state}"),
            || async {
                Ok(match widget_frame::contact(&client).await? {
                    Some(v) if v.state == state && v.email.trim().to_lowercase() == wanted => None,
                    other => Some(format!("it showed {other:?}")),
                })
            },
        )
        .await
    }

    /// Waits until a call to `route` made since the journal mark has been answered with
    /// `status` (an injected fault has done its work).
    ///
    /// # Errors
    /// A timeout listing the calls to that route and their answers.
    pub async fn wait_for_answer(&mut self, route: &str, status: u16) -> Result<()> {
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        let mark = self.mark;
        self.react(&format!("a call to {route} answered {status}"), || async {
            let calls = backend.journal(&wid, Some(route), mark).await?;
            Ok(Probe::ready_if(
                calls.iter().any(|c| !c.in_flight && c.status == status),
                || {
                    format!(
                        "answers: {:?}",
                        calls.iter().map(|c| c.status).collect::<Vec<_>>()
                    )
                },
            ))
        })
        .await
    }
}
