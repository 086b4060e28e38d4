//! Merging the `junit.xml` files of shards (`--merge-junit OUT IN...`) into one report, so CI
//! that spread a run over machines shows one result: each input is read as XML (quick-xml)
//! and its `<testsuite>` elements are written, in order, under one `<testsuites>` root.

use std::path::{Path, PathBuf};

use quick_xml::{
    Reader, Writer,
    events::{BytesDecl, BytesEnd, BytesStart, Event},
};

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

/// Copies what lies inside the `<testsuites>` root of `xml` to `out`; `None` when `xml` is
/// not well-formed XML with that root.
fn copy_suites(xml: &str, out: &mut Writer<Vec<u8>>) -> Option<()> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut closed = false;
    loop {
        let event = reader.read_event().ok()?;
        match (&event, depth) {
            (Event::Eof, _) => return closed.then_some(()),
            (Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_), 0) => {}
            (Event::Text(t), 0) if t.iter().all(u8::is_ascii_whitespace) => {}
            (Event::Start(root), 0) if !closed && root.name().as_ref() == b"testsuites" => {
                depth = 1;
            }
            (Event::Empty(root), 0) if !closed && root.name().as_ref() == b"testsuites" => {
                closed = true;
            }
            (_, 0) => return None,
            (Event::End(_), 1) => {
                depth = 0;
                closed = true;
            }
            (Event::Start(_), _) => {
                depth += 1;
                out.write_event(event).ok()?;
            }
            (Event::End(_), _) => {
                depth -= 1;
                out.write_event(event).ok()?;
            }
            _ => out.write_event(event).ok()?,
        }
    }
}

/// One report holding every `<testsuite>` of `reports`, in order.
///
/// # Errors
/// The index of the input that is not a JUnit report.
pub fn merge(reports: &[String]) -> Result<Vec<u8>, usize> {
    let mut out = Writer::new(Vec::new());
    let wrote = out
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .and_then(|()| out.write_event(Event::Start(BytesStart::new("testsuites"))));
    debug_assert!(wrote.is_ok(), "writing to memory does not fail");
    for (i, xml) in reports.iter().enumerate() {
        copy_suites(xml, &mut out).ok_or(i)?;
    }
    let _ = out.write_event(Event::End(BytesEnd::new("testsuites")));
    Ok(out.into_inner())
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
    super::file::write(out, merged).map_err(|source| MergeError::Write {
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
<testsuites name="r"><testsuite name="b" tests="2"><testcase name="y"/><testcase name="z"><failure message="&lt;no&gt;"/><system-out><![CDATA[a <b>]]></system-out></testcase></testsuite></testsuites>
"#;

    #[test]
    fn every_suite_of_every_shard_is_kept_in_order() {
        let merged = merge(&[A.into(), B.into(), "<testsuites/>".into()]).unwrap();
        let merged = String::from_utf8(merged).unwrap();
        assert_eq!(merged.matches("<testsuite ").count(), 2, "{merged}");
        assert_eq!(merged.matches("<testcase ").count(), 3, "{merged}");
        assert!(merged.find("name=\"a\"").unwrap() < merged.find("name=\"b\"").unwrap());
        assert!(merged.contains("&lt;no&gt;"));
        assert!(merged.contains("<![CDATA[a <b>]]>"), "{merged}");
        assert_eq!(merged.matches("<testsuites>").count(), 1);
        // What comes out is one well-formed document.
        let mut reader = Reader::from_str(&merged);
        while !matches!(reader.read_event().unwrap(), Event::Eof) {}
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
        // Cut off half-way, or another root: not a report either.
        assert_eq!(merge(&[A[..A.len() - 20].into()]), Err(0));
        assert_eq!(merge(&[A.into(), "<html></html>".into()]), Err(1));
    }
}
