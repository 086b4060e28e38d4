//! Where the host page puts the widget script (`?placement=`): real sites embed it in the
//! body as the vendor shows, in `<head>`, or through an async loader or tag manager that
//! inserts it after the page has loaded. A widget that waits for `DOMContentLoaded` when the
//! body is missing, or for an event that has already fired, breaks on the last two (D1).

use serde::Deserialize;
use serde_json::json;

use super::encode::script_json;

/// Where the widget script goes (only with the queue stub: the script-first layout is the
/// vendor's own example and stays in the body).
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// In the body, after the stub and the page's calls (the documented snippet).
    #[default]
    Body,
    /// In `<head>`, stub and calls included: the script runs before `<body>` exists.
    Head,
    /// Inserted by a loader script once the page's `load` event has fired, as an async
    /// loader or a tag manager does: `DOMContentLoaded` has fired long before.
    Late,
}

impl Placement {
    /// The `?placement=` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Head => "head",
            Self::Late => "late",
        }
    }

    /// The loader's script body for [`Placement::Late`]: inserts the widget script with the
    /// same attributes the static tag has.
    pub fn late_loader(src: &str) -> String {
        format!(
            "window.addEventListener('load', function () {{
  var s = document.createElement('script');
  s.src = {};
  s.crossOrigin = 'anonymous';
  s.setAttribute('data-host-script', '');
  document.body.appendChild(s);
}});
",
            script_json(&json!(src))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_cannot_close_its_script_element_and_waits_for_load() {
        let js = Placement::late_loader("http://127.0.0.1:1/livechat.js?wid=</script>");
        assert!(!js.contains("</script>"), "{js}");
        assert!(js.contains("addEventListener('load'"), "{js}");
    }

    #[test]
    fn names_round_trip_through_the_query() {
        for p in [Placement::Body, Placement::Head, Placement::Late] {
            let parsed: Placement = serde_json::from_value(json!(p.name())).unwrap();
            assert_eq!(parsed, p);
        }
    }
}
