//! Reading a hook of a same-origin widget iframe in one script from the host page, instead of
//! WebDriver's find, switch, read and switch back (about ten times the commands: measured, the
//! frame switches were 29 % of Chromium's WebDriver time in a whole run).
//!
//! It only ever answers what frame switching would answer too, and says "enter the frame"
//! otherwise:
//! - a cross-origin frame (no `contentDocument`), or an answer of an unexpected shape (a host
//!   page the widget polluted, spec I2), is read by entering the frame;
//! - "displayed" is decided here only when the element is certainly not displayed (no such
//!   element, or `display: none` on it or an ancestor, or `visibility: hidden`/`collapse`),
//!   which every driver's element-displayed algorithm also says is not displayed; an element
//!   that may be displayed is left to the driver's own algorithm (offscreen, zero size,
//!   opacity: rules this script does not repeat).

use fantoccini::Client;
use serde_json::{Value, json};

use crate::error::{Result, SuiteError};

/// One hook as the script found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    /// The page has no widget iframe.
    NoFrame,
    /// The iframe has no element for the selector.
    NoElement,
    /// The element and what was asked of it.
    Element(Hook),
}

/// What the script read of an element: the attributes asked for (in order; `None` when
/// absent), its `textContent`, whether it holds elements, its `value` property, and whether it
/// is certainly not displayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hook {
    pub attributes: Vec<Option<String>>,
    pub text: String,
    pub has_elements: bool,
    pub value: Option<String>,
    pub surely_hidden: bool,
}

const READ: &str = "var f = document.querySelector(arguments[0]);
if (!f) return ['noframe'];
var d = null;
try { d = f.contentDocument; } catch (e) { d = null; }
if (!d || !d.documentElement) return ['cross'];
var el = d.querySelector(arguments[1]);
if (!el) return ['none'];
var w = d.defaultView, hidden = false;
if (w) {
  var s = w.getComputedStyle(el);
  hidden = s.visibility === 'hidden' || s.visibility === 'collapse';
  for (var n = el; n && n.nodeType === 1 && !hidden; n = n.parentElement) {
    if (w.getComputedStyle(n).display === 'none') hidden = true;
  }
}
var attrs = [];
for (var i = 0; i < arguments[2].length; i++) attrs[i] = el.getAttribute(arguments[2][i]);
var v = el.value;
return ['el', hidden, attrs, '' + el.textContent, el.children.length > 0,
  v === undefined || v === null ? null : '' + v];";

/// Reads `selector` in the widget's iframe with `attributes`, or `None` when the frame must be
/// entered (cross-origin, or an answer this module does not trust).
///
/// # Errors
/// A WebDriver error (the page itself did not answer).
pub(super) async fn read(
    client: &Client,
    frame: &str,
    selector: &str,
    attributes: &[&str],
) -> Result<Option<Found>> {
    let answer = client
        .execute(READ, vec![json!(frame), json!(selector), json!(attributes)])
        .await
        .map_err(SuiteError::webdriver("reading the widget iframe"))?;
    Ok(parse(&answer, attributes.len()))
}

fn parse(answer: &Value, attributes: usize) -> Option<Found> {
    let parts = answer.as_array()?;
    match parts.first()?.as_str()? {
        "noframe" if parts.len() == 1 => Some(Found::NoFrame),
        "none" if parts.len() == 1 => Some(Found::NoElement),
        "el" if parts.len() == 6 => {
            let attributes_read = parts[2].as_array()?;
            if attributes_read.len() != attributes {
                return None;
            }
            let attributes = attributes_read
                .iter()
                .map(|a| match a {
                    Value::Null => Some(None),
                    Value::String(s) => Some(Some(s.clone())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Found::Element(Hook {
                attributes,
                surely_hidden: parts[1].as_bool()?,
                text: parts[3].as_str()?.to_owned(),
                has_elements: parts[4].as_bool()?,
                value: match &parts[5] {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    _ => return None,
                },
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Found, Hook, parse};

    #[test]
    fn a_cross_origin_frame_or_a_strange_answer_means_entering_the_frame() {
        assert_eq!(parse(&json!(["cross"]), 0), None);
        assert_eq!(parse(&json!(null), 0), None);
        assert_eq!(parse(&json!("el"), 0), None);
        assert_eq!(parse(&json!(["el", "yes", [], "", false, null]), 0), None);
        // One attribute asked, two answered: a polluted page, not an answer.
        assert_eq!(
            parse(&json!(["el", false, ["a", "b"], "", false, null]), 1),
            None
        );
        assert_eq!(parse(&json!(["none", 1]), 0), None);
    }

    #[test]
    fn an_element_reads_back_with_its_attributes_in_order() {
        assert_eq!(parse(&json!(["noframe"]), 2), Some(Found::NoFrame));
        assert_eq!(parse(&json!(["none"]), 2), Some(Found::NoElement));
        assert_eq!(
            parse(
                &json!(["el", true, ["verified", null], "Jane", true, "hi"]),
                2
            ),
            Some(Found::Element(Hook {
                attributes: vec![Some("verified".into()), None],
                text: "Jane".into(),
                has_elements: true,
                value: Some("hi".into()),
                surely_hidden: true,
            }))
        );
    }
}
