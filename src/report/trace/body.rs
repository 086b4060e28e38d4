//! What of a journal call a trace shows: the headers that say who called with what
//! credentials (the user agent, the same on every call, is left out) and the body's fields,
//! each cut short, so a call reads on one or two lines.

use crate::backend::Entry;

/// How long a header's or field's value may be before it is cut.
const VALUE_CHARS: usize = 120;

/// The headers worth reading, `name: value`.
pub fn headers(entry: &Entry) -> Vec<String> {
    entry
        .headers
        .iter()
        .filter(|(name, _)| name.as_str() != "user-agent")
        .map(|(name, value)| format!("{name}: {}", cut(value)))
        .collect()
}

/// The body's fields, `name=value`: a JSON object's top-level fields, a form's fields, or
/// the text itself when it is neither; none for an empty body.
pub fn fields(entry: &Entry) -> Vec<String> {
    let body = entry.body.trim();
    if body.is_empty() {
        return Vec::new();
    }
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(body) {
        return map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={}", cut(s)),
                other => format!("{k}={}", cut(&other.to_string())),
            })
            .collect();
    }
    if !body.contains(' ')
        && body.contains('=')
        && let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(body)
    {
        return pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", cut(v)))
            .collect();
    }
    vec![cut(body)]
}

/// `text` cut to [`VALUE_CHARS`] characters, with `…` when it was longer.
fn cut(text: &str) -> String {
    match text.char_indices().nth(VALUE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str) -> Entry {
        serde_json::from_value(serde_json::json!({
            "seq": 1, "at_ms": 0, "server": "api", "method": "POST", "path": "/p",
            "route": "POST /p", "query": null, "workspace": null,
            "headers": {"origin": "http://localhost:1", "user-agent": "x"},
            "body": body, "status": 200
        }))
        .unwrap()
    }

    #[test]
    fn a_call_shows_its_fields_and_the_headers_that_matter() {
        let e = entry(r#"{"email":"a@b.c","n":3}"#);
        assert_eq!(fields(&e), ["email=a@b.c", "n=3"]);
        assert_eq!(headers(&e), ["origin: http://localhost:1"]);
        assert_eq!(fields(&entry("a=1&b=two")), ["a=1", "b=two"]);
        assert_eq!(fields(&entry("")), Vec::<String>::new());
        assert!(fields(&entry(&"x".repeat(500)))[0].ends_with('…'));
    }
}
