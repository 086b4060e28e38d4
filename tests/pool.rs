//! The browser pool reuses a session between scenarios, and the reused one starts clean: no
//! cookie and no storage of the host site left by the scenario before. In each engine.

use herodesk_conformance::{
    browser::{BrowserConfig, BrowserPool, Engine},
    runner::project_path,
};
use herodesk_mock::{MockConfig, start};

#[tokio::test(flavor = "current_thread")]
async fn a_released_browser_is_reused_and_starts_clean_in_each_engine() {
    let script = std::fs::read_to_string(project_path("fixtures/widget/livechat.js")).unwrap();
    let mock = start(MockConfig::loopback(script)).await.unwrap();
    for engine in Engine::ALL {
        let pool = BrowserPool::new(engine, BrowserConfig::default()).unwrap();
        let first = pool.open().await.unwrap();
        let client = first.client().clone();
        let session = client.session_id().await.unwrap();
        client
            .goto(&format!("{}/demo/", mock.site_url()))
            .await
            .unwrap();
        client
            .execute(
                "document.cookie = 'left=over; path=/'; localStorage.setItem('left', 'over');",
                vec![],
            )
            .await
            .unwrap();
        pool.release(first, mock.site_url()).await;

        let second = pool.open().await.unwrap();
        let client = second.client().clone();
        let reused = client.session_id().await.unwrap();
        client
            .goto(&format!("{}/demo/", mock.site_url()))
            .await
            .unwrap();
        let cookies = client.get_all_cookies().await.unwrap();
        let stored = client
            .execute("return localStorage.getItem('left');", vec![])
            .await
            .unwrap();
        pool.release(second, mock.site_url()).await;
        pool.shutdown().await;

        assert_eq!(
            reused, session,
            "{engine}: the pool started a new session instead of reusing one"
        );
        assert!(
            cookies.iter().all(|c| c.name() != "left"),
            "{engine}: a cookie survived the reset: {cookies:?}"
        );
        assert!(
            stored.is_null(),
            "{engine}: localStorage survived the reset: {stored}"
        );
    }
}
