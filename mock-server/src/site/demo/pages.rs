//! The demo site's HTML: the contact picker and the shop page with the widget and its controls.
//! Every name, subject and email goes through `escape_html` or `script_json`: the fixtures
//! hold names such as `<b>Tom</b> & "Tommy"`.

use serde_json::{Map, Value, json};

use crate::{
    contacts::Contact,
    site::host_page::{escape_html, script_json},
};

use super::DEMO_WIDGET_ID;

const STYLE: &str = "<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem 1.5rem 6rem; color: #222; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #ddd; }
fieldset { border: 1px solid #ddd; border-radius: .5rem; margin: 1rem 0; }
label { display: block; margin: .25rem 0; }
button { margin: .2rem .3rem .2rem 0; }
code, output { font-family: ui-monospace, monospace; }
.notice { background: #fff3cd; padding: .5rem 1rem; border-radius: .5rem; }
small { color: #666; }
</style>
";

/// The page where a person picks the contact to sign in as.
pub fn picker(contacts: &[Contact]) -> String {
    let options: String = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "<label><input type=\"radio\" name=\"contact_id\" value=\"{id}\"{checked}> {name} &lt;{email}&gt; <small>id {id}, {n} conversation(s)</small></label>\n",
                id = c.id,
                checked = if i == 0 { " checked" } else { "" },
                name = escape_html(&c.name),
                email = escape_html(&c.email),
                n = c.conversations.len(),
            )
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Acme Shop (Herodesk demo): sign in</title>
{STYLE}</head>
<body>
<header><h1>Acme Shop</h1><span>not signed in</span></header>
<p>This is a customer site that embeds the Herodesk widget. Sign in as one of the workspace's
contacts: the site's server then fetches the contact's <code>auth_token</code> from the
Herodesk REST API with its API key and boots the widget with it, so the widget opens already
signed in.</p>
<form method="post" action="/demo/login" data-demo-login>
<fieldset><legend>Sign in as</legend>
{options}</fieldset>
<button type="submit">Sign in</button>
</form>
</body>
</html>
"#
    )
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

/// Registers event recorders through the stub, so the page's log sees events from the start.
const RECORDERS: &str = "function demoLog(text) {
  var li = document.createElement('li');
  li.textContent = new Date().toLocaleTimeString() + '  ' + text;
  var list = document.getElementById('events');
  if (list) list.insertBefore(li, list.firstChild);
}
Herodesk('onShow', function () { demoLog('onShow'); });
Herodesk('onHide', function () { demoLog('onHide'); });
Herodesk('onUnreadCountChange', function (count) { demoLog('onUnreadCountChange(' + count + ')'); });
Herodesk('onUserEmailSupplied', function () { demoLog('onUserEmailSupplied'); });
";

/// The controls: methods, state properties, and the agent console (the site's own endpoint).
const CONTROLS: &str = "<script>
(function () {
  function on(id, handler) { document.getElementById(id).addEventListener('click', handler); }
  on('demo-show', function () { Herodesk('show'); });
  on('demo-hide', function () { Herodesk('hide'); });
  document.querySelectorAll('[data-conversation]').forEach(function (button) {
    button.addEventListener('click', function () {
      Herodesk('showConversation', Number(button.getAttribute('data-conversation')));
    });
  });
  on('demo-show-id', function () {
    Herodesk('showConversation', Number(document.getElementById('demo-conversation-id').value));
  });
  function refresh() {
    ['isBooted', 'isReady', 'isVisible'].forEach(function (p) {
      document.getElementById('demo-' + p).textContent = String(window.Herodesk && window.Herodesk[p]);
    });
  }
  refresh();
  setInterval(refresh, 500);
  document.getElementById('demo-agent').addEventListener('submit', function (e) {
    e.preventDefault();
    var status = document.getElementById('demo-agent-status');
    var body = JSON.stringify({
      conversation: Number(document.getElementById('demo-agent-conversation').value),
      body: document.getElementById('demo-agent-body').value
    });
    status.textContent = 'sending…';
    fetch('/demo/agent-reply', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (r) { status.textContent = r.ok ? 'sent: watch the unread count' : 'refused: ' + r.json.message; })
      .catch(function (err) { status.textContent = 'failed: ' + err; });
  });
})();
</script>
";

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
    let notice = match &page.token {
        Ok(token) => {
            boot.insert("auth_token".into(), json!(token));
            String::new()
        }
        Err(why) => format!(
            "<p class=\"notice\" role=\"alert\" data-host-notice>No chat token, so the widget will ask to verify the email: {}</p>\n",
            escape_html(why)
        ),
    };
    let own: String = contact
        .conversations
        .iter()
        .map(|c| {
            format!(
                "<button type=\"button\" data-conversation=\"{id}\">#{id} {subject}</button>\n",
                id = c.id,
                subject = escape_html(&c.subject)
            )
        })
        .collect();
    let own = if own.is_empty() {
        "<p><small>This contact has no conversations.</small></p>\n".to_owned()
    } else {
        own
    };
    let foreign = page
        .contacts
        .iter()
        .filter(|c| c.id != contact.id)
        .flat_map(|c| c.conversations.first())
        .next()
        .map(|c| c.id)
        .unwrap_or(1);
    let first_own = contact.conversations.first().map(|c| c.id);
    let agent_options: String = page
        .contacts
        .iter()
        .flat_map(|owner| owner.conversations.iter().map(move |c| (owner, c)))
        .map(|(owner, c)| {
            format!(
                "<option value=\"{id}\"{selected}>#{id} {owner}: {subject}</option>\n",
                id = c.id,
                selected = if Some(c.id) == first_own {
                    " selected"
                } else {
                    ""
                },
                owner = escape_html(&owner.name),
                subject = escape_html(&c.subject)
            )
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Acme Shop (Herodesk demo)</title>
{STYLE}</head>
<body>
<header><h1>Acme Shop</h1>
<form method="post" action="/demo/logout">Signed in as <strong data-host-user>{name}</strong> &lt;{email}&gt; <button type="submit">Log out</button></form>
</header>
{notice}<p>The site's server fetched this contact's <code>auth_token</code> with its API key (which
stays on the server) and booted the widget with it.</p>
<fieldset><legend>Widget methods</legend>
<button type="button" id="demo-show">Herodesk('show')</button>
<button type="button" id="demo-hide">Herodesk('hide')</button>
<p>isBooted <output id="demo-isBooted"></output> · isReady <output id="demo-isReady"></output> · isVisible <output id="demo-isVisible"></output></p>
<p>showConversation, own conversations:</p>
{own}<p><label>Any id (try <code>{foreign}</code>, someone else's: the widget must refuse it)
<input id="demo-conversation-id" type="number" value="{foreign}"></label>
<button type="button" id="demo-show-id">Herodesk('showConversation', id)</button></p>
</fieldset>
<fieldset><legend>Agent console (calls the admin API from the site's server)</legend>
<form id="demo-agent">
<label>Conversation <select id="demo-agent-conversation">
{agent_options}</select></label>
<label>Reply <input id="demo-agent-body" size="40" value="Thanks for writing, we are on it."></label>
<button type="submit">Send agent reply</button> <output id="demo-agent-status"></output>
</form>
</fieldset>
<fieldset><legend>Events</legend><ol id="events" reversed></ol></fieldset>
<script>
// Queue stub — must be placed before the widget script
window.Herodesk = window.Herodesk || function() {{
  (window.Herodesk.q = window.Herodesk.q || []).push(arguments);
}};
{RECORDERS}Herodesk('boot', {boot});
</script>
<script src="{api_url}/livechat.js?wid={wid}"></script>
{CONTROLS}</body>
</html>
"#,
        name = escape_html(&contact.name),
        email = escape_html(&contact.email),
        boot = script_json(&Value::Object(boot)),
        api_url = escape_html(page.api_url),
        wid = DEMO_WIDGET_ID,
    )
}
