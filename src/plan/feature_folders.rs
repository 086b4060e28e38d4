//! `--features DIR`: a team's own `.feature` files, run instead of ours or, with
//! `--with-ours`, added to them, with the same selection, reports, baselines and gate.
//!
//! Scenarios are known by their feature file's name (reports, baselines, `--list`), so the
//! files of several folders must have different names; they are then copied into one
//! temporary folder the run reads, which lives as long as the run's options. Lines that
//! match no step are refused here, naming the team's own file.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::{plan::options::project_path, selection::feature_files, spec::step_catalogue};

/// The folder a run reads its `.feature` files from.
#[derive(Debug, Clone)]
pub struct FeatureFolder {
    /// The folder.
    pub path: PathBuf,
    /// The temporary folder merging several, kept alive with the run's options.
    pub merged: Option<Arc<tempfile::TempDir>>,
}

/// The feature folder for `--features` `dirs` (none: ours) and `--with-ours`.
///
/// # Errors
/// Why the folders cannot be run, in words for exit 2: a path that is not a folder, a folder
/// with no `.feature` file, two files with one name, a line that matches no step.
pub fn gather(dirs: &[PathBuf], with_ours: bool) -> Result<FeatureFolder, String> {
    let ours = project_path("features");
    if dirs.is_empty() {
        return Ok(FeatureFolder {
            path: ours,
            merged: None,
        });
    }
    for dir in dirs {
        if !dir.is_dir() {
            return Err(format!("--features {}: not a folder", dir.display()));
        }
        if feature_files(dir).is_empty() {
            return Err(format!(
                "--features {}: holds no .feature file (only the folder's own files are read, \
                 not its subfolders)",
                dir.display()
            ));
        }
        step_catalogue::check_features(dir)?;
    }
    if let ([dir], false) = (dirs, with_ours) {
        return Ok(FeatureFolder {
            path: dir.clone(),
            merged: None,
        });
    }
    let folders = with_ours.then_some(ours.as_path()).into_iter();
    let files = by_name(folders.chain(dirs.iter().map(PathBuf::as_path)))?;
    let merged = tempfile::Builder::new()
        .prefix("herodesk-features-")
        .tempdir()
        .map_err(|e| format!("cannot make a folder for the feature files: {e}"))?;
    for (name, from) in &files {
        std::fs::copy(from, merged.path().join(name))
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    }
    Ok(FeatureFolder {
        path: merged.path().to_owned(),
        merged: Some(Arc::new(merged)),
    })
}

/// The `.feature` files of `folders` by file name.
///
/// # Errors
/// A name two folders share.
fn by_name<'a>(
    folders: impl Iterator<Item = &'a Path>,
) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut files = BTreeMap::new();
    for file in folders.flat_map(feature_files) {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(first) = files.insert(name.clone(), file.clone()) {
            return Err(format!(
                "two feature files are named {name}: {} and {}; scenarios are known by their \
                 file's name (reports, baselines), so rename one",
                first.display(),
                file.display()
            ));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEATURE: &str = "Feature: ours\n\n  Scenario: one\n    Given a new visitor\n";

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn one_folder_alone_is_read_where_it_is() {
        let team = folder(&[("team.feature", FEATURE)]);
        let got = gather(&[team.path().to_owned()], false).unwrap();
        assert_eq!(got.path, team.path());
        assert!(got.merged.is_none());
        assert_eq!(gather(&[], false).unwrap().path, project_path("features"));
    }

    #[test]
    fn with_ours_every_file_of_both_is_in_one_folder() {
        let team = folder(&[("team.feature", FEATURE)]);
        let got = gather(&[team.path().to_owned()], true).unwrap();
        let names: Vec<_> = feature_files(&got.path)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names.len(),
            feature_files(&project_path("features")).len() + 1
        );
        assert!(names.contains(&"team.feature".to_owned()), "{names:?}");
        assert!(
            names.contains(&"session_caching.feature".to_owned()),
            "{names:?}"
        );
    }

    #[test]
    fn what_cannot_run_is_refused_in_words() {
        let empty = folder(&[]);
        let err = gather(&[empty.path().to_owned()], false).unwrap_err();
        assert!(err.contains("holds no .feature file"), "{err}");
        let err = gather(&[empty.path().join("nope")], false).unwrap_err();
        assert!(err.contains("not a folder"), "{err}");
        let clash = folder(&[("session_caching.feature", FEATURE)]);
        let err = gather(&[clash.path().to_owned()], true).unwrap_err();
        assert!(
            err.contains("two feature files are named session_caching.feature"),
            "{err}"
        );
        let typo = folder(&[(
            "t.feature",
            "Feature: t\n\n  Scenario: s\n    Given a nwe visitor\n",
        )]);
        let err = gather(&[typo.path().to_owned()], false).unwrap_err();
        assert!(
            err.contains("t.feature:4: no step matches `Given a nwe visitor`"),
            "{err}"
        );
        assert!(err.contains("Given a new visitor"), "{err}");
    }
}
