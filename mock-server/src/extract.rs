//! Extractors whose rejections are `ApiError`s, so a bad query or body gets the same JSON
//! `{error, message}` as every other error instead of axum's plain-text default.

use axum::{
    extract::{FromRequest, FromRequestParts, Path, Query, Request},
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
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Self(v))
            .map_err(|e| ApiError::BadRequest(format!("invalid query: {}", e.body_text())))
    }
}

/// `Json<T>` answering 400 JSON on a malformed body.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(v)| Self(v))
            .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {}", e.body_text())))
    }
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

/// `Path<T>` answering 400 JSON when a path segment cannot be decoded.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| Self(v))
            .map_err(|e| ApiError::BadRequest(format!("invalid path: {}", e.body_text())))
    }
}

/// `Form<T>` answering 400 JSON on a malformed form body.
#[derive(Debug)]
pub struct ApiForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiForm<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Self(v))
            .map_err(|e| ApiError::BadRequest(format!("invalid form: {}", e.body_text())))
    }
}
