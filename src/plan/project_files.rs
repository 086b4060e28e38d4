//! The project's files a run reads (the feature files, the fixtures with the reference widget
//! and its variants, the spec copy): from the source checkout when the binary runs where it
//! was built, else from copies embedded in the binary, unpacked once into a cache folder. So
//! `cargo install` gives a binary that runs from any folder of a machine with the browsers.
//! (`--coverage` and the mutation campaign need `tools/js` with its npm packages, so a source
//! checkout.)

use std::{
    io,
    path::{Path, PathBuf},
    sync::OnceLock,
};

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

/// The embedded folders, each at its path in the checkout.
static EMBEDDED: [(&str, Dir<'static>); 3] = [
    ("features", include_dir!("$CARGO_MANIFEST_DIR/features")),
    ("fixtures", include_dir!("$CARGO_MANIFEST_DIR/fixtures")),
    ("docs/spec", include_dir!("$CARGO_MANIFEST_DIR/docs/spec")),
];

/// Set to `1` to use the embedded copies even in the checkout: how an installed binary
/// behaves, for checking it without installing one.
pub const FORCE_EMBEDDED: &str = "HERODESK_EMBEDDED";

/// The folder the project's files are read from: the checkout, or the unpacked copies.
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let checkout = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let forced = std::env::var(FORCE_EMBEDDED).is_ok_and(|v| v == "1");
        if !forced && checkout.join("features").is_dir() {
            return checkout;
        }
        match unpacked() {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!(
                    "the suite's own files could not be unpacked ({e}); looking for them in {}",
                    checkout.display()
                );
                checkout
            }
        }
    })
}

/// The embedded copies, unpacked into `<cache>/herodesk-conformance/<version>-<hash>/` (the
/// hash of their contents, so two builds never share a folder), once: a folder is written
/// beside it and renamed into place, so a run never reads a half-written copy.
fn unpacked() -> io::Result<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("herodesk-conformance");
    let dir = cache.join(format!(
        "{}-{}",
        env!("CARGO_PKG_VERSION"),
        &contents_hash()[..16]
    ));
    if dir.is_dir() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&cache)?;
    let partial = tempfile::Builder::new()
        .prefix(".unpacking-")
        .tempdir_in(&cache)?;
    for (at, folder) in &EMBEDDED {
        let target = partial.path().join(at);
        std::fs::create_dir_all(&target)?;
        folder.extract(&target)?;
    }
    match std::fs::rename(partial.path(), &dir) {
        Ok(()) => {
            // Renamed away: nothing left for the temporary folder's guard to remove.
            let _ = partial.keep();
            Ok(dir)
        }
        // Another run unpacked the same copy first.
        Err(_) if dir.is_dir() => Ok(dir),
        Err(e) => Err(e),
    }
}

/// The SHA-256 of every embedded file's path and contents, lower-case hex.
fn contents_hash() -> String {
    let mut hash = Sha256::new();
    for (at, folder) in &EMBEDDED {
        let mut files = Vec::new();
        collect(folder, &mut files);
        files.sort_by_key(|(path, _)| path.clone());
        for (path, contents) in files {
            hash.update(at.as_bytes());
            hash.update(path.to_string_lossy().as_bytes());
            hash.update([0]);
            hash.update(contents);
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for file in dir.files() {
        out.push((file.path().to_owned(), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_copies_are_the_checkout_s_files() {
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (at, folder) in &EMBEDDED {
            let mut files = Vec::new();
            collect(folder, &mut files);
            assert!(!files.is_empty(), "{at} embeds nothing");
            for (path, contents) in files {
                let on_disk = std::fs::read(checkout.join(at).join(&path)).unwrap();
                assert_eq!(on_disk, contents, "{at}/{} differs", path.display());
            }
        }
    }
}
