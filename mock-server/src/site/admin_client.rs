//! The demo site's server-side call to the admin API: an agent replies in a conversation (the
//! demo stands in for the support team's console, which a real customer site would not have).

use std::time::Duration;

use serde::Deserialize;

/// How long the demo waits for the admin API.
pub const ADMIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the agent reply was not posted.
#[derive(Debug, thiserror::Error)]
pub enum AgentReplyError {
    /// The API could not be reached or did not answer in time.
    #[error("the Herodesk API could not be reached: {0}")]
    Unreachable(String),
    /// The admin API refused (no such conversation, blank body).
    #[error("the Herodesk API answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The `message` of the JSON error body, or the raw body.
        message: String,
    },
}

#[derive(Deserialize)]
struct ErrorBody {
    message: String,
}

/// Posts `body` as an agent reply in conversation `id` of workspace `wid`.
///
/// # Errors
/// [`AgentReplyError`] when the API cannot be reached or refuses.
pub async fn post_agent_reply(
    http: &reqwest::Client,
    api_url: &str,
    wid: &str,
    id: u64,
    body: &str,
) -> Result<(), AgentReplyError> {
    let response = http
        .post(format!(
            "{api_url}/admin/workspaces/{wid}/conversations/{id}/agent-replies"
        ))
        .json(&serde_json::json!({ "body": body }))
        .timeout(ADMIN_TIMEOUT)
        .send()
        .await
        .map_err(|e| AgentReplyError::Unreachable(e.to_string()))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = response.text().await.unwrap_or_default();
    Err(AgentReplyError::Refused {
        status: status.as_u16(),
        message: serde_json::from_str::<ErrorBody>(&text)
            .map(|e| e.message)
            .unwrap_or(text),
    })
}
