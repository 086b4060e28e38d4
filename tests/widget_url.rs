//! `--widget-url`: the build under test is fetched from a server (a CDN, a build server; here a
//! static stand-in) before any browser starts; a URL that does not answer with a script is
//! "could not run" (exit 2), never a verdict on the widget.

use tokio::process::Command;

#[path = "support/static_server.rs"]
mod static_server;
use static_server::{Answer, StaticServer};

const BIN: &str = env!("CARGO_BIN_EXE_herodesk-conformance");

async fn run(args: &[&str]) -> (Option<i32>, String) {
    // A report folder of its own: a report folder takes one run at a time.
    let reports = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(args)
        .arg("--report")
        .arg(reports.path())
        .output()
        .await
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

#[tokio::test]
async fn a_build_fetched_from_a_url_is_the_one_tested() {
    let reference = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/widget/livechat.js"
    ))
    .unwrap();
    // A build that never sets isReady: if the URL's build is really the one served, E2 fails.
    let broken = reference.replacen("state.ready = true;", "", 1);
    // text/plain, as a build server that does not know the type may answer: only HTML and
    // images are refused.
    let server = StaticServer::start([
        (
            "/builds/good/livechat.js",
            Answer::ok("text/plain", reference),
        ),
        ("/builds/bad/livechat.js", Answer::ok("text/plain", broken)),
    ])
    .await;

    let good = format!("{}/builds/good/livechat.js", server.uri());
    // E2's first scenario, in Chromium (the fastest to start here): enough to tell the builds
    // apart.
    let e2 = [
        "--browser",
        "chromium",
        "--tags",
        "@spec-E2",
        "--name",
        "becomes true once",
    ];
    let (code, text) = run(&[&["--widget-url", &good][..], &e2].concat()).await;
    assert_eq!(code, Some(0), "{text}");

    let bad = format!("{}/builds/bad/livechat.js", server.uri());
    let (code, text) = run(&[&["--widget-url", &bad][..], &e2].concat()).await;
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Failed statements: E2"), "{text}");
}

#[tokio::test]
async fn a_url_without_a_build_is_could_not_run() {
    // No answers: every path is a 404.
    let server = StaticServer::start([]).await;
    let url = format!("{}/builds/missing/livechat.js", server.uri());
    let (code, text) = run(&["--widget-url", &url]).await;
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains(&url) && text.contains("404"), "{text}");
    assert!(!text.contains("progress:"), "no scenario may run: {text}");
}

#[tokio::test]
async fn widget_and_widget_url_together_are_refused() {
    let (code, text) = run(&["--widget", "a.js", "--widget-url", "http://x/livechat.js"]).await;
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("cannot be used with"), "{text}");
}
