//! The widget build under test, read from a file or fetched from a URL before any browser
//! starts. A file or URL the suite cannot get is "could not run" (exit 2), in plain words
//! ("only http and https", "connection refused", "answered text/html, not JavaScript"); a
//! build that is there but is not JavaScript text (an image, a binary) is the build's fault
//! (exit 1, [`Build::NotJavaScript`]).

use std::time::Duration;

use crate::{error::SuiteError, plan::Widget};

/// How long a widget server may take to answer: a CDN or build server that hangs must not
/// hang the run.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// What was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Build {
    /// The build's source text.
    Script(String),
    /// The build exists but is not JavaScript text; says why ("not JavaScript text: …").
    NotJavaScript(String),
}

/// The widget build's source: read from its file or fetched from its URL.
///
/// # Errors
/// [`SuiteError::Widget`] naming the file or URL and what went wrong.
pub async fn read(widget: &Widget) -> Result<String, SuiteError> {
    match load(widget).await? {
        Build::Script(text) => Ok(text),
        Build::NotJavaScript(why) => Err(SuiteError::Widget(why)),
    }
}

/// Like [`read`], telling a build that is not JavaScript text apart (the build's fault, not
/// the suite's).
///
/// # Errors
/// [`SuiteError::Widget`] when the file or URL cannot be read.
pub async fn load(widget: &Widget) -> Result<Build, SuiteError> {
    let url = match widget {
        Widget::Url(url) => url.as_str(),
        Widget::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                SuiteError::Widget(format!(
                    "cannot read the widget build {}: {e}",
                    path.display()
                ))
            })?;
            return Ok(as_script(bytes, &path.display().to_string()));
        }
    };
    let fail =
        |why: String| SuiteError::Widget(format!("cannot fetch the widget build {url}: {why}"));
    let parsed = reqwest::Url::parse(url).map_err(|e| fail(format!("not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(fail(format!(
            "only http and https URLs are supported, not {}:",
            parsed.scheme()
        )));
    }
    let response = reqwest::Client::new()
        .get(parsed)
        .timeout(FETCH_TIMEOUT)
        .send()
        .await
        .map_err(|e| fail(explain(&e)))?;
    if !response.status().is_success() {
        return Err(fail(format!("the server answered {}", response.status())));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    // An error page or a login page served with 200 would otherwise be tested as the build.
    if let Some(kind) = &content_type
        && (kind.starts_with("text/html") || kind.starts_with("image/"))
    {
        return Err(fail(format!(
            "the server answered {kind}, not JavaScript (an error or login page?)"
        )));
    }
    let bytes = response.bytes().await.map_err(|e| fail(explain(&e)))?;
    // An empty 200 (a misconfigured CDN path) would otherwise test "no widget at all".
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(fail("the answer is empty".into()));
    }
    Ok(as_script(bytes.to_vec(), url))
}

/// The bytes as a script, or why they are not JavaScript text.
fn as_script(bytes: Vec<u8>, name: &str) -> Build {
    let not_text = |why: String| {
        Build::NotJavaScript(format!(
            "the widget build {name} is not JavaScript text: {why}"
        ))
    };
    match String::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            Some(at) => not_text(format!(
                "it holds a NUL byte at offset {at} (a binary file?)"
            )),
            None => Build::Script(text),
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes().get(at).copied().unwrap_or_default();
            not_text(format!(
                "it is not UTF-8 (byte 0x{byte:02x} at offset {at}; an image or a binary file?)"
            ))
        }
    }
}

/// A fetch error in plain words: what happened on the network, not reqwest's wording.
fn explain(e: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let all = causes.join(": ").to_ascii_lowercase();
    if all.contains("connection refused") {
        "connection refused (nothing listens on that port)".into()
    } else if e.is_timeout() {
        format!("no answer within {} s", FETCH_TIMEOUT.as_secs())
    } else if all.contains("dns error") || all.contains("failed to lookup") {
        "the host name does not resolve".into()
    } else {
        // The innermost cause says what happened; the outer ones repeat the URL.
        causes.last().cloned().unwrap_or_else(|| e.to_string())
    }
}

/// The build's bytes, read again for its hash in `verdict.json` (`None` when it cannot be).
pub async fn bytes(widget: &Widget) -> Option<Vec<u8>> {
    match widget {
        Widget::File(path) => std::fs::read(path).ok(),
        Widget::Url(_) => match load(widget).await {
            Ok(Build::Script(text)) => Some(text.into_bytes()),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bytes_are_not_javascript_text_and_say_why() {
        let png = b"\x89PNG\r\n\x1a\n".to_vec();
        let Build::NotJavaScript(why) = as_script(png, "x.png") else {
            panic!("a PNG accepted as a script");
        };
        assert!(why.contains("not JavaScript text"), "{why}");
        assert!(why.contains("0x89 at offset 0"), "{why}");
        let Build::NotJavaScript(why) = as_script(b"var a;\0".to_vec(), "x.js") else {
            panic!("a NUL byte accepted");
        };
        assert!(why.contains("NUL byte at offset 6"), "{why}");
        assert_eq!(
            as_script("var é;".as_bytes().to_vec(), "x.js"),
            Build::Script("var é;".into())
        );
    }
}
