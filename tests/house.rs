//! Issue 22's house check as a test: `scripts/look.py` over `src/` must find no production
//! module over 350 lines, no import cycle between modules, and a run plan's walk from the CLI
//! that enters no module and no stage twice. The script prints what it found, the stage tree
//! with each folder's doc lines included; this test fails with that print-out.

use std::process::Command;

#[test]
fn src_is_a_house_a_newcomer_can_live_in() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .args(["scripts/look.py", "src"])
        .current_dir(root)
        .output()
        .expect("python3 runs scripts/look.py");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("house: ok"),
        "scripts/look.py says src/ is not a house yet:\n{text}"
    );
    assert!(text.contains("0 module(s) over 350"), "{text}");
    assert!(text.contains("== import cycles: 0 "), "{text}");
}
