//! Waiting on conditions: every wait has a timeout and says what did not happen.

use std::{future::Future, time::Duration};

use tokio::time::{Instant, sleep};

use crate::error::{Result, WaitError};

/// How long a condition may take by default: a page load plus a widget boot plus slack for a
/// loaded 2-core machine.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a condition is probed.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// A probe that takes this long to answer was kept waiting by the page (a trivial read of a
/// page takes milliseconds, seconds only when its main thread is held) ...
const SLOW_ANSWER: Duration = Duration::from_secs(3);
/// ... and this many such answers in a row end the wait: a page held by the widget makes
/// every probe as late, and a wait of 10 s would take minutes. One late answer may be a
/// loaded machine's; the after-scenario check names the held main thread (spec I6).
const SLOW_ANSWERS: u32 = 2;

/// Awaits one question of a wait whose own end is `deadline`: a question the page has not
/// answered `2 × SLOW_ANSWER` after that end is given up (a page held by the widget can keep
/// a WebDriver command waiting for minutes; measured: 100 s in Chromium for a page busy 5 s
/// out of every 5.05 s). An honest wait has failed by then anyway. The browser's session may
/// be left mid-command: the after-scenario check finds the page stuck and discards it.
async fn answered<T>(
    what: &str,
    deadline: Instant,
    question: impl Future<Output = Result<T>>,
) -> Result<T> {
    let give_up = deadline.max(Instant::now()) + SLOW_ANSWER * SLOW_ANSWERS;
    match tokio::time::timeout_at(give_up, question).await {
        Ok(answer) => answer,
        Err(_) => Err(crate::error::SuiteError::Expectation(format!(
            "waiting for {what}, the page did not answer a question for {} s past the wait's end (is its main thread held?)",
            (SLOW_ANSWER * SLOW_ANSWERS).as_secs()
        ))),
    }
}

/// What a probe saw.
#[derive(Debug)]
pub enum Probe<T> {
    /// The condition holds; the value is the result of the wait.
    Ready(T),
    /// Not yet; the text says what was seen instead (used in the timeout message).
    NotYet(String),
}

impl Probe<()> {
    /// Ready when `ok`; otherwise not yet, with what `seen` says was seen instead.
    pub fn ready_if(ok: bool, seen: impl FnOnce() -> String) -> Self {
        if ok {
            Self::Ready(())
        } else {
            Self::NotYet(seen())
        }
    }
}

/// Polls `probe` until it is ready or `timeout` passes.
///
/// # Errors
/// [`WaitError`] naming `what` and the last observation; any error of the probe itself.
pub async fn until<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Probe<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut slow_in_a_row = 0;
    loop {
        let asked = Instant::now();
        let last_seen = match answered(what, deadline, probe()).await? {
            Probe::Ready(value) => return Ok(value),
            Probe::NotYet(seen) => seen,
        };
        slow_in_a_row = if asked.elapsed() >= SLOW_ANSWER {
            slow_in_a_row + 1
        } else {
            0
        };
        if slow_in_a_row >= SLOW_ANSWERS {
            return Err(crate::error::SuiteError::Expectation(format!(
                "waiting for {what}, the page answered {SLOW_ANSWERS} questions in a row {} s or more late each (is its main thread held?); last seen: {last_seen}",
                SLOW_ANSWER.as_secs()
            )));
        }
        if Instant::now() >= deadline {
            return Err(WaitError {
                what: what.to_owned(),
                timeout,
                last_seen,
            }
            .into());
        }
        sleep(POLL_INTERVAL).await;
    }
}

/// Polls `read` until its value has stayed the same for `quiet` (a settled value), within
/// `timeout`. Used to assert that something did *not* happen: a call count is only trusted
/// once nothing has changed it for a while.
///
/// # Errors
/// [`WaitError`] when the value keeps changing.
pub async fn settled<T, F, Fut>(
    what: &str,
    quiet: Duration,
    timeout: Duration,
    mut read: F,
) -> Result<T>
where
    T: PartialEq + std::fmt::Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let deadline = Instant::now() + timeout;
    let mut value = answered(what, deadline, read()).await?;
    let mut since = Instant::now();
    loop {
        if since.elapsed() >= quiet {
            return Ok(value);
        }
        if Instant::now() >= deadline {
            return Err(WaitError {
                what: format!("{what} to settle"),
                timeout,
                last_seen: format!("{value:?}, still changing"),
            }
            .into());
        }
        sleep(POLL_INTERVAL).await;
        let next = answered(what, deadline, read()).await?;
        if next != value {
            value = next;
            since = Instant::now();
        }
    }
}

/// Watches that something does not happen for `duration`: `probe` returns `Some(what
/// happened)` the moment it does, and the wait fails at once with that sentence. For
/// promises of the kind "never shows X": a transient state is caught while it lasts, not
/// only at the end.
///
/// # Errors
/// [`crate::error::SuiteError::Expectation`] with what `probe` saw, or the probe's error.
pub async fn holds<F, Fut>(what: &str, duration: Duration, mut probe: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<String>>>,
{
    let deadline = Instant::now() + duration;
    loop {
        if let Some(seen) = answered(what, deadline, probe()).await? {
            return Err(crate::error::SuiteError::Expectation(format!(
                "expected {what}, but {seen}"
            )));
        }
        if Instant::now() >= deadline {
            return Ok(());
        }
        sleep(POLL_INTERVAL).await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[test]
    fn ready_if_says_what_was_seen_only_when_not_ready() {
        assert!(matches!(
            Probe::ready_if(true, || unreachable!()),
            Probe::Ready(())
        ));
        assert!(
            matches!(Probe::ready_if(false, || "seen".into()), Probe::NotYet(s) if s == "seen")
        );
    }

    #[tokio::test]
    async fn holds_fails_the_moment_the_thing_happens_and_passes_when_it_never_does() {
        let n = AtomicU32::new(0);
        let err = holds("no flash", Duration::from_secs(2), || async {
            let now = n.fetch_add(1, Ordering::SeqCst);
            Ok((now == 2).then(|| "a flash at poll 2".to_owned()))
        })
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("no flash") && err.contains("poll 2"), "{err}");
        holds("quiet", Duration::from_millis(120), || async { Ok(None) })
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn until_returns_when_ready() {
        let n = AtomicU32::new(0);
        let v = until("n to reach 3", Duration::from_secs(2), || async {
            let now = n.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(if now >= 3 {
                Probe::Ready(now)
            } else {
                Probe::NotYet(format!("n = {now}"))
            })
        })
        .await
        .unwrap();
        assert_eq!(v, 3);
    }

    #[tokio::test]
    async fn until_times_out_with_what_and_last_seen() {
        let err = until("the moon", Duration::from_millis(120), || async {
            Ok(Probe::<()>::NotYet("clouds".into()))
        })
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("the moon") && err.contains("clouds"), "{err}");
    }

    #[tokio::test(start_paused = true)]
    async fn until_ends_when_the_page_answers_late_twice_in_a_row() {
        let n = AtomicU32::new(0);
        let started = Instant::now();
        let err = until("the badge", Duration::from_secs(60), || async {
            // Late, on time, late, late: the second pair ends the wait.
            let late = n.fetch_add(1, Ordering::SeqCst) != 1;
            if late {
                sleep(SLOW_ANSWER).await;
            }
            Ok(Probe::<()>::NotYet("no badge".into()))
        })
        .await
        .unwrap_err()
        .to_string();
        assert_eq!(n.load(Ordering::SeqCst), 4);
        assert!(started.elapsed() < Duration::from_secs(13), "{err}");
        assert!(
            err.contains("main thread held") && err.contains("the badge"),
            "{err}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_question_the_page_never_answers_ends_the_wait_soon_after_its_end() {
        let started = Instant::now();
        let err = until("the badge", Duration::from_secs(10), || async {
            std::future::pending::<()>().await;
            Ok(Probe::<()>::NotYet("never".into()))
        })
        .await
        .unwrap_err()
        .to_string();
        assert_eq!(started.elapsed(), Duration::from_secs(16), "{err}");
        assert!(
            err.contains("did not answer a question") && err.contains("the badge"),
            "{err}"
        );
        let err = holds("no badge", Duration::from_secs(3), || async {
            std::future::pending::<()>().await;
            Ok(None)
        })
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("main thread held"), "{err}");
    }

    #[tokio::test]
    async fn settled_waits_for_a_quiet_value() {
        let n = AtomicU32::new(0);
        let v = settled(
            "n",
            Duration::from_millis(150),
            Duration::from_secs(2),
            || async { Ok(n.fetch_add(1, Ordering::SeqCst).min(4)) },
        )
        .await
        .unwrap();
        assert_eq!(v, 4);
    }

    #[tokio::test]
    async fn settled_fails_when_the_value_never_settles() {
        let n = AtomicU32::new(0);
        let err = settled(
            "n",
            Duration::from_millis(200),
            Duration::from_millis(400),
            || async { Ok(n.fetch_add(1, Ordering::SeqCst)) },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("still changing"));
    }
}
