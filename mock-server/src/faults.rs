//! Fault injection (H1): the admin API makes the next calls of one route of one workspace
//! answer a given status, wait first, hold their answer until released, or lose their
//! connection, so the suite can show how a widget behaves when the backend fails or is slow.
//! This module holds the faults and the held answers; the layer that applies them is
//! [`crate::fault_injection`].

use std::sync::Mutex;

use tokio::sync::oneshot;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest delay a fault may ask for, so a typo cannot hang a suite for hours. A held
/// answer that nobody releases goes on after this long too.
pub const MAX_DELAY_MS: u64 = 120_000;

/// What `POST /admin/workspaces/{wid}/faults` asks for.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// `METHOD /route-template` as the journal names routes, e.g. `POST /widget/v1/identify`.
    pub route: String,
    /// Answer this status (400–599) with a JSON error body instead of running the handler.
    pub status: Option<u16>,
    /// Wait this long (ms, at most 120000) before answering.
    pub delay_ms: Option<u64>,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop: bool,
    /// Hold the answer until released (`POST …/faults/release`, or clearing the faults), then
    /// answer as the rest of the fault says (normally when it says nothing else). Like MSW's
    /// `delay('infinite')`, with a release; a hold nobody releases ends after
    /// [`MAX_DELAY_MS`].
    #[serde(default)]
    pub hold: bool,
    /// Only for the next `times` calls; every call until cleared when absent.
    pub times: Option<u32>,
}

/// A fault in force.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Fault {
    /// `METHOD /route-template`.
    pub route: String,
    /// Status answered, if any.
    pub status: Option<u16>,
    /// Delay before answering, if any.
    pub delay_ms: Option<u64>,
    /// Whether the connection is dropped.
    pub drop: bool,
    /// Whether the answer is held until released.
    #[serde(default)]
    pub hold: bool,
    /// Calls left; `None`: until cleared.
    pub remaining: Option<u32>,
}

impl Fault {
    /// Checks a spec; `route` is normalised to an upper-case method.
    ///
    /// # Errors
    /// A message saying what is wrong with the spec.
    pub fn from_spec(spec: FaultSpec) -> Result<Self, String> {
        let (method, path) = spec
            .route
            .trim()
            .split_once(' ')
            .ok_or("`route` must be `METHOD /path`, e.g. `POST /widget/v1/identify`")?;
        if method.is_empty()
            || !method.chars().all(|c| c.is_ascii_alphabetic())
            || !path.starts_with('/')
        {
            return Err("`route` must be `METHOD /path`, e.g. `POST /widget/v1/identify`".into());
        }
        if let Some(status) = spec.status
            && !(400..=599).contains(&status)
        {
            return Err("`status` must be between 400 and 599".into());
        }
        if spec.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
            return Err(format!("`delay_ms` must be at most {MAX_DELAY_MS}"));
        }
        if spec.status.is_some() && spec.drop {
            return Err(
                "a fault either answers a `status` or drops the connection, not both".into(),
            );
        }
        if spec.hold && spec.delay_ms.is_some() {
            return Err("a fault either holds its answer or delays it, not both".into());
        }
        if spec.status.is_none() && spec.delay_ms.is_none() && !spec.drop && !spec.hold {
            return Err("a fault needs `status`, `delay_ms`, `hold` or `drop`".into());
        }
        if spec.times == Some(0) {
            return Err("`times` must be at least 1 (leave it out for every call)".into());
        }
        Ok(Self {
            route: format!("{} {}", method.to_ascii_uppercase(), path.trim()),
            status: spec.status,
            delay_ms: spec.delay_ms,
            drop: spec.drop,
            hold: spec.hold,
            remaining: spec.times,
        })
    }

    /// How the journal describes this fault: `status 500`, `delay 200ms`, `hold`, `drop`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.hold {
            parts.push("hold".into());
        }
        if let Some(d) = self.delay_ms {
            parts.push(format!("delay {d}ms"));
        }
        if let Some(s) = self.status {
            parts.push(format!("status {s}"));
        }
        if self.drop {
            parts.push("drop".into());
        }
        parts.join(", ")
    }
}

/// An answer held by a `hold` fault: its route and the sender that lets it go.
#[derive(Debug)]
struct Held {
    route: String,
    release: oneshot::Sender<()>,
}

/// The faults of one workspace, oldest first; the oldest matching one applies. Also the
/// answers its `hold` faults are holding, oldest first.
#[derive(Debug, Default)]
pub struct Faults {
    list: Mutex<Vec<Fault>>,
    held: Mutex<Vec<Held>>,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_held(&self) -> std::sync::MutexGuard<'_, Vec<Held>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Holds an answer of `route`: the returned receiver completes when it is released (or
    /// its sender is dropped, which a clear does too).
    pub fn hold(&self, route: &str) -> oneshot::Receiver<()> {
        let (release, released) = oneshot::channel();
        self.lock_held().push(Held {
            route: route.to_owned(),
            release,
        });
        released
    }

    /// How many answers of `route` (of every route when `None`) are held now.
    pub fn held(&self, route: Option<&str>) -> usize {
        self.lock_held()
            .iter()
            .filter(|h| !h.release.is_closed() && route.is_none_or(|r| h.route == r))
            .count()
    }

    /// Releases the oldest `count` held answers of `route` (every route when `None`; all of
    /// them when `count` is `None`) and says how many it released. Holds whose caller has
    /// gone (a closed connection, a hold past [`MAX_DELAY_MS`]) are dropped, not counted.
    pub fn release(&self, route: Option<&str>, count: Option<usize>) -> usize {
        let mut held = self.lock_held();
        held.retain(|h| !h.release.is_closed());
        let mut released = 0;
        let mut kept = Vec::with_capacity(held.len());
        for h in held.drain(..) {
            let wanted = route.is_none_or(|r| h.route == r) && count.is_none_or(|n| released < n);
            if !wanted {
                kept.push(h);
            } else if h.release.send(()).is_ok() {
                released += 1;
            }
        }
        *held = kept;
        released
    }

    /// Adds a fault after the ones already in force.
    pub fn add(&self, fault: Fault) {
        self.lock().push(fault);
    }

    /// Removes every fault and releases every held answer, so nothing waits on a fault that
    /// is gone.
    pub fn clear(&self) {
        self.lock().clear();
        self.release(None, None);
    }

    /// The faults in force.
    pub fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    /// The fault for this call of `route`, counting the call against it.
    pub fn take(&self, route: &str) -> Option<Fault> {
        let mut list = self.lock();
        let index = list.iter().position(|f| f.route == route)?;
        let fault = list[index].clone();
        match &mut list[index].remaining {
            Some(1) => {
                list.remove(index);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(route: &str) -> FaultSpec {
        FaultSpec {
            route: route.into(),
            status: Some(500),
            delay_ms: None,
            drop: false,
            hold: false,
            times: None,
        }
    }

    #[test]
    fn specs_are_checked() {
        assert!(
            Fault::from_spec(spec("post /widget/v1/identify"))
                .is_ok_and(|f| f.route == "POST /widget/v1/identify")
        );
        assert!(Fault::from_spec(spec("/widget/v1/identify")).is_err());
        assert!(Fault::from_spec(spec("POST widget")).is_err());
        assert!(
            Fault::from_spec(FaultSpec {
                status: Some(200),
                ..spec("GET /x")
            })
            .is_err()
        );
        assert!(
            Fault::from_spec(FaultSpec {
                status: None,
                ..spec("GET /x")
            })
            .is_err()
        );
        assert!(
            Fault::from_spec(FaultSpec {
                drop: true,
                ..spec("GET /x")
            })
            .is_err()
        );
        assert!(
            Fault::from_spec(FaultSpec {
                times: Some(0),
                ..spec("GET /x")
            })
            .is_err()
        );
        assert!(
            Fault::from_spec(FaultSpec {
                status: None,
                delay_ms: Some(MAX_DELAY_MS + 1),
                ..spec("GET /x")
            })
            .is_err()
        );
        assert!(
            Fault::from_spec(FaultSpec {
                status: None,
                hold: true,
                ..spec("GET /x")
            })
            .is_ok_and(|f| f.hold && f.describe() == "hold")
        );
        assert!(
            Fault::from_spec(FaultSpec {
                hold: true,
                delay_ms: Some(10),
                ..spec("GET /x")
            })
            .is_err()
        );
    }

    #[test]
    fn held_answers_are_released_oldest_first_by_route_and_all_on_clear() {
        let faults = Faults::default();
        let mut first = faults.hold("GET /x");
        let mut other = faults.hold("GET /y");
        let mut second = faults.hold("GET /x");
        assert_eq!(faults.held(Some("GET /x")), 2);
        assert_eq!(faults.release(Some("GET /x"), Some(1)), 1);
        assert!(first.try_recv().is_ok());
        assert!(second.try_recv().is_err());
        assert!(other.try_recv().is_err());
        assert_eq!(faults.held(None), 2);
        drop(second);
        assert_eq!(
            faults.release(Some("GET /x"), None),
            0,
            "its caller is gone"
        );
        faults.clear();
        assert!(other.try_recv().is_ok());
        assert_eq!(faults.held(None), 0);
    }

    #[test]
    fn a_fault_for_k_calls_applies_k_times_oldest_first() {
        let faults = Faults::default();
        let mut first = Fault::from_spec(spec("GET /x")).unwrap_or_else(|e| panic!("{e}"));
        first.remaining = Some(2);
        let mut second = first.clone();
        second.status = Some(503);
        second.remaining = None;
        faults.add(first);
        faults.add(second);
        assert_eq!(faults.take("GET /x").and_then(|f| f.status), Some(500));
        assert_eq!(faults.take("GET /x").and_then(|f| f.status), Some(500));
        assert_eq!(faults.take("GET /x").and_then(|f| f.status), Some(503));
        assert_eq!(faults.take("GET /x").and_then(|f| f.status), Some(503));
        assert!(faults.take("GET /y").is_none());
        faults.clear();
        assert!(faults.take("GET /x").is_none());
    }
}
