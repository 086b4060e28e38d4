//! A run's temporary folder (`$TMPDIR/herodesk-conformance-*`: browser profiles, driver logs),
//! which names its owner so that the folder of a run that was SIGKILLed (no destructor ran)
//! is removed by the next run, and never the folder of a run that is still alive.

use std::path::Path;

use crate::browser::owner::Owner;

/// The prefix of every run folder in the system's temporary folder.
pub const PREFIX: &str = "herodesk-conformance-";

/// The file inside a run folder that names its owner ([`Owner`]'s one-line format).
pub const OWNER_FILE: &str = "owner";

/// Removes the run folders of dead runs, then makes a fresh one owned by this process
/// (removed when the returned value is dropped).
///
/// # Errors
/// When the folder or its owner file cannot be made.
pub fn create() -> std::io::Result<tempfile::TempDir> {
    sweep(&std::env::temp_dir());
    let dir = tempfile::Builder::new().prefix(PREFIX).tempdir()?;
    std::fs::write(dir.path().join(OWNER_FILE), format!("{}\n", Owner::me()))?;
    Ok(dir)
}

/// Removes every run folder in `temp` whose owner is provably dead. A folder without a
/// readable owner (made by an older version, or being made right now) is left alone.
pub fn sweep(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        let Some(owner) = std::fs::read_to_string(path.join(OWNER_FILE))
            .ok()
            .and_then(|text| Owner::parse(&text))
        else {
            continue;
        };
        if owner.is_provably_dead() && std::fs::remove_dir_all(&path).is_ok() {
            eprintln!(
                "removed {}, left by a run that was killed (pid {})",
                path.display(),
                owner.pid
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_runs_folder_goes_a_live_ones_and_an_unowned_one_stay() {
        let temp = tempfile::tempdir().unwrap();
        let folder = |name: &str, owner: Option<String>| {
            let dir = temp.path().join(format!("{PREFIX}{name}"));
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("profile"), "x").unwrap();
            if let Some(owner) = owner {
                std::fs::write(dir.join(OWNER_FILE), owner).unwrap();
            }
            dir
        };
        let me = Owner::me();
        let live = folder("live", Some(me.to_string()));
        let reused = folder(
            "reused",
            Some(
                Owner {
                    start: me.start + 1,
                    ..me
                }
                .to_string(),
            ),
        );
        let unowned = folder("unowned", None);
        let other = temp.path().join("someone-else");
        std::fs::create_dir(&other).unwrap();
        sweep(temp.path());
        assert!(live.exists());
        assert!(!reused.exists());
        assert!(unowned.exists());
        assert!(other.exists());
    }
}
