//! Ctrl-C and SIGTERM: stop every driver and browser at once, and let the run end with a value
//! that says it was interrupted.
//!
//! The library never exits the process itself: `std::process::exit` would skip destructors, so
//! the temporary browser profiles and the mock would outlive an interrupted run. Instead the
//! runner races its work against [`stop_on_signal`], which stops every driver and browser when
//! a signal arrives; the runner then drops the unfinished work (destructors run) and returns an
//! interrupted verdict; `main` turns its [`Interruption`] into the exit code.

use std::sync::atomic::{AtomicI32, Ordering};

use tokio::signal::unix::{Signal, SignalKind, signal};

use super::reaper;

/// The signal that interrupted a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// SIGINT: Ctrl-C in a terminal.
    Sigint,
    /// SIGTERM: a CI job cancelled, a container stopped.
    Sigterm,
}

impl Interruption {
    /// The exit code shells use for a process ended by this signal (128 + its number), so a
    /// CI system reads an interrupted run as interrupted, not as a verdict on the widget.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Sigint => 130,
            Self::Sigterm => 143,
        }
    }

    fn from_exit_code(code: i32) -> Option<Self> {
        match code {
            130 => Some(Self::Sigint),
            143 => Some(Self::Sigterm),
            _ => None,
        }
    }
}

impl std::fmt::Display for Interruption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sigint => "SIGINT (Ctrl-C)",
            Self::Sigterm => "SIGTERM",
        })
    }
}

/// The exit code of the signal that interrupted a run of this process (0: none yet). Kept
/// after the run returns: the reaper refuses new drivers from then on, so a caller that runs
/// again (the breakage test, the benchmark) gets "interrupted" at once instead of a run whose
/// every browser fails to start.
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// The signal that interrupted an earlier run of this process, if any.
pub fn interrupted() -> Option<Interruption> {
    Interruption::from_exit_code(INTERRUPTED.load(Ordering::SeqCst))
}

/// Listens for SIGINT and SIGTERM from the moment it is made: create it before the first
/// driver starts, or a Ctrl-C in between ends the process the default way, leaving browsers.
#[derive(Debug)]
pub struct Listener {
    signals: Option<(Signal, Signal)>,
}

impl Listener {
    /// Starts listening. If the handlers cannot be installed (no signal support), the
    /// listener never fires and signals keep their default effect, as before the suite.
    pub fn new() -> Self {
        let signals = match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(int), Ok(term)) => Some((int, term)),
            _ => None,
        };
        Self { signals }
    }

    /// Waits for the first SIGINT or SIGTERM and records it (see [`interrupted`]).
    pub async fn recv(&mut self) -> Interruption {
        let Some((int, term)) = &mut self.signals else {
            return std::future::pending().await;
        };
        let which = tokio::select! {
            _ = int.recv() => Interruption::Sigint,
            _ = term.recv() => Interruption::Sigterm,
        };
        INTERRUPTED.store(i32::from(which.exit_code()), Ordering::SeqCst);
        which
    }
}

impl Default for Listener {
    fn default() -> Self {
        Self::new()
    }
}

/// Waits for SIGINT or SIGTERM on `listener`, then stops everything ([`stop_everything`]) and
/// says which signal it was.
pub async fn stop_on_signal(mut listener: Listener) -> Interruption {
    let signal = listener.recv().await;
    stop_everything().await;
    signal
}

/// Stops every driver (and so every browser) and closes every remote session, for good: no
/// driver may start afterwards. Done before the interrupted work is dropped, so what the
/// scenarios still hold is already dead and their destructors only tidy up (profiles, files).
pub async fn stop_everything() {
    eprintln!("\ninterrupted: stopping browsers and drivers…");
    let _ = tokio::task::spawn_blocking(reaper::shutdown_all).await;
    reaper::close_remote_sessions().await;
}
