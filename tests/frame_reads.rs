//! The widget iframe's hooks read the same whether the frame is same-origin (read in one
//! script from the host page) or not (read by entering the frame): one frame document, loaded
//! once as a same-origin `srcdoc` and once sandboxed into an opaque origin, must give the same
//! answers to every read of `pages::widget_frame`, in each engine. The document holds the
//! cases where a script could judge "displayed" otherwise than the driver: an element moved
//! off the page, one with `display: none`, one with `visibility: hidden`, one shown.

use herodesk_conformance::{
    browser::{
        BrowserConfig, BrowserPool, Engine,
        wait::{DEFAULT_TIMEOUT, Probe, until},
    },
    pages::widget_frame::{self, ContactView, NameView},
};

const FRAME_DOCUMENT: &str = r#"<div data-herodesk-contact data-herodesk-contact-state="verified" data-herodesk-contact-email="zoe@example.com"></div>
<span data-herodesk-contact-name>Zoe <b>Doe</b></span>
<input data-herodesk-input value="hello there">
<div data-herodesk-panel style="position: absolute; left: -9999px; width: 40px; height: 40px">panel</div>
<form data-herodesk-email-form style="display: none"><input></form>
<div style="display: none"><div data-herodesk-verify-form>code</div></div>
<div data-herodesk-verify-error style="visibility: hidden">wrong code</div>
<div data-herodesk-conversation="c-7">first message</div>"#;

/// Every read of the widget frame, as one value to compare.
#[derive(Debug, PartialEq, Eq)]
struct Reads {
    contact: Option<ContactView>,
    name: Option<NameView>,
    input: Option<String>,
    panel_open: bool,
    email_form: bool,
    verify_form: bool,
    verify_error: Option<String>,
    conversation: Option<(String, String)>,
}

async fn reads_of_a_frame(client: &fantoccini::Client, sandboxed: bool) -> Reads {
    client.goto("about:blank").await.unwrap();
    client
        .execute(
            "var f = document.createElement('iframe');
             f.setAttribute('data-herodesk-frame', '');
             if (arguments[1]) f.setAttribute('sandbox', 'allow-scripts');
             f.srcdoc = arguments[0];
             document.body.appendChild(f);",
            vec![
                serde_json::json!(FRAME_DOCUMENT),
                serde_json::json!(sandboxed),
            ],
        )
        .await
        .unwrap();
    let contact = until("the frame's contact hook", DEFAULT_TIMEOUT, || async {
        Ok(match widget_frame::contact(client).await? {
            Some(c) => Probe::Ready(c),
            None => Probe::NotYet("no contact hook yet".into()),
        })
    })
    .await
    .unwrap();
    Reads {
        contact: Some(contact),
        name: widget_frame::contact_name(client).await.unwrap(),
        input: widget_frame::chat_input_value(client).await.unwrap(),
        panel_open: widget_frame::panel_open(client).await.unwrap(),
        email_form: widget_frame::email_form_displayed(client).await.unwrap(),
        verify_form: widget_frame::verification_prompt_displayed(client)
            .await
            .unwrap(),
        verify_error: widget_frame::verification_error(client).await.unwrap(),
        conversation: widget_frame::conversation_shown(client).await.unwrap(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_same_origin_frame_reads_as_a_cross_origin_one_in_each_engine() {
    for engine in Engine::ALL {
        let pool = BrowserPool::new(engine, BrowserConfig::default()).unwrap();
        let browser = pool.open().await.unwrap();
        let client = browser.client().clone();
        let same_origin = reads_of_a_frame(&client, false).await;
        let entered = reads_of_a_frame(&client, true).await;
        BrowserPool::discard(browser).await;
        pool.shutdown().await;
        assert_eq!(
            same_origin, entered,
            "{engine}: a same-origin frame (left) read otherwise than one entered by frame switching (right)"
        );
        // Not two equal nonsenses: what the document holds.
        assert_eq!(
            same_origin.contact,
            Some(ContactView {
                state: "verified".into(),
                email: "zoe@example.com".into()
            }),
            "{engine}"
        );
        assert_eq!(
            same_origin.name,
            Some(NameView {
                text: "Zoe Doe".into(),
                has_markup: true
            }),
            "{engine}"
        );
        assert_eq!(
            same_origin.input.as_deref(),
            Some("hello there"),
            "{engine}"
        );
        assert!(
            !same_origin.email_form && !same_origin.verify_form,
            "{engine}: {same_origin:?}"
        );
        assert_eq!(same_origin.verify_error, None, "{engine}");
        assert_eq!(
            same_origin.conversation,
            Some(("c-7".into(), "first message".into())),
            "{engine}"
        );
    }
}
