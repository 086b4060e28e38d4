//! A bad guest is recognised once, not paid for in every scenario. A build that holds the
//! page's main thread for seconds, reloads or leaves the page again and again, opens windows
//! in a stream, floods a route or the site's cookies makes every later scenario slow (each
//! question to a held page waits for it; every reset of a browser whose site now refuses
//! requests fails and costs a new browser) and then fail for the same reason. Once one
//! scenario has shown such a gross breach, the scenarios that start after it fail at once,
//! charged to the same statement with the same evidence, without opening a browser; and the
//! scenarios running beside it are stopped at once (their browsers stopped through their
//! [`crate::deadline::Deadline`]): on a page held 5 s out of every 5.05 s a WebDriver command
//! can wait for minutes, so letting them run to their own end cost the whole scenario
//! timeout (measured: 120 s of a 121 s run in Chromium).

use std::sync::Mutex;

use tokio::sync::watch;

use super::{Breach, Evidence, blocks};

/// A main-thread block this long is no stall of a loaded machine (the worker would see that).
const GROSS_BLOCK_MS: f64 = 2000.0;
/// Windows opened, or documents loaded behind the suite's back, from this many on.
const GROSS_PAGES: usize = 3;
/// Cookies besides C1's, from this many on.
const GROSS_COOKIES: usize = 20;
/// Calls of one route within 10 s, from this many on.
const GROSS_CALLS: usize = 100;

/// The run's record of gross breaches (one per run, in [`crate::run::suite::Suite`]).
#[derive(Debug)]
pub struct GuestAlarm {
    tripped: Mutex<Option<Breach>>,
    /// Tells the scenarios in flight the moment the alarm trips.
    signal: watch::Sender<Option<Breach>>,
}

impl Default for GuestAlarm {
    fn default() -> Self {
        Self {
            tripped: Mutex::new(None),
            signal: watch::Sender::new(None),
        }
    }
}

impl GuestAlarm {
    /// Notes the breaches of a scenario whose evidence was `evidence`: the first gross one
    /// trips the alarm.
    pub fn note(&self, evidence: &Evidence, breaches: &[Breach]) {
        let Some(gross) = breaches.iter().find(|b| is_gross(evidence, b)) else {
            return;
        };
        let mut tripped = self.tripped.lock().unwrap_or_else(|e| e.into_inner());
        if tripped.is_none() {
            *tripped = Some(gross.clone());
            self.signal.send_replace(Some(gross.clone()));
        }
    }

    /// The breach that tripped the alarm, if one did: later scenarios fail with it at once.
    pub fn tripped(&self) -> Option<Breach> {
        self.tripped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Where a scenario in flight hears of the alarm: the breach, once it has tripped.
    pub fn subscribe(&self) -> watch::Receiver<Option<Breach>> {
        self.signal.subscribe()
    }

    /// Forgets what tripped it (a pass of second tries judges afresh).
    pub fn reset(&self) {
        *self.tripped.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.signal.send_replace(None);
    }
}

/// The failure of a scenario not run because the alarm had tripped.
pub fn not_run(breach: &Breach) -> Breach {
    Breach {
        spec: breach.spec,
        words: format!(
            "{} (seen in an earlier scenario of this run; not run again: a bad guest is recognised once)",
            breach.words
        ),
    }
}

/// True when `breach` makes the rest of the run slow or pointless (see the module's doc).
fn is_gross(evidence: &Evidence, breach: &Breach) -> bool {
    match breach.spec {
        "I6" => {
            evidence.stuck
                || evidence
                    .records
                    .iter()
                    .flat_map(|r| blocks(r, &evidence.core_waits))
                    .any(|b| b.ms >= GROSS_BLOCK_MS)
        }
        "I7" => {
            evidence.windows.unwrap_or(1) > GROSS_PAGES
                || evidence
                    .records
                    .iter()
                    .map(|r| r.window_open_count as usize)
                    .sum::<usize>()
                    >= GROSS_PAGES
                || evidence.host_loads >= evidence.suite_opens + GROSS_PAGES
                || evidence.moved_to.is_some()
        }
        "I8" => {
            let cookies = evidence
                .cookies
                .iter()
                .filter(|(name, _)| {
                    !crate::browser::cookies::SESSION_COOKIES.contains(&name.as_str())
                })
                .count();
            cookies >= GROSS_COOKIES
                || super::busiest_route(&evidence.calls).is_some_and(|(_, n)| n >= GROSS_CALLS)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::guest_watch::GuestRecord;

    fn breach(spec: &'static str) -> Breach {
        Breach {
            spec,
            words: format!("{spec} words"),
        }
    }

    #[test]
    fn a_small_breach_does_not_trip_it_and_a_gross_one_does() {
        let alarm = GuestAlarm::default();
        let small = Evidence {
            records: vec![GuestRecord {
                gaps: vec![(0.0, 600.0)],
                ..GuestRecord::default()
            }],
            ..Evidence::default()
        };
        alarm.note(&small, &[breach("I6")]);
        assert_eq!(alarm.tripped(), None);
        let gross = Evidence {
            records: vec![GuestRecord {
                gaps: vec![(0.0, 5060.0)],
                ..GuestRecord::default()
            }],
            ..Evidence::default()
        };
        alarm.note(&gross, &[breach("I6")]);
        assert_eq!(alarm.tripped(), Some(breach("I6")));
        // The first gross breach stays the one named.
        let flood = Evidence {
            cookies: (0..30).map(|i| (format!("pad{i}"), 3000)).collect(),
            ..Evidence::default()
        };
        alarm.note(&flood, &[breach("I8")]);
        assert_eq!(alarm.tripped(), Some(breach("I6")));
        alarm.reset();
        assert_eq!(alarm.tripped(), None);
        alarm.note(&flood, &[breach("I8")]);
        assert_eq!(alarm.tripped(), Some(breach("I8")));
    }

    #[tokio::test]
    async fn a_scenario_in_flight_hears_of_the_alarm_the_moment_it_trips() {
        let alarm = GuestAlarm::default();
        let mut heard = alarm.subscribe();
        assert_eq!(*heard.borrow_and_update(), None);
        let flood = Evidence {
            cookies: (0..30).map(|i| (format!("pad{i}"), 3000)).collect(),
            ..Evidence::default()
        };
        alarm.note(&flood, &[breach("I8")]);
        let got = heard.wait_for(Option::is_some).await.unwrap().clone();
        assert_eq!(got, Some(breach("I8")));
        alarm.reset();
        assert_eq!(*alarm.subscribe().borrow(), None);
    }

    #[test]
    fn a_page_reloaded_again_and_again_or_left_is_gross_a_single_reload_is_not() {
        let once = Evidence {
            host_loads: 2,
            suite_opens: 1,
            ..Evidence::default()
        };
        assert!(!is_gross(&once, &breach("I7")));
        let again = Evidence {
            host_loads: 9,
            suite_opens: 1,
            ..Evidence::default()
        };
        assert!(is_gross(&again, &breach("I7")));
        let left = Evidence {
            moved_to: Some("http://localhost:1/w/elsewhere/".into()),
            ..Evidence::default()
        };
        assert!(is_gross(&left, &breach("I7")));
    }
}
