//! The widget build under test, read from a file or fetched from a URL before anything else
//! starts, so a missing or empty build is "could not run", never a failed scenario.

use std::{path::Path, time::Duration};

use crate::error::SuiteError;

/// How long a widget server may take to answer: a CDN or build server that hangs must not
/// hang the run.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// The widget build's source: fetched from `url` when there is one, else read from `path`.
///
/// # Errors
/// [`SuiteError::Widget`] naming the file or URL and what went wrong.
pub async fn read(path: &Path, url: Option<&str>) -> Result<String, SuiteError> {
    let Some(url) = url else {
        return std::fs::read_to_string(path).map_err(|e| {
            SuiteError::Widget(format!(
                "cannot read the widget build {}: {e}",
                path.display()
            ))
        });
    };
    let fail =
        |why: String| SuiteError::Widget(format!("cannot fetch the widget build {url}: {why}"));
    let response = reqwest::Client::new()
        .get(url)
        .timeout(FETCH_TIMEOUT)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    if !response.status().is_success() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let text = response.text().await.map_err(|e| fail(e.to_string()))?;
    // An empty 200 (a misconfigured CDN path) would otherwise test "no widget at all".
    if text.trim().is_empty() {
        return Err(fail("the answer is empty".into()));
    }
    Ok(text)
}
