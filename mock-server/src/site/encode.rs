//! Text made safe where the host site writes it: JSON inside a `<script>` element, text in
//! HTML, and values in URLs.

use serde_json::Value;

/// JSON that is safe inside a `<script>` element.
pub fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Escapes text for HTML element content and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a path segment or query value may keep as it is: RFC 3986's unreserved characters.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes text for a path segment or a query value.
pub fn url_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let v = json!({"firstname": "</script><script>alert(1)</script>"});
        assert!(!script_json(&v).contains("</script>"));
    }

    #[test]
    fn escape_html_escapes_the_five() {
        assert_eq!(escape_html(r#"<b>&"'"#), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
