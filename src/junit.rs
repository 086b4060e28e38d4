//! Merging the `junit.xml` files of shards (`--merge-junit OUT IN...`) into one report, so CI
//! that spread a run over machines shows one result.

use std::path::{Path, PathBuf};

/// Why a merge failed; nothing is written then.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// An input cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// An input is not a JUnit report with a `<testsuites>` root.
    #[error("{0} is not a JUnit report (no <testsuites> element)")]
    NotJunit(PathBuf),
    /// The output cannot be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// The `<testsuite>` elements of one report: what lies inside its `<testsuites>` root.
fn suites_of(xml: &str) -> Option<&str> {
    let open = xml.find("<testsuites")?;
    let after_open = &xml[open..];
    if after_open.starts_with("<testsuites/>") {
        return Some("");
    }
    let start = open + after_open.find('>')? + 1;
    let end = xml.rfind("</testsuites>")?;
    (start <= end).then(|| &xml[start..end])
}

/// One report holding every `<testsuite>` of `reports`, in order.
///
/// # Errors
/// The index of the input that is not a JUnit report.
pub fn merge(reports: &[String]) -> Result<String, usize> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites>");
    for (i, xml) in reports.iter().enumerate() {
        out.push_str(suites_of(xml).ok_or(i)?);
    }
    out.push_str("</testsuites>\n");
    Ok(out)
}

/// Reads `inputs`, merges them and writes `out`; returns how many files were merged.
///
/// # Errors
/// [`MergeError`] naming the file at fault; `out` is not written then.
pub fn merge_files(out: &Path, inputs: &[PathBuf]) -> Result<usize, MergeError> {
    let reports = inputs
        .iter()
        .map(|path| {
            std::fs::read_to_string(path).map_err(|source| MergeError::Read {
                path: path.clone(),
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let merged = merge(&reports).map_err(|i| MergeError::NotJunit(inputs[i].clone()))?;
    crate::report_file::write(out, merged).map_err(|source| MergeError::Write {
        path: out.to_owned(),
        source,
    })?;
    Ok(inputs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="a" tests="1"><testcase name="x"/></testsuite></testsuites>"#;
    const B: &str = r#"<?xml version="1.0"?>
<testsuites name="r"><testsuite name="b" tests="2"><testcase name="y"/><testcase name="z"><failure message="&lt;no&gt;"/></testcase></testsuite></testsuites>
"#;

    #[test]
    fn every_suite_of_every_shard_is_kept_in_order() {
        let merged = merge(&[A.into(), B.into(), "<testsuites/>".into()]).unwrap();
        assert_eq!(merged.matches("<testsuite ").count(), 2, "{merged}");
        assert_eq!(merged.matches("<testcase ").count(), 3, "{merged}");
        assert!(merged.find("name=\"a\"").unwrap() < merged.find("name=\"b\"").unwrap());
        assert!(merged.contains("&lt;no&gt;"));
        assert_eq!(merged.matches("<testsuites>").count(), 1);
    }

    #[test]
    fn a_file_that_is_not_junit_is_named_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.xml");
        let bad = dir.path().join("b.xml");
        std::fs::write(&good, A).unwrap();
        std::fs::write(&bad, "{\"json\": true}").unwrap();
        let out = dir.path().join("out.xml");
        let err = merge_files(&out, &[good, bad.clone()]).unwrap_err();
        assert!(
            err.to_string().contains(&bad.display().to_string()),
            "{err}"
        );
        assert!(!out.exists());
        let missing = merge_files(&out, &[dir.path().join("nope.xml")]).unwrap_err();
        assert!(missing.to_string().starts_with("cannot read"), "{missing}");
    }
}
