//! The campaign past one machine: with `--webdriver-url` every worker takes its browsers from
//! one WebDriver endpoint (a Selenium Grid) and starts no driver; each worker's own mock
//! listens where the Grid's nodes reach it (`--mock-listen`, `--mock-api-host`,
//! `--mock-site-host`, as for the gate).
//!
//! Before anything is built the coordinator asks the endpoint's `GET /status` (every W3C
//! WebDriver endpoint has it): an endpoint that does not answer is "could not run" (exit 2)
//! in seconds, not a coverage pass that waits on sessions. A Grid's status also lists its
//! slots, so the coordinator can say when `--workers` × `--concurrency` asks for more browsers
//! at once than it has (the extra session requests would queue at the hub, eating the
//! batches' time limits).

use std::{ffi::OsString, time::Duration};

use serde_json::Value;

use crate::{RunOptions, browser::Engine, plan::options::MockNetwork};

/// The `mutation` command's options for browsers on other machines; the coordinator passes
/// them on to every worker ([`Remote::worker_args`]).
#[derive(Debug, Clone, clap::Args)]
pub struct Remote {
    /// A WebDriver endpoint that is already running (a Selenium Grid): every worker takes its
    /// browsers there and no driver is spawned; see --mock-listen.
    #[arg(long, value_name = "URL")]
    pub webdriver_url: Option<String>,
    /// The IP address each worker's mock listens on (0.0.0.0 for browsers on other machines).
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    pub mock_listen: std::net::IpAddr,
    /// The host name browsers reach the mock's Herodesk API by (default: the listen address).
    #[arg(long, value_name = "HOST")]
    pub mock_api_host: Option<String>,
    /// The host name browsers reach the mock's host site by (default: localhost).
    #[arg(long, value_name = "HOST")]
    pub mock_site_host: Option<String>,
}

impl Remote {
    /// `--webdriver-url`, unless empty, without a trailing slash.
    pub fn url(&self) -> Option<String> {
        self.webdriver_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| u.trim_end_matches('/').to_owned())
    }

    /// Writes the endpoint and the mock's network into a run's options.
    pub fn apply(&self, options: &mut RunOptions) {
        options.browser.webdriver_url = self.url();
        options.mock_network = MockNetwork {
            listen: self.mock_listen,
            api_host: self.mock_api_host.clone(),
            site_host: self.mock_site_host.clone(),
        };
    }

    /// The same options for a worker: every worker's browsers come from the same endpoint,
    /// and every worker's own mock listens where those browsers reach it.
    pub fn worker_args(&self) -> Vec<OsString> {
        let mut out: Vec<OsString> = Vec::new();
        if let Some(url) = self.url() {
            out.extend(["--webdriver-url".into(), url.into()]);
        }
        out.extend(["--mock-listen".into(), self.mock_listen.to_string().into()]);
        if let Some(host) = &self.mock_api_host {
            out.extend(["--mock-api-host".into(), host.into()]);
        }
        if let Some(host) = &self.mock_site_host {
            out.extend(["--mock-site-host".into(), host.into()]);
        }
        out
    }

    /// With an endpoint: checks that it answers (see [`check`]) and says where the browsers
    /// come from, and whether `workers` × `concurrency` fits the Grid's slots.
    ///
    /// # Errors
    /// [`check`]'s sentence.
    pub async fn check(
        &self,
        engine: Engine,
        workers: usize,
        concurrency: usize,
    ) -> Result<(), String> {
        let Some(url) = self.url() else {
            return Ok(());
        };
        let endpoint = check(&url, engine).await?;
        let slots = endpoint
            .slots
            .map_or_else(String::new, |n| format!(" ({n} {engine} slot(s) up)"));
        eprintln!("mutation: browsers from {url}{slots}");
        if let Some(note) = sizing_note(&endpoint, engine, workers, concurrency) {
            eprintln!("mutation: {note}");
        }
        Ok(())
    }
}

/// How long the endpoint gets to answer `GET /status`.
const STATUS_TIMEOUT: Duration = Duration::from_secs(10);

/// What the endpoint said about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The session slots of nodes that are up and run `engine`'s browser; `None` when the
    /// endpoint is not a Grid (a driver started by hand lists no nodes).
    pub slots: Option<usize>,
}

/// Asks `url` for its `/status`.
///
/// # Errors
/// A sentence saying that nothing answers there, or that what answers is not a WebDriver
/// endpoint, and what to do.
pub async fn check(url: &str, engine: Engine) -> Result<Endpoint, String> {
    let status_url = format!("{}/status", url.trim_end_matches('/'));
    let fix = "start the Grid (or the driver) there, or fix --webdriver-url";
    let http = reqwest::Client::builder()
        .timeout(STATUS_TIMEOUT)
        .connect_timeout(STATUS_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
    let response = http.get(&status_url).send().await.map_err(|e| {
        let why = if e.is_timeout() {
            format!("no answer within {} s", STATUS_TIMEOUT.as_secs())
        } else {
            full_error(&e)
        };
        format!("nothing answers at --webdriver-url {url} (GET {status_url}: {why}): {fix}")
    })?;
    let code = response.status();
    let body: Value = match response.json().await {
        Ok(body) if code.is_success() => body,
        _ => {
            return Err(format!(
                "--webdriver-url {url} answers, but not as a WebDriver endpoint (GET \
                 {status_url}: {code}, no WebDriver status): {fix}"
            ));
        }
    };
    Ok(Endpoint {
        slots: slots(&body, engine),
    })
}

/// The slots of the nodes that are up for `engine`'s browser, from a Grid's status; `None`
/// when the status lists no nodes (not a Grid).
pub fn slots(status: &Value, engine: Engine) -> Option<usize> {
    let nodes = status["value"]["nodes"].as_array()?;
    let browser = engine.capabilities(None, None)["browserName"].clone();
    Some(
        nodes
            .iter()
            .filter(|n| n["availability"] == "UP")
            .flat_map(|n| n["slots"].as_array().into_iter().flatten())
            .filter(|slot| browser.is_null() || slot["stereotype"]["browserName"] == browser)
            .count(),
    )
}

/// What the coordinator says about the sessions it will ask for: `workers` × `concurrency`
/// against the Grid's slots; `None` when there is nothing to say.
pub fn sizing_note(
    endpoint: &Endpoint,
    engine: Engine,
    workers: usize,
    concurrency: usize,
) -> Option<String> {
    let slots = endpoint.slots?;
    let wanted = workers.max(1) * concurrency;
    if slots == 0 {
        return Some(format!(
            "the Grid has no {engine} slot up now; the sessions will wait for a node"
        ));
    }
    (wanted > slots).then(|| {
        format!(
            "--workers {workers} × --concurrency {concurrency} = {wanted} {engine} sessions at \
             once, but the Grid has {slots} slot(s): the rest queue at the hub and count \
             against the batches' time limits (size it as --workers = slots ÷ --concurrency, \
             here {})",
            (slots / concurrency).max(1)
        )
    })
}

/// An error with its causes (reqwest's own message is only the outermost one, "error
/// sending request").
fn full_error(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn grid(slots: &[(&str, &str)]) -> Value {
        json!({"value": {"ready": true, "nodes": slots.iter().map(|(availability, browser)| json!({
            "availability": availability,
            "slots": [{"session": null, "stereotype": {"browserName": browser}}],
        })).collect::<Vec<_>>()}})
    }

    #[test]
    fn a_grid_s_slots_are_counted_per_browser_on_nodes_that_are_up() {
        let status = grid(&[
            ("UP", "chrome"),
            ("UP", "chrome"),
            ("DOWN", "chrome"),
            ("UP", "firefox"),
        ]);
        assert_eq!(slots(&status, Engine::Chromium), Some(2));
        assert_eq!(slots(&status, Engine::Firefox), Some(1));
        // A driver's own status has no nodes.
        assert_eq!(
            slots(&json!({"value": {"ready": true}}), Engine::Chromium),
            None
        );
    }

    #[test]
    fn more_sessions_than_slots_is_said_with_the_size_that_fits() {
        let four = Endpoint { slots: Some(4) };
        assert_eq!(sizing_note(&four, Engine::Chromium, 2, 2), None);
        let note = sizing_note(&four, Engine::Chromium, 3, 2).expect("6 > 4");
        assert!(
            note.contains("4 slot(s)") && note.ends_with("here 2)"),
            "{note}"
        );
        assert_eq!(
            sizing_note(&Endpoint { slots: None }, Engine::Chromium, 9, 9),
            None
        );
    }

    #[tokio::test]
    async fn an_endpoint_that_does_not_answer_is_named_with_what_to_do() {
        // A port that was free a moment ago: nothing listens there.
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let e = check(&url, Engine::Chromium).await.unwrap_err();
        assert!(
            e.contains("nothing answers at --webdriver-url") && e.contains(&url),
            "{e}"
        );
        let e = check("not a url", Engine::Chromium).await.unwrap_err();
        assert!(e.contains("nothing answers"), "{e}");
    }
}
