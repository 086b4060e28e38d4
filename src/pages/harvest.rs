//! Harvesting a value from every page a scenario loads, for tools that measure the widget
//! rather than judge it: Istanbul's `window.__coverage__` (coverage), Stryker's mutant
//! coverage (mutation testing). The World reads the expression on the page it is about to
//! leave, and the after hook on the last page, so nothing a page gathered is lost when the
//! scenario moves on. Values are kept per scenario.

use std::{collections::BTreeMap, sync::Mutex};

use fantoccini::Client;
use serde_json::Value;

/// What to read from each page, and what was read, by scenario.
#[derive(Debug)]
pub struct Harvest {
    expression: String,
    page_globals: Vec<String>,
    collected: Mutex<BTreeMap<String, Vec<Value>>>,
}

impl Harvest {
    /// Reads `expression` (a JavaScript expression, e.g. `window.__coverage__`) from every
    /// host page before the browser leaves it.
    pub fn new(expression: impl Into<String>) -> Self {
        Self {
            expression: expression.into(),
            page_globals: Vec::new(),
            collected: Mutex::new(BTreeMap::new()),
        }
    }

    /// The same harvest, for a tool whose code puts `names` on the page as globals (Istanbul's
    /// `__coverage__` and its per-file function): spec I5 does not count them as the widget's
    /// while this harvest runs.
    pub fn with_page_globals(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.page_globals = names.into_iter().collect();
        self
    }

    /// The globals the harvested tool puts on pages (see [`Self::with_page_globals`]).
    pub fn page_globals(&self) -> &[String] {
        &self.page_globals
    }

    /// Reads the expression on the page `client` is on and keeps its value (when it is not
    /// null) under `scenario`. A page that is not a host page, or a browser that is gone,
    /// gives nothing: harvesting never fails a scenario.
    pub async fn read_page(&self, client: &Client, scenario: &str) {
        let script = format!(
            "if (!window.hostPage || typeof window.hostPage.dump !== 'function') return null;
             var value = ({});
             return value == null ? null : window.hostPage.dump(value);",
            self.expression
        );
        let Ok(Value::String(text)) = client.execute(&script, vec![]).await else {
            return;
        };
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            self.collected
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(scenario.to_owned())
                .or_default()
                .push(value);
        }
    }

    /// Everything read so far, by scenario key (`file.feature:line name`), leaving nothing.
    pub fn take(&self) -> BTreeMap<String, Vec<Value>> {
        std::mem::take(&mut *self.collected.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The key a scenario's harvest is kept under: `session_caching.feature:41 C4 — …`, stable
/// for an outline's example row too (its own line).
pub fn scenario_key(
    feature: &cucumber::gherkin::Feature,
    scenario: &cucumber::gherkin::Scenario,
) -> String {
    let file = crate::selection::scenario_key::feature_file_name(feature);
    format!("{file}:{} {}", scenario.position.line, scenario.name)
}
