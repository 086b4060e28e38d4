//! The one error type of the mock: every handler returns `Result<_, ApiError>`, so the JSON
//! error body `{error, message}` (spec resolution for bad requests under A) is decided here.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

/// An error answered to a client as JSON `{error, message}` with a matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed (both or neither of `email`/`id`, a malformed email, bad JSON).
    #[error("{0}")]
    BadRequest(String),
    /// 401: the API key is missing, malformed or wrong (spec A3).
    #[error("{0}")]
    Unauthorized(String),
    /// 403: a valid request for something the caller may not see (ownership, F4/H3).
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such contact, workspace or resource.
    #[error("{0}")]
    NotFound(String),
    /// 502: a peer this server depends on failed (the demo site's call to the REST API).
    #[error("{0}")]
    BadGateway(String),
}

impl ApiError {
    /// The HTTP status and the machine-readable `error` code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::BadGateway(_) => (StatusCode::BAD_GATEWAY, "bad_gateway"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        (
            status,
            Json(json!({ "error": code, "message": self.to_string() })),
        )
            .into_response()
    }
}
