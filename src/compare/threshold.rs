//! The traffic threshold: when the growth of a route's calls from the old build to the new is
//! flagged (`--threshold`).

use serde::Serialize;

/// When a route's calls grew too much: `new > ratio × old` **and** `new − old ≥ floor`
/// **and**, when both durations are known, the calls per second grew more than `ratio` too.
///
/// The ratio judges busy routes (9 → 31 polls); the floor keeps a rare route's one extra call
/// (identify 1 → 2) and small drifts from failing the gate; the rate keeps growth that the
/// scenario's running longer explains (a poll every second makes 7 calls in 7 s as it makes 2
/// in 2 s, and a loaded machine stretches scenarios). Such differences are shown, not flagged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Threshold {
    /// The growth ratio (default 1.5).
    pub ratio: f64,
    /// The smallest growth in calls that counts (default 3).
    pub floor: usize,
}

impl Default for Threshold {
    fn default() -> Self {
        Self {
            ratio: 1.5,
            floor: 3,
        }
    }
}

impl Threshold {
    /// True when going from `old` to `new` calls crosses the threshold (durations unknown).
    pub fn crossed(&self, old: usize, new: usize) -> bool {
        new >= old + self.floor && (new as f64) > self.ratio * old as f64
    }

    /// Like [`Self::crossed`], and the rate (calls per ms of the scenario) grew more than the
    /// ratio too, when both durations are known (not 0).
    pub fn crossed_in(&self, old: usize, old_ms: u64, new: usize, new_ms: u64) -> bool {
        let rate_grew = old_ms == 0
            || new_ms == 0
            || (new as f64 / new_ms as f64) > self.ratio * (old as f64 / old_ms as f64);
        self.crossed(old, new) && rate_grew
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_needs_both_the_ratio_and_the_floor() {
        let t = Threshold::default();
        assert!(!t.crossed(1, 2), "a rare route's one extra call");
        assert!(!t.crossed(3, 5), "+2 is under the floor");
        assert!(!t.crossed(6, 9), "×1.5 is not more than ×1.5");
        assert!(t.crossed(9, 31));
        assert!(t.crossed(0, 3));
        // A poll that ran as long again: the same rate, not flagged; ten times the rate is.
        assert!(!t.crossed_in(2, 2_000, 7, 7_000));
        assert!(t.crossed_in(3, 3_000, 30, 3_000));
        assert!(
            t.crossed_in(3, 0, 30, 3_000),
            "no duration: the counts decide"
        );
    }
}
