//! Extractors whose rejections are `ApiError`s, so a bad query or body gets the same JSON
//! `{error, message}` as every other error instead of axum's plain-text default. Where axum's
//! own extractor says enough, the wrapper is derived as in axum's `error-handling` example
//! (`via(…)` plus a `From` of its rejection); the query and the bearer key check more than
//! axum does and are written out.

use axum::{
    extract::{
        FromRequest, FromRequestParts, Path, Query,
        rejection::{FormRejection, JsonRejection, PathRejection},
    },
    http::{header::AUTHORIZATION, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// `Query<T>` answering 400 JSON on a malformed query.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // The decoder axum uses replaces what it cannot decode (bad `%` escapes are kept as
        // text, bytes that are not UTF-8 become U+FFFD), so `email=%ff%fe%40example.com`
        // looked up a contact that cannot exist: refuse such input and say what is wrong.
        if let Some(raw) = parts.uri.query() {
            check_query(raw)
                .map_err(|why| ApiError::BadRequest(format!("invalid query: {why}")))?;
        }
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Self(v))
            .map_err(|e| ApiError::BadRequest(format!("invalid query: {}", e.body_text())))
    }
}

/// Checks that every name and value of a raw query string is well-formed percent-encoding
/// of UTF-8 text; the error says which parameter and what is wrong with it.
pub fn check_query(raw: &str) -> Result<(), String> {
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let shown_name = percent_decode(name)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| name.chars().take(40).collect());
        for (part, text) in [("name", name), ("value", value)] {
            let bytes = percent_decode(text).map_err(|bad| {
                format!("the {part} of `{shown_name}` has a bad percent-encoding `{bad}` (expected % and two hex digits)")
            })?;
            if let Err(e) = std::str::from_utf8(&bytes) {
                return Err(format!(
                    "the {part} of `{shown_name}` is not UTF-8 once decoded (byte 0x{:02x} at offset {})",
                    bytes[e.valid_up_to()],
                    e.valid_up_to()
                ));
            }
        }
    }
    Ok(())
}

/// Decodes `+` and `%XX`; on a `%` without two hex digits, returns the bad escape.
fn percent_decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => {
                        let end = (i + 3).min(bytes.len());
                        return Err(String::from_utf8_lossy(&bytes[i..end]).into_owned());
                    }
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    Ok(out)
}

/// The API key of an `Authorization: Bearer <key>` header (spec A3: missing or malformed → 401).
#[derive(Debug)]
pub struct BearerKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BearerKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::Unauthorized("missing Authorization header".into()))?;
        let value = value
            .to_str()
            .map_err(|_| ApiError::Unauthorized("Authorization header is not valid text".into()))?;
        let (scheme, key) = value.split_once(' ').ok_or_else(|| {
            ApiError::Unauthorized("Authorization header must be `Bearer <API key>`".into())
        })?;
        let key = key.trim();
        if !scheme.eq_ignore_ascii_case("bearer") || key.is_empty() || key.contains(' ') {
            return Err(ApiError::Unauthorized(
                "Authorization header must be `Bearer <API key>`".into(),
            ));
        }
        Ok(Self(key.to_owned()))
    }
}

/// `Json<T>` answering 400 JSON on a malformed body.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for ApiError {
    // Every way a body can be unreadable (no JSON content type, bad syntax, wrong shape) is
    // the client's fault, so all of them are 400, not axum's 415/422.
    fn from(rejection: JsonRejection) -> Self {
        Self::BadRequest(format!("invalid JSON body: {}", rejection.body_text()))
    }
}

/// `Path<T>` answering 400 JSON when a path segment cannot be decoded.
#[derive(Debug, FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest(format!("invalid path: {}", rejection.body_text()))
    }
}

/// `Form<T>` answering 400 JSON on a malformed form body.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
pub struct ApiForm<T>(pub T);

impl From<FormRejection> for ApiError {
    fn from(rejection: FormRejection) -> Self {
        Self::BadRequest(format!("invalid form: {}", rejection.body_text()))
    }
}
