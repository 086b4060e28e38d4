//! Answers for requests no route takes, in the same JSON shape as every other error, so a
//! client never has to parse axum's plain-text defaults.

use axum::http::{Method, Uri};

use crate::error::ApiError;

/// No route has this path.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no route for {method} {}",
        uri.path().chars().take(200).collect::<String>()
    ))
}

/// The path exists, but not with this method.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!(
        "{method} is not allowed on {}",
        uri.path().chars().take(200).collect::<String>()
    ))
}
