//! The campaign's kills so far, shared by its worker processes: which scenario killed a
//! mutant on which line of the widget. Mutants near one another are mostly killed by the same
//! scenarios (a mutant in the unread poll by a G3 scenario, whatever the boot scenarios do),
//! so each worker orders a mutant's scenarios by every worker's kills, not only its own
//! ([`super::plan::Scheduler`]). One JSON line per kill, appended; the coordinator starts
//! each campaign with an empty log.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};

use super::coverage::ScenarioRef;

/// The log's file name, in the campaign's build folder.
pub const FILE_NAME: &str = "kills.jsonl";

/// One kill: the line of the widget the mutant changed, and the scenario that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kill {
    /// The mutant's first line in the widget.
    pub line: usize,
    /// The scenario that killed it.
    pub scenario: ScenarioRef,
}

/// The shared log of a campaign's kills.
#[derive(Debug, Clone)]
pub struct KillLog {
    path: PathBuf,
    /// How many kills this process has read already.
    read: usize,
}

impl KillLog {
    /// The log in the build folder `build`.
    pub fn in_folder(build: &Path) -> Self {
        Self {
            path: build.join(FILE_NAME),
            read: 0,
        }
    }

    /// The log in `build`, emptied: the kills of an earlier campaign in that folder would
    /// order this one's scenarios.
    ///
    /// # Errors
    /// A sentence when an old log cannot be removed.
    pub fn afresh(build: &Path) -> Result<Self, String> {
        let log = Self::in_folder(build);
        log.start_afresh()?;
        Ok(log)
    }

    /// Empties the log (a new campaign in a folder used before).
    ///
    /// # Errors
    /// A sentence when it exists and cannot be removed.
    pub fn start_afresh(&self) -> Result<(), String> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("cannot empty {}: {e}", self.path.display()))
            }
            _ => Ok(()),
        }
    }

    /// Adds `kill`, as one line written at once (an append of a few hundred bytes lands whole
    /// beside other workers' appends).
    ///
    /// # Errors
    /// The file's error.
    pub fn append(&self, kill: &Kill) -> std::io::Result<()> {
        let mut line = serde_json::to_string(kill).map_err(std::io::Error::other)?;
        line.push('\n');
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?
            .write_all(line.as_bytes())
    }

    /// The kills logged since the last call, every worker's. A missing log has none; a line
    /// cut short by a worker stopped while writing is skipped.
    pub fn new_kills(&mut self) -> Vec<Kill> {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Vec::new();
        };
        let lines: Vec<&str> = text.lines().collect();
        let new = lines
            .get(self.read..)
            .unwrap_or_default()
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        self.read = lines.len();
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kill(line: usize, scenario_line: usize) -> Kill {
        Kill {
            line,
            scenario: ScenarioRef {
                file: "events.feature".into(),
                line: scenario_line,
                name: "G3 — an unread reply".into(),
            },
        }
    }

    #[test]
    fn each_reader_gets_every_writer_s_kills_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut reader = KillLog::in_folder(dir.path());
        let writer = KillLog::in_folder(dir.path());
        assert!(reader.new_kills().is_empty(), "no log yet");
        writer.append(&kill(292, 38)).unwrap();
        writer.append(&kill(296, 107)).unwrap();
        assert_eq!(reader.new_kills(), [kill(292, 38), kill(296, 107)]);
        assert!(reader.new_kills().is_empty(), "read once");
        writer.append(&kill(12, 5)).unwrap();
        assert_eq!(reader.new_kills(), [kill(12, 5)]);
        writer.start_afresh().unwrap();
        assert!(KillLog::in_folder(dir.path()).new_kills().is_empty());
    }
}
