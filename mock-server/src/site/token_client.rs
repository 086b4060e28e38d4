//! The host site's server-side call to the REST API (Step 1 of the vendor's documentation).
//! The API key stays here, on the server: it never reaches the page (spec A5).

use std::time::Duration;

use serde::Deserialize;

/// Why the site could not get a token.
#[derive(Debug, thiserror::Error)]
pub enum TokenFetchError {
    /// The REST API could not be reached or did not answer in time.
    #[error("the Herodesk API could not be reached: {0}")]
    Unreachable(String),
    /// The REST API answered with an error status.
    #[error("the Herodesk API answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The `message` of the JSON error body, or the raw body.
        message: String,
    },
    /// The REST API answered 200 with a body that is not the documented JSON.
    #[error("the Herodesk API answered with an unexpected body: {0}")]
    BadBody(String),
}

#[derive(Deserialize)]
struct TokenBody {
    auth_token: String,
}

/// How long the site waits for the REST API before rendering the page without a token.
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(5);

/// Fetches the `auth_token` for `email` from the REST API at `api_url` with `api_key`, waiting
/// at most [`TOKEN_TIMEOUT`].
///
/// # Errors
/// [`TokenFetchError`] when the API cannot be reached in time, refuses, or answers nonsense.
pub async fn fetch_auth_token(
    http: &reqwest::Client,
    api_url: &str,
    api_key: &str,
    email: &str,
) -> Result<String, TokenFetchError> {
    fetch_auth_token_within(http, api_url, api_key, email, TOKEN_TIMEOUT).await
}

/// [`fetch_auth_token`] with another timeout.
///
/// # Errors
/// As [`fetch_auth_token`].
pub async fn fetch_auth_token_within(
    http: &reqwest::Client,
    api_url: &str,
    api_key: &str,
    email: &str,
    timeout: Duration,
) -> Result<String, TokenFetchError> {
    let response = http
        .get(format!("{api_url}/v1/contacts/chat-auth-token"))
        .query(&[("email", email)])
        .bearer_auth(api_key)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| TokenFetchError::Unreachable(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| TokenFetchError::Unreachable(e.to_string()))?;
    if !status.is_success() {
        let message = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("message")?.as_str().map(str::to_owned))
            .unwrap_or(text);
        return Err(TokenFetchError::Refused {
            status: status.as_u16(),
            message,
        });
    }
    serde_json::from_str::<TokenBody>(&text)
        .map(|b| b.auth_token)
        .map_err(|e| TokenFetchError::BadBody(e.to_string()))
}
