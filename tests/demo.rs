//! The mock's demo shop, driven in a real headless Firefox as a person would use it: sign in
//! as the documentation's John Doe, see the widget pre-authenticated, open it, and watch an
//! agent reply raise the unread count.

use herodesk_conformance::{
    browser::wait::{DEFAULT_TIMEOUT, Probe, until},
    browser::{BrowserConfig, BrowserPool, Engine},
    error::{Result, SuiteError},
    pages::{demo_shop, widget_frame},
    runner::project_path,
};
use herodesk_mock::{MockConfig, start};

async fn drive(client: &fantoccini::Client, site_url: &str) -> Result<()> {
    let user = demo_shop::sign_in(client, site_url, 123).await?;
    if !user.contains("John Doe") {
        return Err(SuiteError::Expectation(format!(
            "signed in as {user:?}, not John Doe"
        )));
    }
    until(
        "the widget to show John as a verified contact",
        DEFAULT_TIMEOUT,
        || async {
            Ok(match widget_frame::contact(client).await? {
                Some(v) if v.state == "verified" && v.email == "john@example.com" => {
                    Probe::Ready(())
                }
                other => Probe::NotYet(format!("{other:?}")),
            })
        },
    )
    .await?;
    demo_shop::click_show(client).await?;
    until("the chat panel to open", DEFAULT_TIMEOUT, || async {
        Ok(if widget_frame::panel_open(client).await? {
            Probe::Ready(())
        } else {
            Probe::NotYet("closed".into())
        })
    })
    .await?;
    demo_shop::send_agent_reply(client).await?;
    until(
        "the shop's event log to show onUnreadCountChange(1)",
        DEFAULT_TIMEOUT,
        || async {
            let events = demo_shop::events(client).await?;
            Ok(
                if events.iter().any(|e| e.contains("onUnreadCountChange(1)")) {
                    Probe::Ready(())
                } else {
                    Probe::NotYet(format!("{events:?}"))
                },
            )
        },
    )
    .await
}

#[tokio::test]
async fn a_person_signs_in_on_the_demo_shop_and_uses_the_widget() {
    let script = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let mock = start(MockConfig::loopback(script)).await.unwrap();
    let pool = BrowserPool::new(Engine::Firefox, BrowserConfig::default()).unwrap();
    let browser = pool.open().await.unwrap();
    let outcome = drive(browser.client(), mock.site_url()).await;
    pool.release(browser, mock.site_url()).await;
    pool.shutdown().await;
    outcome.unwrap();
}
