//! `herodesk-mock`: Herodesk's whole side for the conformance suite.
//!
//! Two servers on two origins, as on a real customer site:
//! - the **Herodesk API** origin: the REST API (`/v1/…`), the widget-facing API (`/widget/v1/…`,
//!   CORS open), the widget script (`/livechat.js`) and the admin API (`/admin/…`);
//! - the **host site** origin: the customer's pages (`/w/{wid}/`) that embed the widget.
//!
//! [`start`] runs both on loopback for the suite; the `herodesk-mock` binary runs them by hand.

pub mod auth_token;
pub mod contacts;
pub mod conversations;
pub mod cors;
pub mod defects;
pub mod error;
pub mod extract;
pub mod fault_injection;
pub mod faults;
pub mod journal;
pub mod profiles;
pub mod request_owner;
pub mod router;
pub mod routes;
pub mod session;
pub mod site;
pub mod state;
pub mod verification;
pub mod workspace;

use std::net::SocketAddr;

use tokio::{net::TcpListener, task::JoinHandle};

pub use crate::router::{api_router, site_router};
use crate::state::AppState;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Address the Herodesk API binds (port 0: any free port).
    pub api_addr: SocketAddr,
    /// Address the host site binds (port 0: any free port).
    pub site_addr: SocketAddr,
    /// Host name browsers use for the API origin (default: the bound IP).
    pub api_host: Option<String>,
    /// Host name browsers use for the host site; default `localhost`, so the two origins
    /// differ in host as well as port and cookies and CORS behave as on a real site.
    pub site_host: Option<String>,
    /// The widget build to serve as `/livechat.js`.
    pub widget_script: String,
    /// REST API key of the demo workspace (widget id `demo`), which [`start`] creates.
    pub demo_api_key: String,
    /// Identity secret of the demo workspace.
    pub demo_identity_secret: String,
    /// Deliberate backend defects, for proving the suite's spec-A scenarios can fail; empty
    /// unless a test asks.
    pub defects: defects::Defects,
}

/// The demo workspace's API key unless configured otherwise.
pub const DEFAULT_DEMO_API_KEY: &str = "demo-api-key";
/// The demo workspace's identity secret unless configured otherwise; with it, the vendor
/// documentation's example contact `john@example.com` gets the `auth_token`
/// `16ec0651…b8909e`.
pub const DEFAULT_DEMO_IDENTITY_SECRET: &str = "demo-identity-secret";

impl MockConfig {
    /// Both servers on free loopback ports, serving `widget_script`.
    pub fn loopback(widget_script: String) -> Self {
        Self {
            api_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            api_host: None,
            site_host: None,
            widget_script,
            demo_api_key: DEFAULT_DEMO_API_KEY.into(),
            demo_identity_secret: DEFAULT_DEMO_IDENTITY_SECRET.into(),
            defects: defects::Defects::new(),
        }
    }
}

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A listener could not bind (address in use, no permission).
    #[error("cannot listen on {addr} for the {what}: {source}")]
    Bind {
        /// Which server.
        what: &'static str,
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A running mock; dropping it stops both servers.
#[derive(Debug)]
pub struct RunningMock {
    /// Shared state (workspaces, journal), for in-process inspection.
    pub state: AppState,
    api_task: JoinHandle<()>,
    site_task: JoinHandle<()>,
}

impl RunningMock {
    /// Base URL of the Herodesk API origin.
    pub fn api_url(&self) -> &str {
        &self.state.api_url
    }

    /// Base URL of the host site origin.
    pub fn site_url(&self) -> &str {
        &self.state.site_url
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        self.api_task.abort();
        self.site_task.abort();
    }
}

/// Binds both servers, creates the demo workspace (widget id `demo`) and serves both in the
/// background.
///
/// # Errors
/// [`StartError::Bind`] when an address cannot be bound.
pub async fn start(config: MockConfig) -> Result<RunningMock, StartError> {
    let bind = |what, addr| async move {
        TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { what, addr, source })
    };
    let api_listener = bind("Herodesk API", config.api_addr).await?;
    let site_listener = bind("host site", config.site_addr).await?;
    let api_local = api_listener
        .local_addr()
        .map_err(|source| StartError::Bind {
            what: "Herodesk API",
            addr: config.api_addr,
            source,
        })?;
    let site_local = site_listener
        .local_addr()
        .map_err(|source| StartError::Bind {
            what: "host site",
            addr: config.site_addr,
            source,
        })?;
    let api_host = config
        .api_host
        .unwrap_or_else(|| api_local.ip().to_string());
    let site_host = config.site_host.unwrap_or_else(|| "localhost".into());

    let mut state = AppState::new(
        &config.widget_script,
        format!("http://{api_host}:{}", api_local.port()),
        format!("http://{site_host}:{}", site_local.port()),
    );
    state.defects = std::sync::Arc::new(config.defects);
    state.workspaces.insert(workspace::Workspace::new(
        site::demo::DEMO_WIDGET_ID.into(),
        config.demo_api_key,
        config.demo_identity_secret,
    ));
    let api = api_router(state.clone());
    let site = site_router(state.clone());
    let api_task = tokio::spawn(async move {
        let _ = axum::serve(api_listener, api).await;
    });
    let site_task = tokio::spawn(async move {
        let _ = axum::serve(site_listener, site).await;
    });
    Ok(RunningMock {
        state,
        api_task,
        site_task,
    })
}
