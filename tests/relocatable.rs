//! One relocatable binary (issue 23): `cargo install --path . --root T` puts the binary, and
//! nothing else, into a temporary root; run from an empty folder with the copies embedded in
//! it (`HERODESK_EMBEDDED=1`: the features, fixtures and spec unpacked into the cache folder,
//! as on a machine without this checkout), it lists and runs its scenarios and writes its
//! reports into `./herodesk-report` of that folder, and runs a team's own feature folder.

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

/// Installs the binary once into a temporary root with `cargo install` and answers its path.
/// `--debug` and this build's own target folder make it reuse what `cargo test` compiled (a
/// release build would add minutes to CI) — all of it, as long as the dev-dependencies add no
/// features to the binary's dependencies (see tokio's entry in `Cargo.toml`); the installed
/// root holds the binary and cargo's own bookkeeping files only.
fn installed_binary() -> &'static Path {
    static BIN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BIN.get_or_init(|| {
        let root = tempfile::tempdir().unwrap();
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
        let mut install = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        // Without the variables cargo sets for this test (this package's name, version and
        // folders): build scripts watch some of them (ring's `rerun-if-env-changed` covers
        // CARGO_PKG_NAME, CARGO_MANIFEST_DIR and OUT_DIR), so with them the install reran
        // ring's build script and rebuilt ring, rustls and reqwest, which `cargo test` had
        // built without them.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_BIN_EXE_"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
                || name == "OUT_DIR"
            {
                install.env_remove(&*name);
            }
        }
        let out = install
            .args([
                "install",
                "--locked",
                "--offline",
                "--debug",
                "--quiet",
                "--path",
            ])
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--root")
            .arg(root.path())
            .args(["--bin", "herodesk-conformance"])
            .env("CARGO_TARGET_DIR", target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo install failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut files: Vec<String> = std::fs::read_dir(root.path().join("bin"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            ["herodesk-conformance"],
            "only the binary is installed"
        );
        let bin = root.path().join("bin/herodesk-conformance");
        (root, bin)
    })
    .1
}

/// The binary as installed: embedded files, a cache and a working folder of its own.
fn installed(cache: &Path, cwd: &Path) -> Command {
    let mut command = Command::new(installed_binary());
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

/// A team's feature, written only from steps `--list-steps` prints.
const TEAM_FEATURE: &str = "\
Feature: Our widget is ready on our own page

  Scenario: our page's widget becomes ready
    Given a new visitor
    When the visitor opens a page signed in as \"john@example.com\" with a token from the site's server
    Then Herodesk.isReady becomes true
";

#[test]
fn an_installed_binary_runs_a_team_s_own_feature_folder() {
    let cache = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let ours = tempfile::tempdir().unwrap();
    std::fs::write(ours.path().join("ready.feature"), TEAM_FEATURE).unwrap();
    let ran = installed(cache.path(), cwd.path())
        .args(["--browser", "chromium", "--quiet", "--features"])
        .arg(ours.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&ran.stdout).into_owned() + &String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(0), "{text}");
    let junit = std::fs::read_to_string(cwd.path().join("herodesk-report/junit.xml")).unwrap();
    assert!(
        junit.contains("our page&apos;s widget becomes ready")
            || junit.contains("our page's widget becomes ready"),
        "the team's scenario is reported: {junit}"
    );
    assert!(
        text.contains("1 scenario"),
        "only the team's scenario ran: {text}"
    );
}
