//! Report files are replaced whole or not at all: each is written to a temporary file in the
//! same folder and renamed over the old one once complete (a rename within a folder is
//! atomic), so a run cut short (Ctrl-C, SIGTERM, SIGKILL, a full disk) never leaves a report
//! empty or half-written: the reader finds the previous file or the new one.

use std::{
    io::{self, BufWriter, Write},
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
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

/// An output for a writer that streams a report (cucumber's JUnit and JSON writers): written
/// to a temporary file beside `path`, renamed to `path` when dropped after
/// [`Completion::complete`], deleted when dropped before (the run was cut short).
#[derive(Debug)]
pub struct AtomicOutput {
    file: Option<BufWriter<NamedTempFile>>,
    path: PathBuf,
    complete: Completion,
}

/// Says that the outputs sharing it hold complete reports.
#[derive(Debug, Clone, Default)]
pub struct Completion(Arc<AtomicBool>);

impl Completion {
    /// Marks the reports complete: each [`AtomicOutput`] replaces its file when dropped.
    pub fn complete(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl AtomicOutput {
    /// An output that will replace `path` once `complete` says so.
    ///
    /// # Errors
    /// When the temporary file cannot be made (the folder is missing or not writable).
    pub fn new(path: &Path, complete: &Completion) -> io::Result<Self> {
        Ok(Self {
            file: Some(BufWriter::new(temporary_beside(path)?)),
            path: path.to_owned(),
            complete: complete.clone(),
        })
    }

    fn file(&mut self) -> io::Result<&mut BufWriter<NamedTempFile>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("report already closed"))
    }
}

impl Write for AtomicOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        let Some(file) = self.file.take() else {
            return;
        };
        if !self.complete.0.load(Ordering::SeqCst) {
            // Cut short: the temporary file is deleted as it drops; the old report stays.
            return;
        }
        let persisted = file
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|file| {
                file.as_file().sync_data()?;
                file.persist(&self.path).map(drop).map_err(|e| e.error)
            });
        if let Err(e) = persisted {
            eprintln!("{} not written: {e}", self.path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_replaces_its_file_only_once_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junit.xml");
        std::fs::write(&path, "old").unwrap();
        let complete = Completion::default();
        let mut cut_short = AtomicOutput::new(&path, &complete).unwrap();
        cut_short.write_all(b"half").unwrap();
        drop(cut_short);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mut whole = AtomicOutput::new(&path, &complete).unwrap();
        whole.write_all(b"new").unwrap();
        complete.complete();
        drop(whole);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        write(&path, "newer").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "newer");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
