//! The one error type of the mock: every handler returns `Result<_, ApiError>`, so the JSON
//! error body `{error, message}` (spec resolution for bad requests under A) is decided here.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An error answered to a client as JSON `{error, message}` with a matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed (both or neither of `email`/`id`, a malformed email, bad JSON).
    #[error("{0}")]
    BadRequest(String),
    /// 401: the API key is missing, malformed or wrong (spec A3), or the widget session is
    /// missing, forged or foreign (H3).
    #[error("{0}")]
    Unauthorized(String),
    /// 403: a well-formed request that is refused (a wrong verification code).
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such contact, workspace, route or resource.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists but not with this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 502: a peer this server depends on failed (the demo site's calls to the Herodesk API).
    #[error("{0}")]
    BadGateway(String),
    /// Any status, answered because the admin API injected a fault for this route.
    #[error("fault injected through the admin API: status {}", .0.as_u16())]
    Injected(StatusCode),
}

impl ApiError {
    /// The HTTP status and the machine-readable `error` code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::BadGateway(_) => (StatusCode::BAD_GATEWAY, "bad_gateway"),
            Self::Injected(status) => (*status, "injected_fault"),
        }
    }

    /// The body this error is answered with.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: self.status_and_code().1.to_owned(),
            message: self.to_string(),
        }
    }
}

/// The JSON body of every error answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct ErrorBody {
    /// Machine-readable code: `bad_request`, `unauthorized`, `forbidden`, `not_found`,
    /// `method_not_allowed`, `bad_gateway` or `injected_fault`.
    #[schema(example = "unauthorized")]
    pub error: String,
    /// What went wrong, for people.
    #[schema(example = "the API key is not valid")]
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status_and_code().0, Json(self.body())).into_response()
    }
}
