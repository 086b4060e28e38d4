//! The page clock (`?clock=virtual`): `@sinonjs/fake-timers` installed on the host page before
//! the widget script, so the suite can run the widget's timers forward instead of waiting them
//! out (docs/how-a-run-works.md, "The page clock").

use serde::Deserialize;

/// The script that installs the clock and exposes `window.__herodeskPageClock.runFor(ms)`:
/// the vendored library wrapped in a CommonJS shim (`scripts/vendor/README.md`).
pub const PAGE_CLOCK: &str = concat!(
    include_str!("scripts/page_clock_head.js"),
    include_str!("scripts/vendor/fake-timers-src.js"),
    include_str!("scripts/page_clock_tail.js"),
);

/// Whose clock the host page's timers follow (`?clock=`).
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PageClock {
    /// The browser's own timers (every page by default).
    #[default]
    Real,
    /// A virtual clock the suite fast-forwards.
    Virtual,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The copy served is the version `tools/js/package.json` pins (checked once `npm ci`
    /// has installed it; a machine without node has nothing to compare with).
    #[test]
    fn the_vendored_fake_timers_are_the_pinned_ones() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let package: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("tools/js/package.json")).unwrap(),
        )
        .unwrap();
        let pinned = package["dependencies"]["@sinonjs/fake-timers"].as_str();
        let readme = include_str!("scripts/vendor/README.md");
        assert_eq!(pinned, Some("15.5.0"), "tools/js pins another version");
        assert!(
            readme.contains("**15.5.0**"),
            "the vendor README names another version"
        );
        let installed =
            root.join("tools/js/node_modules/@sinonjs/fake-timers/src/fake-timers-src.js");
        if let Ok(text) = std::fs::read_to_string(installed) {
            assert!(
                text == include_str!("scripts/vendor/fake-timers-src.js"),
                "the vendored fake-timers differ from the pinned package in tools/js"
            );
        }
    }

    #[test]
    fn the_page_clock_wraps_the_library_whole() {
        let clock = super::PAGE_CLOCK;
        assert!(clock.contains("exports.withGlobal = withGlobal;"));
        assert!(clock.contains("__herodeskPageClock"));
    }
}
