//! A tiny HTTP server for the tests that make the main command fetch something (`--widget-url`):
//! fixed answers to GETs of fixed paths, 404 for anything else, on a free port of 127.0.0.1,
//! served by axum on the test's own runtime (so the test must be `#[tokio::test]` and await
//! while the command runs). Include it with
//! `#[path = "support/static_server.rs"] mod static_server;`.
//!
//! It stands in for wiremock, whose hyper `full`/`http2` features made `cargo test` build the
//! shared dependencies (tokio, hyper, axum, reqwest…) differently from the binary alone, so the
//! `cargo install` of `tests/relocatable.rs` recompiled them all.

use axum::{
    Router,
    http::{StatusCode, header::CONTENT_TYPE},
    routing::get,
};
use tokio::{net::TcpListener, task::JoinHandle};

/// One fixed answer: status, content type and body.
#[derive(Clone, Debug)]
pub struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: String,
}

impl Answer {
    /// A 200 with `body` of type `content_type`.
    pub fn ok(content_type: &'static str, body: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            content_type,
            body: body.into(),
        }
    }
}

/// A running server; it stops when dropped (and with the test's runtime in any case).
pub struct StaticServer {
    uri: String,
    task: JoinHandle<()>,
}

impl StaticServer {
    /// Starts a server answering a GET of each `(path, answer)` with its answer, and 404 (no
    /// body) to anything else.
    pub async fn start(routes: impl IntoIterator<Item = (&'static str, Answer)>) -> Self {
        let router = routes
            .into_iter()
            .fold(Router::new(), |router, (path, answer)| {
                router.route(
                    path,
                    get(move || {
                        let answer = answer.clone();
                        async move {
                            (
                                answer.status,
                                [(CONTENT_TYPE, answer.content_type)],
                                answer.body,
                            )
                        }
                    }),
                )
            })
            .fallback(|| async { StatusCode::NOT_FOUND });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self { uri, task }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash: append a path to it.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
