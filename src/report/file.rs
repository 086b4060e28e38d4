//! Report files are replaced whole or not at all: each is written to a temporary file in the
//! same folder and renamed over the old one once complete (a rename within a folder is
//! atomic), so a run cut short (Ctrl-C, SIGTERM, SIGKILL, a full disk) never leaves a report
//! empty or half-written: the reader finds the previous file or the new one.

use std::{
    io::{self, Write},
    path::Path,
};

use tempfile::NamedTempFile;

/// Writes `contents` to `path` atomically.
///
/// # Errors
/// When the temporary file cannot be made, written or renamed.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let mut file = temporary_beside(path)?;
    file.write_all(contents.as_ref())?;
    file.as_file().sync_data()?;
    file.persist(path).map(drop).map_err(|e| e.error)
}

/// A temporary file in `path`'s folder, named after it (`.junit.xml.partial-XXXX`).
fn temporary_beside(path: &Path) -> io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}.partial-"))
        // Readable like any report (a temporary file is private by default).
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .tempfile_in(dir)
}

/// Checks that `path` could be written now (a temporary file can be made beside it, and is
/// removed at once), before a run that writes it at its end.
///
/// # Errors
/// When the folder is missing or not writable.
pub fn check_writable(path: &Path) -> io::Result<()> {
    temporary_beside(path).map(drop)
}

/// Makes the report folder `dir` and checks that reports can be written in it, before any
/// scenario runs, so an unwritable folder is "could not run", not a lost report.
pub fn prepare_folder(dir: Option<&std::path::Path>) -> Result<(), crate::error::SuiteError> {
    let Some(dir) = dir else {
        return Ok(());
    };
    let cannot = |what: &str, e: std::io::Error| {
        crate::error::SuiteError::Report(format!("cannot write {what} in {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot("the report folder", e))?;
    check_writable(&dir.join("cucumber.json")).map_err(|e| cannot("cucumber.json", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_replaced_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junit.xml");
        std::fs::write(&path, "old").unwrap();
        check_writable(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write(&path, "newer").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "newer");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(check_writable(&dir.path().join("missing/junit.xml")).is_err());
    }
}
