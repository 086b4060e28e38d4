//! One relocatable binary (issue 23): run as an installed binary runs (`HERODESK_EMBEDDED=1`:
//! the features, fixtures and spec from the copies embedded in it, unpacked into the cache
//! folder), from a folder that is not the checkout, the suite lists and runs its scenarios and
//! writes its reports into `./herodesk-report` of that folder.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

/// The binary as installed: embedded files, a cache and a working folder of its own.
fn installed(cache: &std::path::Path, cwd: &std::path::Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .env(
            herodesk_conformance::plan::project_files::FORCE_EMBEDDED,
            "1",
        )
        .env("XDG_CACHE_HOME", cache)
        .env_remove("HERODESK_REPORT_DIR")
        .current_dir(cwd);
    command
}

#[test]
fn an_installed_binary_runs_from_any_folder_and_reports_where_it_was_run() {
    let cache = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();

    let listed = installed(cache.path(), cwd.path())
        .args(["--list", "--tags", "@spec-E2"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(listed.status.code(), Some(0), "{list}");
    assert!(list.contains("isReady"), "{list}");
    let unpacked: Vec<_> = std::fs::read_dir(cache.path().join("herodesk-conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(unpacked.len(), 1, "one unpacked copy: {unpacked:?}");
    assert!(unpacked[0].join("features").is_dir() && unpacked[0].join("docs/spec").is_dir());

    let ran = installed(cache.path(), cwd.path())
        .args(["--browser", "chromium", "--quiet", "--tags", "@spec-E2"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&ran.stdout).into_owned() + &String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(0), "{text}");
    let reports = cwd.path().join("herodesk-report");
    for file in ["junit.xml", "cucumber.json", "spec.html", "verdict.json"] {
        assert!(
            reports.join(file).is_file(),
            "no {file} in {}: {text}",
            reports.display()
        );
    }
    let spec = std::fs::read_to_string(reports.join("spec.html")).unwrap();
    assert!(spec.contains("E2"), "spec.html has the spec's text");
    // The reference widget is the embedded one: its own scenarios passed with it.
    assert!(text.contains("conforms"), "{text}");
}
