//! What the World observes of the widget on real customer pages (spec I): CSP violations, the
//! calls that passed the page's network wrapper, the shape of the widget's requests, and what
//! the widget added to the page. Steps call these; the host page's records are read through
//! [`crate::pages::host_watch`], the backend's through the journal.

use std::{collections::BTreeMap, time::Duration};

use crate::{
    backend::{CSP_REPORTS_ROUTE, Entry},
    browser::wait::{DEFAULT_TIMEOUT, Probe, settled},
    error::Result,
    pages::{host_page, host_watch},
    world::HerodeskWorld,
};

/// How long no new violation must come before "no violation" is believed: browsers send
/// reports a moment after the violation.
const REPORTS_QUIET: Duration = Duration::from_millis(1500);

/// Fields of widget request bodies that may hold text shaped like JSON.
const FREE_TEXT_FIELDS: &[&str] = &["body"];

impl HerodeskWorld {
    /// The globals the widget added to the host page (spec I5): those the page did not have before
    /// the widget script, less the WebDriver implementation's and those of a tool this run harvests
    /// from pages (`--coverage`, [`crate::pages::harvest::Harvest::with_page_globals`]).
    ///
    /// # Errors
    /// A WebDriver error.
    pub async fn globals_added_by_the_widget(&mut self) -> Result<Vec<String>> {
        let harness = self.harness_globals();
        let client = self.client().await?;
        host_watch::new_globals(client, &harness).await
    }

    /// The globals a tool this run harvests from pages puts there itself (none in a plain run).
    pub(super) fn harness_globals(&self) -> Vec<String> {
        self.suite()
            .harvest
            .as_ref()
            .map(|h| h.page_globals().to_vec())
            .unwrap_or_default()
    }

    /// Resizes the window to a phone's width and back, as a visitor does, then sends the page
    /// one more `resize` event (see [`host_page::send_resize_event`]). While the window is
    /// narrow the guest watch compares the site's elements as they look: a stylesheet of the
    /// widget's in a `@media (max-width: …)` rule restyles them only there (I7).
    ///
    /// # Errors
    /// A WebDriver error of the event.
    pub async fn resize_the_window(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        if host_page::narrow_window(&client).await {
            let _ = crate::pages::guest_watch::check_styles(&client).await;
            host_page::restore_window(&client).await;
        }
        host_page::send_resize_event(&client).await
    }

    /// Waits until the widget has written a warning or an error on the host page's console
    /// (the spec's "says why on the console") and returns its text.
    ///
    /// # Errors
    /// A timeout showing the console lines the page recorded.
    pub async fn widget_console_warning(&mut self, why: &str) -> Result<String> {
        let client = self.client().await?.clone();
        self.react(
            &format!("a warning or error from the widget on the console ({why})"),
            || async {
                let lines = host_page::console(&client).await?;
                Ok(
                    match lines
                        .iter()
                        .find(|l| l.level == "warn" || l.level == "error")
                    {
                        Some(l) => Probe::Ready(l.text.clone()),
                        None => Probe::NotYet(format!("console: {lines:?}")),
                    },
                )
            },
        )
        .await
    }

    /// Every Content-Security-Policy violation of this scenario: the reports the browser sent
    /// (any page load, the widget's frame included) and what the page's own listener saw,
    /// once no new one has come for a moment.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Mock`], WebDriver errors, or a timeout when reports keep
    /// coming.
    pub async fn csp_violations(&mut self) -> Result<Vec<String>> {
        let client = self.client().await?.clone();
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        settled(
            "the page's CSP violations",
            REPORTS_QUIET,
            DEFAULT_TIMEOUT,
            || async {
                let mut seen: Vec<String> = backend
                    .journal(&wid, Some(CSP_REPORTS_ROUTE), 0)
                    .await?
                    .into_iter()
                    .map(|e| describe_csp_report(&e.body))
                    .collect();
                seen.extend(
                    host_watch::csp_violations(&client)
                        .await?
                        .into_iter()
                        .map(|v| {
                            format!("{} refused {} (from {})", v.directive, v.blocked, v.source)
                        }),
                );
                Ok(seen)
            },
        )
        .await
    }

    /// Waits until every call the widget made to the API passed the page's network wrapper
    /// exactly once: per call, the wrapper saw at least what the backend had received just
    /// before it was read, and no more than the backend received just after.
    ///
    /// # Errors
    /// A timeout naming the calls that did not pass once; mock or WebDriver errors.
    pub async fn wait_for_calls_through_the_wrapper(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(
            "every widget call to pass the page's network wrapper exactly once",
            || async {
                let before = calls_by_key(&self.widget_calls().await?);
                let api = self.suite().mock.api_url().to_owned();
                let mut wrapped: BTreeMap<String, usize> = BTreeMap::new();
                for call in host_watch::wrapped_calls(&client).await? {
                    if let Some(key) = call_key_of_url(&call, &api) {
                        *wrapped.entry(key).or_default() += 1;
                    }
                }
                let after = calls_by_key(&self.widget_calls().await?);
                let mut wrong = Vec::new();
                for key in before.keys().chain(wrapped.keys()).chain(after.keys()) {
                    let (b, w, a) = (
                        before.get(key).copied().unwrap_or(0),
                        wrapped.get(key).copied().unwrap_or(0),
                        after.get(key).copied().unwrap_or(0),
                    );
                    if w < b || w > a {
                        wrong.push(format!("{key}: backend {b}..{a}, wrapper {w}"));
                    }
                }
                wrong.dedup();
                Ok(Probe::ready_if(wrong.is_empty(), || wrong.join("; ")))
            },
        )
        .await
    }

    /// The widget's requests to the API that are not well-formed: a body that is not a JSON
    /// object, a field that holds JSON text instead of a value (an array serialised by a
    /// polluted `Array.prototype.toJSON`), or an answer of 400/422 from the backend.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Mock`].
    pub async fn ill_formed_widget_requests(&self) -> Result<Vec<String>> {
        let mut wrong = Vec::new();
        for call in self.widget_calls().await? {
            if matches!(call.status, 400 | 422) {
                wrong.push(format!(
                    "{} was refused with {}: {}",
                    call.route, call.status, call.body
                ));
            }
            if call.body.is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(&call.body) {
                Ok(serde_json::Value::Object(fields)) => {
                    for (name, value) in fields {
                        let double_encoded = value.as_str().is_some_and(|s| {
                            !FREE_TEXT_FIELDS.contains(&name.as_str())
                                && matches!(
                                    serde_json::from_str::<serde_json::Value>(s),
                                    Ok(serde_json::Value::Array(_) | serde_json::Value::Object(_))
                                )
                        });
                        if double_encoded {
                            wrong.push(format!(
                                "{} sent `{name}` as JSON text, not as a value: {}",
                                call.route, call.body
                            ));
                        }
                    }
                }
                _ => wrong.push(format!(
                    "{} sent a body that is not a JSON object: {}",
                    call.route, call.body
                )),
            }
        }
        Ok(wrong)
    }

    /// The widget's calls to the widget-facing API in this scenario (preflights aside).
    async fn widget_calls(&self) -> Result<Vec<Entry>> {
        Ok(self
            .suite()
            .backend
            .journal(&self.workspace.widget_id, None, 0)
            .await?
            .into_iter()
            .filter(|e| {
                e.server == "api" && e.path.starts_with("/widget/") && e.method != "OPTIONS"
            })
            .collect())
    }
}

/// `script-src refused eval (http://…/livechat.js:44)` from a browser's `application/csp-report`
/// body; the raw body when it is not one.
fn describe_csp_report(body: &str) -> String {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(body) else {
        return format!("report: {body}");
    };
    let report = &json["csp-report"];
    let field = |name: &str| match &report[name] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut directive = field("effective-directive");
    if directive.is_empty() {
        directive = field("violated-directive");
    }
    let blocked = field("blocked-uri");
    let source = field("source-file");
    let line = field("line-number");
    format!(
        "{directive} refused {} (from {}:{line})",
        if blocked.is_empty() {
            "inline code"
        } else {
            &blocked
        },
        if source.is_empty() {
            "the page"
        } else {
            &source
        },
    )
}

/// `METHOD /path?query` of journal entries, counted.
fn calls_by_key(entries: &[Entry]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in entries {
        let key = match &e.query {
            Some(q) => format!("{} {}?{q}", e.method, e.path),
            None => format!("{} {}", e.method, e.path),
        };
        *out.entry(key).or_default() += 1;
    }
    out
}

/// `METHOD /path?query` of a wrapper record `METHOD absolute-url`, when the URL is the API's.
fn call_key_of_url(call: &str, api_url: &str) -> Option<String> {
    let (method, url) = call.split_once(' ')?;
    let rest = url.strip_prefix(api_url.trim_end_matches('/'))?;
    rest.starts_with('/').then(|| format!("{method} {rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csp_report_is_told_in_one_line() {
        let body = r#"{"csp-report":{"blocked-uri":"eval","effective-directive":"script-src","source-file":"http://127.0.0.1:9/livechat.js","line-number":44}}"#;
        assert_eq!(
            describe_csp_report(body),
            "script-src refused eval (from http://127.0.0.1:9/livechat.js:44)"
        );
        assert_eq!(describe_csp_report("x"), "report: x");
    }

    #[test]
    fn wrapper_records_of_the_api_become_journal_keys() {
        assert_eq!(
            call_key_of_url(
                "GET http://127.0.0.1:9/widget/v1/unread?wid=w1",
                "http://127.0.0.1:9"
            )
            .as_deref(),
            Some("GET /widget/v1/unread?wid=w1")
        );
        assert_eq!(
            call_key_of_url("GET http://localhost:8/w/x/", "http://127.0.0.1:9"),
            None
        );
        assert_eq!(
            call_key_of_url("GET http://127.0.0.1:90/x", "http://127.0.0.1:9"),
            None
        );
    }
}
