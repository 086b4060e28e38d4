//! The demo site's HTML: the contact picker and the shop page with the widget and its controls,
//! from askama templates in `mock-server/templates/demo/` (compiled in, auto-escaping: the
//! fixtures hold names such as `<b>Tom</b> & "Tommy"`). The boot parameters go into a script
//! as JSON made safe by `script_json`, the one value written unescaped.

use askama::Template;
use serde_json::{Map, Value, json};

use crate::{
    contacts::{Contact, Conversation},
    site::encode::script_json,
};

use super::DEMO_WIDGET_ID;

/// The page where a person picks the contact to sign in as.
#[derive(Template)]
#[template(path = "demo/picker.html")]
struct Picker<'a> {
    contacts: &'a [Contact],
}

/// The picker page's HTML.
pub fn picker(contacts: &[Contact]) -> String {
    render(&Picker { contacts })
}

/// What the shop page shows.
#[derive(Debug)]
pub struct ShopPage<'a> {
    /// Base URL of the Herodesk API (the script's origin).
    pub api_url: &'a str,
    /// The signed-in contact.
    pub contact: &'a Contact,
    /// Every contact of the workspace, for the agent console.
    pub contacts: &'a [Contact],
    /// The `auth_token` the site's server fetched, or why it could not.
    pub token: Result<String, String>,
}

#[derive(Template)]
#[template(path = "demo/shop.html")]
struct Shop<'a> {
    api_url: &'a str,
    wid: &'a str,
    contact: &'a Contact,
    notice: Option<&'a str>,
    /// Another contact's conversation, to show that the widget refuses it.
    foreign: u64,
    first_own: Option<u64>,
    agent_conversations: Vec<(&'a Contact, &'a Conversation)>,
    boot_json: String,
}

/// The shop page: the widget booted for the signed-in contact, its controls, an agent console.
pub fn shop(page: &ShopPage<'_>) -> String {
    let contact = page.contact;
    let mut boot = Map::new();
    boot.insert("email".into(), json!(contact.email));
    let mut names = contact.name.splitn(2, ' ');
    if let Some(first) = names.next().filter(|s| !s.is_empty()) {
        boot.insert("firstname".into(), json!(first));
    }
    if let Some(last) = names.next() {
        boot.insert("lastname".into(), json!(last));
    }
    if let Ok(token) = &page.token {
        boot.insert("auth_token".into(), json!(token));
    }
    let foreign = page
        .contacts
        .iter()
        .filter(|c| c.id != contact.id)
        .flat_map(|c| c.conversations.first())
        .next()
        .map_or(1, |c| c.id);
    render(&Shop {
        api_url: page.api_url,
        wid: DEMO_WIDGET_ID,
        contact,
        notice: page.token.as_ref().err().map(String::as_str),
        foreign,
        first_own: contact.conversations.first().map(|c| c.id),
        agent_conversations: page
            .contacts
            .iter()
            .flat_map(|owner| owner.conversations.iter().map(move |c| (owner, c)))
            .collect(),
        boot_json: script_json(&Value::Object(boot)),
    })
}

/// Renders a compiled template. Rendering into a `String` fails only when a value's
/// `Display` fails, which none of these do; the error still reaches the page as text.
fn render(template: &impl Template) -> String {
    template
        .render()
        .unwrap_or_else(|e| format!("<!doctype html><p>page could not be rendered: {e}</p>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_subjects_are_escaped_and_the_boot_json_cannot_close_its_script() {
        let contacts = crate::contacts::fixture_contacts();
        let tom = contacts
            .iter()
            .find(|c| c.name.contains("<b>Tom</b>"))
            .expect("the fixture's HTML-named contact");
        let html = shop(&ShopPage {
            api_url: "http://127.0.0.1:9",
            contact: tom,
            contacts: &contacts,
            token: Err("the <api> said no".into()),
        });
        // askama writes numeric entities (`&#60;` for `<`).
        assert!(!html.contains("<b>Tom</b>"), "{html}");
        assert!(html.contains("&#60;b&#62;Tom&#60;/b&#62;"), "{html}");
        assert!(!html.contains("<script>alert("), "{html}");
        assert!(html.contains("the &#60;api&#62; said no"), "{html}");
        assert_eq!(html.matches("</script>").count(), 3, "{html}");
        let picker = picker(&contacts);
        assert!(picker.contains("&#60;b&#62;Tom&#60;/b&#62;") && !picker.contains("<b>Tom</b>"));
        assert_eq!(picker.matches(" checked>").count(), 1, "{picker}");
    }
}
