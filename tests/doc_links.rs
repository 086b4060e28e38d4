//! The README and `docs/` are a map: every Markdown link in them to a file of the repository
//! must reach one (inside the repository, never `../shared`), and a link to a heading
//! (`file.md#heading`, or `#heading` in the same file) must name a heading that file has, by
//! GitHub's anchor rules. Links to the web (`http…`, `mailto:`) are not followed.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

/// The Markdown files the links are checked in: the README and every `.md` under `docs/`.
fn documents(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![root.join("README.md")];
    walk(&root.join("docs"), &mut out);
    out
}

/// The text outside fenced code blocks, with inline code spans emptied (a link inside code is
/// not a link; a code span as a link's text still leaves its `](target)`). A code span may go
/// on over a line break, not over the end of a paragraph.
fn prose(text: &str) -> String {
    let mut fenced = false;
    let mut in_code = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.trim().is_empty() {
            in_code = false;
        }
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// Every link target (`[text](target)`) of a Markdown text.
fn link_targets(text: &str) -> Vec<String> {
    let text = prose(text);
    let mut targets = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        targets.push(after[..end].trim().to_owned());
        rest = &after[end..];
    }
    targets
}

/// The anchors of a Markdown text's headings, as GitHub makes them: lower case, every
/// character but letters, digits, `_`, `-` and spaces dropped, spaces made `-`; a repeated
/// anchor gets `-1`, `-2`….
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let Some(title) = line.trim_start_matches('#').strip_prefix(' ') else {
            continue;
        };
        if fenced || !line.starts_with('#') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while !seen.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
    }
    seen
}

/// What is wrong with the links of `doc`, in words (empty when every link resolves).
fn broken_links(root: &Path, doc: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(doc).expect("the document is readable");
    let root = root.canonicalize().expect("the repository root exists");
    let mut broken = Vec::new();
    for target in link_targets(&text) {
        if target.is_empty()
            || target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        let (file, anchor) = match target.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (target.as_str(), None),
        };
        let path = if file.is_empty() {
            doc.to_path_buf()
        } else {
            doc.parent().expect("a document has a folder").join(file)
        };
        let Ok(real) = path.canonicalize() else {
            broken.push(format!("{target}: no such file"));
            continue;
        };
        if !real.starts_with(&root) {
            broken.push(format!("{target}: outside the repository"));
            continue;
        }
        if let Some(anchor) = anchor {
            let heads = std::fs::read_to_string(&real)
                .map(|t| anchors(&t))
                .unwrap_or_default();
            if !heads.contains(anchor) {
                broken.push(format!("{target}: no heading with the anchor #{anchor}"));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_the_readme_and_docs_reaches_a_file_and_heading_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = documents(root);
    assert!(docs.len() > 1, "README.md and docs/ are found: {docs:?}");
    let broken: Vec<String> = docs
        .iter()
        .flat_map(|doc| {
            let name = doc.strip_prefix(root).unwrap_or(doc).display().to_string();
            broken_links(root, doc)
                .into_iter()
                .map(move |b| format!("{name}: {b}"))
        })
        .collect();
    assert!(
        broken.is_empty(),
        "broken links:\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_checker_finds_a_missing_file_a_missing_heading_and_a_link_out_of_the_repository() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let repo = root.path().join("repo");
    std::fs::create_dir_all(repo.join("docs")).expect("docs/");
    std::fs::write(root.path().join("outside.md"), "# Out\n").expect("written");
    std::fs::write(
        repo.join("docs/a.md"),
        "# A title\n\n## The `--x` option, in short\n\n```\n[not](a link.md)\n```\n",
    )
    .expect("written");
    std::fs::write(
        repo.join("README.md"),
        "See [a](docs/a.md#the---x-option-in-short), [`b`](docs/a.md#a-title), \
         [c](https://example.com/nowhere) and `[d](in\ncode.md)`.\n\
         Broken: [e](docs/missing.md), [f](docs/a.md#no-such-heading), [g](../outside.md), \
         [h](#nowhere).\n",
    )
    .expect("written");
    let broken = broken_links(&repo, &repo.join("README.md"));
    assert_eq!(
        broken,
        [
            "docs/missing.md: no such file",
            "docs/a.md#no-such-heading: no heading with the anchor #no-such-heading",
            "../outside.md: outside the repository",
            "#nowhere: no heading with the anchor #nowhere",
        ],
    );
    assert!(broken_links(&repo, &repo.join("docs/a.md")).is_empty());
}
