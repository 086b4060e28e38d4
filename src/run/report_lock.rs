//! One run at a time per report folder. Two runs writing one folder overwrote each other's reports,
//! and one deleted the other's `failures/`; so a run claims its report folder before any browser
//! starts, with a lock file naming its owner ([`crate::browser::owner`]), and a second run into a
//! busy folder is refused with a clear message. A lock left by a run that was killed (its owner is
//! provably dead) is taken over.

use std::path::{Path, PathBuf};

use crate::browser::owner::Owner;

/// The lock file inside a report folder.
pub const LOCK_FILE: &str = ".herodesk-run.lock";

/// A claimed report folder: the lock file is removed when this is dropped.
#[derive(Debug)]
pub struct ReportLock {
    path: PathBuf,
}

impl Drop for ReportLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Makes `dir` if needed and claims it for this process. `Ok(None)` when this process holds
/// it already (a run inside a run: `--coverage` runs the suite again).
///
/// # Errors
/// A sentence for the user: `dir` is a file, cannot be made, or another live run writes it.
pub fn claim(dir: &Path) -> Result<Option<ReportLock>, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "the report folder {} is a file, not a folder: choose another --report",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "cannot make the report folder {}: {e}; choose another --report",
            dir.display()
        )
    })?;
    let lock = dir.join(LOCK_FILE);
    let me = Owner::me();
    // Written whole under a private name, then linked: the lock file is never seen empty,
    // and the link fails if it exists.
    let staged = dir.join(format!("{LOCK_FILE}.{}", me.pid));
    std::fs::write(&staged, format!("{me}\n"))
        .map_err(|e| format!("cannot write in the report folder {}: {e}", dir.display()))?;
    let result = (|| {
        for _ in 0..3 {
            match std::fs::hard_link(&staged, &lock) {
                Ok(()) => return Ok(Some(ReportLock { path: lock.clone() })),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(format!(
                        "cannot lock the report folder {}: {e}",
                        dir.display()
                    ));
                }
            }
            let text = std::fs::read_to_string(&lock).unwrap_or_default();
            match Owner::parse(&text) {
                Some(owner) if owner == me => return Ok(None),
                Some(owner) if owner.is_provably_dead() => {
                    eprintln!(
                        "taking over the report folder {}: its lock was left by a run that \
                         was killed (pid {})",
                        dir.display(),
                        owner.pid
                    );
                    let _ = std::fs::remove_file(&lock);
                }
                Some(owner) => {
                    return Err(format!(
                        "the report folder {} is being written by another run (pid {}); wait \
                         for it to end or choose another --report",
                        dir.display(),
                        owner.pid
                    ));
                }
                None => {
                    return Err(format!(
                        "the report folder {} is locked ({} is unreadable); if no run is \
                         writing there, remove that file",
                        dir.display(),
                        lock.display()
                    ));
                }
            }
        }
        Err(format!(
            "cannot lock the report folder {}: another run keeps taking it",
            dir.display()
        ))
    })();
    let _ = std::fs::remove_file(&staged);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_claimed_once_a_dead_runs_lock_is_taken_over_and_a_file_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("reports");
        let lock = claim(&dir).unwrap().expect("claimed");
        assert!(dir.join(LOCK_FILE).exists());
        // The same process again: already held, nothing to release.
        assert!(claim(&dir).unwrap().is_none());
        drop(lock);
        assert!(!dir.join(LOCK_FILE).exists());

        // A live other owner: refused. pid 1 is alive (init) and never this test.
        let init = crate::browser::proc_stat::read(1)
            .ok()
            .flatten()
            .map(|stat| stat.start_ticks);
        if let Some(start) = init {
            std::fs::write(dir.join(LOCK_FILE), format!("1 {start}\n")).unwrap();
            let err = claim(&dir).unwrap_err();
            assert!(
                err.contains("being written by another run (pid 1)"),
                "{err}"
            );
        }
        // A dead owner (a pid reused: another start time): taken over.
        let me = Owner::me();
        std::fs::write(
            dir.join(LOCK_FILE),
            format!("{} {}\n", me.pid, me.start + 1),
        )
        .unwrap();
        assert!(claim(&dir).unwrap().is_some());

        let file = root.path().join("passwd");
        std::fs::write(&file, "root:x:0:0").unwrap();
        let err = claim(&file).unwrap_err();
        assert!(err.contains("is a file, not a folder"), "{err}");
    }
}
