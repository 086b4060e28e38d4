//! `window.Herodesk` in the host page: the state properties and commands of the public API.

use fantoccini::Client;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Result, SuiteError};

/// The three state properties as the page sees them; `None` where the property is not a bool
/// (e.g. the queue stub, which has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct HerodeskState {
    /// `Herodesk.isBooted`.
    #[serde(rename = "isBooted")]
    pub is_booted: Option<bool>,
    /// `Herodesk.isReady`.
    #[serde(rename = "isReady")]
    pub is_ready: Option<bool>,
    /// `Herodesk.isVisible`.
    #[serde(rename = "isVisible")]
    pub is_visible: Option<bool>,
}

/// Reads the state properties.
///
/// # Errors
/// A WebDriver error.
pub async fn state(client: &Client) -> Result<HerodeskState> {
    // A string, not an object: a page that extends `Object.prototype` (spec I2's polluted
    // profile) makes WebKitWebDriver refuse to send an object back.
    let v = client
        .execute(
            "var H = window.Herodesk;
             function b(x) { return typeof x === 'boolean' ? String(x) : 'null'; }
             return H ? b(H.isBooted) + ' ' + b(H.isReady) + ' ' + b(H.isVisible) : 'null null null';",
            vec![],
        )
        .await
        .map_err(SuiteError::webdriver("reading Herodesk's state properties"))?;
    v.as_str()
        .and_then(HerodeskState::parse)
        .ok_or_else(|| SuiteError::Expectation(format!("Herodesk's state is not readable: {v}")))
}

/// A state property's value as a person reads it: `true`, `false`, or `not a boolean`.
pub fn in_words(value: Option<bool>) -> String {
    value.map_or_else(|| "not a boolean".to_owned(), |b| b.to_string())
}

impl HerodeskState {
    /// Reads what [`state`]'s script returns: `true`, `false` or `null` for each property.
    fn parse(text: &str) -> Option<Self> {
        let one = |word: &str| match word {
            "true" => Some(Some(true)),
            "false" => Some(Some(false)),
            "null" => Some(None),
            _ => None,
        };
        let mut words = text.split(' ');
        let state = Self {
            is_booted: one(words.next()?)?,
            is_ready: one(words.next()?)?,
            is_visible: one(words.next()?)?,
        };
        words.next().is_none().then_some(state)
    }
}

/// Calls `Herodesk(command, ...args)` from the page, as a site's own script would.
///
/// # Errors
/// A WebDriver error (including an exception thrown by the widget).
pub async fn call(client: &Client, command: &str, args: Vec<Value>) -> Result<()> {
    let mut all = vec![Value::String(command.to_owned())];
    all.extend(args);
    client
        .execute("window.Herodesk.apply(null, arguments);", all)
        .await
        .map_err(thrown_or_lost(command))?;
    Ok(())
}

/// The error of a page's call to `Herodesk(command, …)`: an exception the widget threw into
/// the calling script is the widget's failure, said as such; anything else is WebDriver's.
fn thrown_or_lost(command: &str) -> impl FnOnce(fantoccini::error::CmdError) -> SuiteError {
    let doing = format!("calling Herodesk('{command}', …)");
    let command = command.to_owned();
    move |e| match &e {
        fantoccini::error::CmdError::Standard(wd)
            if wd.error == fantoccini::error::ErrorStatus::JavascriptError =>
        {
            SuiteError::Expectation(format!(
                "the page's call Herodesk('{command}', …) threw an error into the page's script: {}",
                wd.message
            ))
        }
        _ => SuiteError::webdriver(doing)(e),
    }
}

/// Calls `Herodesk('boot', params)` `times` times in one script, so that no answer of the
/// backend can arrive between the calls.
///
/// # Errors
/// A WebDriver error (including an exception thrown by the widget).
pub async fn boot(client: &Client, params: Value, times: u32) -> Result<()> {
    client
        .execute(
            "for (var i = 0; i < arguments[1]; i++) { window.Herodesk('boot', arguments[0]); }",
            vec![params, Value::from(times)],
        )
        .await
        .map_err(thrown_or_lost("boot"))?;
    Ok(())
}

/// Calls `Herodesk('boot', params)` once for each of `boots`, in one script.
///
/// # Errors
/// A WebDriver error (including an exception thrown by the widget).
pub async fn boot_each(client: &Client, boots: Vec<Value>) -> Result<()> {
    client
        .execute(
            "for (var i = 0; i < arguments[0].length; i++) { window.Herodesk('boot', arguments[0][i]); }",
            vec![Value::Array(boots)],
        )
        .await
        .map_err(SuiteError::webdriver("calling Herodesk('boot', …) twice"))?;
    Ok(())
}

/// Assigns `value` to `Herodesk.<property>` as a page script would (sloppy mode, errors
/// swallowed: E4 is about the value not changing, not about throwing).
///
/// # Errors
/// A WebDriver error.
pub async fn assign(client: &Client, property: &str, value: Value) -> Result<()> {
    client
        .execute(
            "try { window.Herodesk[arguments[0]] = arguments[1]; } catch (e) {}",
            vec![Value::String(property.to_owned()), value],
        )
        .await
        .map_err(SuiteError::webdriver(format!(
            "assigning Herodesk.{property}"
        )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_words_read_back_and_anything_else_is_unreadable() {
        assert_eq!(
            HerodeskState::parse("true false null"),
            Some(HerodeskState {
                is_booted: Some(true),
                is_ready: Some(false),
                is_visible: None,
            })
        );
        assert_eq!(HerodeskState::parse("true false"), None);
        assert_eq!(HerodeskState::parse("true false null true"), None);
        assert_eq!(HerodeskState::parse("yes no maybe"), None);
        assert_eq!(in_words(Some(true)), "true");
        assert_eq!(in_words(None), "not a boolean");
    }
}
