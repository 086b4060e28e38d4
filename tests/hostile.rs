//! The gate holds on the builds it exists to stop: every build of `fixtures/hostile/` (a
//! syntax error, a throw at load, an empty file, a loop that blocks the page at load or in
//! boot, an `alert()` at load, a build that navigates away, builds whose page runs out of
//! memory at load or on identify; those that are copies of the reference with a change are
//! edits of it in `fixtures/hostile/builds.json`) and every bad guest of `fixtures/hostile/bad-guests.json`
//! (edits of the reference that hold the main thread, reload, leave or rewrite the page, open
//! windows, ask to confirm leaving, flood a route or the site's cookies) is run (in CI, in
//! at least one engine each, every engine going every way to a verdict: see [`PAIRS`] and
//! [`bad_guests_for`]; `HERODESK_HOSTILE_EVERY_ENGINE=1` for all in all), and each
//! must end as "does not conform" (exit 1) with the cause in plain words, in bounded time
//! (a bad guest under three times a reference run of the same selection plus 30 s; the other
//! hostile builds under three reference runs with a 90 s floor for the slowest honest causes:
//! a stuck page, a page that crashes twice),
//! and with no browser or driver left behind. `HERODESK_HOSTILE_CLOCK=real` runs them all
//! under the browser's own clock (default: the page clock).

use std::time::{Duration, Instant};

#[path = "support/lanes.rs"]
mod lanes;
#[path = "support/processes.rs"]
mod processes;
use processes::{assert_nothing_left, run_and_watch};

/// A small selection: the gate's speed on a bad build must not depend on the suite's size.
const SELECTION: &[&str] = &["--tags", "@spec-E2 or @spec-C1"];

/// Where a hostile build comes from.
#[derive(Clone, Copy)]
enum Build {
    /// A file of `fixtures/hostile/`: a build that is no copy of the reference.
    File(&'static str),
    /// An edit of the reference widget, by its name in `fixtures/hostile/builds.json`.
    Edit(&'static str),
}

/// Hostile builds and the words their verdict must contain (any one of them: a build whose
/// page fills its memory holds the main thread while it does, and an engine may see either
/// first).
const CORPUS: &[(Build, &[&str])] = &[
    (Build::File("syntax-error.js"), &["SyntaxError"]),
    (
        Build::File("throws-at-load.js"),
        &["livechat failed to start"],
    ),
    (Build::File("empty.js"), &["never took over the queue stub"]),
    (Build::File("blocks-at-load.js"), &["stopped answering"]),
    (Build::Edit("blocks-in-boot"), &["stopped answering"]),
    (
        Build::Edit("alert-at-load"),
        &["native dialog: \"Herodesk widget 9.9 loaded\""],
    ),
    // I7 names the navigation and where the page went.
    (
        Build::Edit("navigates-away"),
        &["I7: the widget navigated the host page away, to about:blank"],
    ),
    // Its page runs out of memory at load (the preflight's second try crashes too) or from
    // the first identify call (a scenario's second try, in a new browser, crashes too).
    // On a loaded machine the page may still be filling its memory when the preflight's 15 s
    // are over: then the verdict is that it never took over, which is as true.
    (Build::File("crashes-at-load.js"), OUT_OF_MEMORY_AT_LOAD),
    (Build::Edit("crashes-on-identify"), OUT_OF_MEMORY),
];

/// A page that fills its memory from the moment it loads: crashed twice, held until it
/// stopped answering, or still filling it when the preflight gave up.
const OUT_OF_MEMORY_AT_LOAD: &[&str] = &[
    "the page crashed (out of memory?)",
    "I6: the widget held the host page's main thread",
    "never took over the queue stub",
];

/// A page that fills its memory: crashed twice, or held until it stopped answering.
const OUT_OF_MEMORY: &[&str] = &[
    "the page crashed (out of memory?)",
    "I6: the widget held the host page's main thread",
];

/// The bad guests of `fixtures/hostile/bad-guests.json` and the words their verdict must
/// contain: the statement and what the build did, named before any knock-on failure.
const BAD_GUESTS: &[(&str, &str)] = &[
    (
        "busy-5s-of-every-5050ms",
        "I6: the widget held the host page's main thread",
    ),
    (
        "always-asks-to-confirm-leaving",
        "I7: the widget asks the visitor to confirm leaving the page",
    ),
    (
        "reloads-every-half-second",
        "I7: the widget reloaded or navigated the host page",
    ),
    (
        "redirects-within-the-site",
        "I7: the widget navigated the host page away",
    ),
    (
        "redirects-within-the-site-at-load",
        "I7: the widget navigated the host page away",
    ),
    ("opens-a-window-every-second", "window(s) or tab(s)"),
    (
        "wipes-the-host-page",
        "I7: the widget changed the site's own elements",
    ),
    (
        "floods-the-unread-route",
        "I8: the widget called GET /widget/v1/unread",
    ),
    (
        "floods-the-site-s-cookies",
        "cookie(s) on the host site besides C1's three",
    ),
    (
        "hangs-on-the-second-page-load",
        "I6: the widget held the host page's main thread",
    ),
];

/// How long a hostile build may take to get its verdict.
#[derive(Clone, Copy)]
enum Bound {
    /// Three reference runs with a 90 s floor, for the slowest honest causes: a page that
    /// stopped answering is known only after the page-load timeout, and a page that crashes
    /// costs a second browser and the time its memory takes to fill, twice (measured here:
    /// up to 55 s in Firefox).
    Hostile,
    /// Issue 24's bound for a bad guest: three reference runs plus 30 s. A build that makes
    /// every reset fail or every page hang must be recognised once, not paid for in every
    /// scenario.
    BadGuest,
}

impl Bound {
    fn bound(self, reference: Duration) -> Duration {
        match self {
            Self::Hostile => (reference * 3).max(Duration::from_secs(90)),
            Self::BadGuest => reference * 3 + Duration::from_secs(30),
        }
    }
}

/// The engines, in the order the bad guests take turns in.
const ENGINES: [&str; 3] = ["chromium", "firefox", "webkit"];

/// Pairs of hostile builds that take the same way to their verdict (a page stuck at load or
/// in boot; a page out of memory at load or on identify): each engine runs one of each pair,
/// in turn, so every engine goes every way and CI pays for each build in one or two engines
/// (the two stuck builds cost 37–44 s each per engine, the pages out of memory 20–70 s).
/// `HERODESK_HOSTILE_EVERY_ENGINE=1` runs every build in every engine.
const PAIRS: [[&str; 2]; 2] = [
    ["blocks-at-load.js", "blocks-in-boot"],
    ["crashes-at-load.js", "crashes-on-identify"],
];

/// Whether every engine runs every build (`HERODESK_HOSTILE_EVERY_ENGINE=1`, or the older
/// `HERODESK_BAD_GUESTS_EVERY_ENGINE=1`).
fn every_engine() -> bool {
    [
        "HERODESK_HOSTILE_EVERY_ENGINE",
        "HERODESK_BAD_GUESTS_EVERY_ENGINE",
    ]
    .iter()
    .any(|name| std::env::var(name).is_ok_and(|v| v == "1"))
}

/// Whether `engine` runs the hostile build named `name` (a file or an edit's name).
fn runs_hostile(engine: &str, name: &str) -> bool {
    let turn = ENGINES.iter().position(|e| *e == engine).unwrap_or(0);
    every_engine()
        || PAIRS
            .iter()
            .find_map(|pair| pair.iter().position(|n| *n == name))
            .is_none_or(|k| k == turn % 2)
}

/// The bad guests `engine` runs: each build in one engine, in turn (every engine sees every
/// kind of breach: main thread, page, footprint), so CI pays for each once; with
/// `HERODESK_HOSTILE_EVERY_ENGINE=1` every engine runs every build (the figures in the
/// docs/measurements.md come from that run).
fn bad_guests_for(engine: &str) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    let every = every_engine();
    let turn = ENGINES.iter().position(|e| *e == engine).unwrap_or(0);
    BAD_GUESTS
        .iter()
        .enumerate()
        .filter(move |(i, _)| every || i % ENGINES.len() == turn)
        .map(|(_, build)| build)
}

/// Writes each build of the manifest `fixtures/hostile/<manifest>` (edits of the reference
/// widget) into `dir`, as `<name>.js`, once it has checked that the manifest holds the builds
/// `listed`, in that order.
fn write_edited_builds(manifest: &str, listed: &[&str], dir: &std::path::Path) {
    let manifest = format!("{}/fixtures/hostile/{manifest}", env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(format!(
        "{}/fixtures/widget/livechat.js",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the reference widget is readable");
    let builds = herodesk_conformance::mutation::variants::load(std::path::Path::new(&manifest))
        .unwrap_or_else(|e| panic!("{manifest} loads: {e}"));
    let names: Vec<&str> = builds.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names, listed,
        "{manifest} and this test list the same builds"
    );
    for build in builds {
        let source = build.apply(&reference).expect("every edit applies");
        std::fs::write(dir.join(format!("{}.js", build.name)), source).expect("written");
    }
}

fn hostile_builds_fail_fast_and_clean(engine: &str, processes: &[&str]) {
    let dir = format!("{}/fixtures/hostile", env!("CARGO_MANIFEST_DIR"));
    let edited = tempfile::tempdir().expect("a temporary folder");
    let edits: Vec<&str> = CORPUS
        .iter()
        .filter_map(|(build, _)| match build {
            Build::Edit(name) => Some(*name),
            Build::File(_) => None,
        })
        .collect();
    write_edited_builds("builds.json", &edits, edited.path());
    let guests: Vec<&str> = BAD_GUESTS.iter().map(|(n, _)| *n).collect();
    write_edited_builds("bad-guests.json", &guests, edited.path());
    let written = |name: &str| {
        edited
            .path()
            .join(format!("{name}.js"))
            .display()
            .to_string()
    };
    let corpus: Vec<(String, &[&str], Bound)> = CORPUS
        .iter()
        .filter(|(build, _)| match build {
            Build::File(name) | Build::Edit(name) => runs_hostile(engine, name),
        })
        .map(|(build, words)| match build {
            Build::File(file) => (format!("{dir}/{file}"), *words, Bound::Hostile),
            Build::Edit(name) => (written(name), *words, Bound::Hostile),
        })
        .chain(
            bad_guests_for(engine)
                .map(|(name, words)| (written(name), std::slice::from_ref(words), Bound::BadGuest)),
        )
        .collect();
    let args = |widget: Option<&str>| {
        let mut a = vec![
            "--browser".to_owned(),
            engine.to_owned(),
            "--quiet".to_owned(),
            // The bounds below were set at one browser per core; the gate's default of two
            // per core shares the 2 cores with the hostile build's own hold on them.
            // The bounds are the verdict's speed; the trace has its own test (tests/trace.rs).
            "--trace".to_owned(),
            "off".to_owned(),
            "--concurrency".to_owned(),
            herodesk_conformance::plan::options::one_per_core().to_string(),
            // `HERODESK_HOSTILE_CLOCK=real`: the same verdicts under the browser's own clock.
            "--clock".to_owned(),
            std::env::var("HERODESK_HOSTILE_CLOCK").unwrap_or_else(|_| "virtual".to_owned()),
        ];
        a.extend(SELECTION.iter().map(|s| (*s).to_owned()));
        if let Some(w) = widget {
            a.extend(["--widget".to_owned(), w.to_owned()]);
        }
        a
    };
    let started = Instant::now();
    let reference = run_and_watch(&as_strs(&args(None)), None);
    let reference_time = started.elapsed();
    assert_eq!(reference.code, Some(0), "{}", reference.output);
    // The builds of one engine in LANES lanes taking from one queue, the slowest kinds first:
    // a hostile build's run mostly waits (a stuck page's load timeout, a crashed page's second
    // browser), so the cores have room for a second run beside it.
    let mut queue: Vec<(String, &[&str], Bound)> = corpus;
    queue.sort_by_key(|(build, _, _)| !SLOWEST.iter().any(|name| build.contains(name)));
    lanes::in_lanes(queue, LANES, |(build, words, kind)| {
        judge_one(
            engine,
            processes,
            &args(Some(&build)),
            &build,
            words,
            kind.bound(reference_time),
            reference_time,
        );
    });
}

/// The builds that take longest to their verdict (a stuck page, a page out of memory, a main
/// thread held): first in their engine's queue, so no lane is left with one at the end.
const SLOWEST: &[&str] = &["blocks-", "crashes-", "busy-5s", "hangs-on", "empty.js"];

/// How many hostile builds of one engine run at once.
const LANES: usize = 2;

/// Runs one hostile build and asserts its verdict: exit 1, one of `words`, within `bound`,
/// nothing left behind.
fn judge_one(
    engine: &str,
    processes: &[&str],
    args: &[String],
    build: &str,
    words: &[&str],
    bound: Duration,
    reference_time: Duration,
) {
    let started = Instant::now();
    let w = run_and_watch(&as_strs(args), None);
    let took = started.elapsed();
    eprintln!(
        "{engine} {build}: exit {:?} in {:.1} s (reference {:.1} s)",
        w.code,
        took.as_secs_f64(),
        reference_time.as_secs_f64()
    );
    assert_eq!(w.code, Some(1), "{build} in {engine}:\n{}", w.output);
    assert!(
        words.iter().any(|words| w.output.contains(words)),
        "{build} in {engine}: none of {words:?} in\n{}",
        w.output
    );
    assert!(
        took < bound,
        "{build} in {engine} took {took:?}, more than {bound:?}"
    );
    assert_nothing_left(&w, processes);
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Each engine and the processes of its run that must not outlive it.
const ENGINE_PROCESSES: [(&str, &[&str]); 3] = [
    ("firefox", &["geckodriver", "firefox"]),
    ("chromium", &["chromedriver", "chromium"]),
    ("webkit", &["Xvfb", "WebKitWebDriver", "MiniBrowser"]),
];

/// The three engines at once, one thread each, and in each engine its builds in [`LANES`]
/// lanes after its reference run (`HERODESK_BROWSER=<engine>` runs one engine): a hostile
/// build's run mostly waits (a stuck page's load timeout, a crashed page's second browser),
/// so on 2 cores six runs side by side keep the cores busy where three left them idle
/// (docs/measurements.md, "The time of cargo test"). Each engine's bounds come from its own
/// reference run, made in the same company. One engine failing does not stop the
/// others: every engine's failures are told.
#[test]
fn hostile_builds_fail_fast_and_leave_nothing_in_each_engine() {
    let only = std::env::var("HERODESK_BROWSER")
        .ok()
        .filter(|b| b != "all");
    if let Some(one) = &only {
        assert!(
            ENGINE_PROCESSES.iter().any(|(e, _)| e == one),
            "HERODESK_BROWSER: `{one}` is not one of firefox, chromium, webkit, all"
        );
    }
    std::thread::scope(|threads| {
        for (engine, processes) in ENGINE_PROCESSES {
            if only.as_deref().is_none_or(|one| one == engine) {
                threads.spawn(move || hostile_builds_fail_fast_and_clean(engine, processes));
            }
        }
    });
}
