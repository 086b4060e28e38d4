//! Which sets of mutants are known to load, so that a run of them can skip the preflight page
//! load ([`crate::preflight`]): the culprit searches run many short runs, where that page load
//! is a large share of each.
//!
//! A mutant loads alone once it passed a run alone (the first round). Mutants that each load
//! alone may still break the load together (seen: an uncaught `TypeError` from two members of
//! a group), and the preflight then fails every scenario at once instead of one wait at a
//! time; so a set of several is known to load only as part of a set that passed a run.

use std::collections::{BTreeSet, HashSet};

/// What the runs so far say about loading.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Mutants that passed a run alone, or that a request says did.
    alone: HashSet<String>,
    /// Sets of several mutants that passed a run together.
    together: Vec<BTreeSet<String>>,
}

impl Loaded {
    /// Notes mutants known to have passed a run alone (the second round's groups).
    pub fn alone<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.alone.extend(ids.into_iter().map(str::to_owned));
    }

    /// Notes that `ids`, switched on together, passed a run.
    pub fn passed(&mut self, ids: &[&str]) {
        match ids {
            [] => {}
            [one] => {
                self.alone.insert((*one).to_owned());
            }
            several => {
                if !self.knows(several) {
                    self.together
                        .push(several.iter().map(|&id| id.to_owned()).collect());
                }
            }
        }
    }

    /// Whether `ids`, switched on together, are known to load: one that passed a run alone,
    /// or several that are part of a set that passed a run.
    pub fn knows(&self, ids: &[&str]) -> bool {
        match ids {
            [] => false,
            [one] => self.alone.contains(*one),
            several => self
                .together
                .iter()
                .any(|set| several.iter().all(|&id| set.contains(id))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mutant_loads_once_it_passed_alone_and_several_only_as_part_of_a_set_that_passed() {
        let mut loaded = Loaded::default();
        loaded.alone(["1", "2", "3"]);
        assert!(loaded.knows(&["2"]));
        assert!(!loaded.knows(&["4"]));
        // Each loads alone; together they are not known to.
        assert!(!loaded.knows(&["1", "2"]));
        loaded.passed(&["1", "2", "3"]);
        assert!(loaded.knows(&["1", "3"]));
        assert!(loaded.knows(&["1", "2", "3"]));
        assert!(!loaded.knows(&["1", "4"]));
        loaded.passed(&["4"]);
        assert!(loaded.knows(&["4"]));
        assert!(!loaded.knows(&[]));
    }
}
