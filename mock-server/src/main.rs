//! `cargo run -p herodesk-mock`: the mock Herodesk backend and a demo customer site, by hand.

use std::{net::SocketAddr, process::ExitCode};

use clap::Parser;
use herodesk_mock::{MockConfig, start, workspace::Workspace};

/// Runs the mock Herodesk API and a demo customer site on two origins.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address of the Herodesk API origin (REST, widget API, livechat.js, admin).
    #[arg(long, default_value = "127.0.0.1:4100")]
    api_addr: SocketAddr,
    /// Address of the demo customer site origin.
    #[arg(long, default_value = "127.0.0.1:4101")]
    site_addr: SocketAddr,
    /// The demo workspace's REST API key.
    #[arg(long, default_value = "demo-api-key")]
    api_key: String,
    /// The demo workspace's identity secret (auth_token = HMAC-SHA256 with it).
    #[arg(long, default_value = "demo-identity-secret")]
    identity_secret: String,
    /// The widget build to serve as /livechat.js.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/widget/livechat.js"))]
    widget: std::path::PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let script = match std::fs::read_to_string(&args.widget) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot read the widget build {}: {e}",
                args.widget.display()
            );
            return ExitCode::from(2);
        }
    };
    let mut config = MockConfig::loopback(script);
    config.api_addr = args.api_addr;
    config.site_addr = args.site_addr;
    let mock = match start(config).await {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    mock.state.workspaces.insert(Workspace::new(
        "demo".into(),
        args.api_key.clone(),
        args.identity_secret.clone(),
    ));
    println!("Herodesk API:   {}", mock.api_url());
    println!(
        "Demo site:      {}/w/demo/?email=john@example.com",
        mock.site_url()
    );
    println!("Demo API key:   {}", args.api_key);
    println!("Demo secret:    {}", args.identity_secret);
    println!(
        "Try:            curl -H 'Authorization: Bearer {}' '{}/v1/contacts/chat-auth-token?email=john@example.com'",
        args.api_key,
        mock.api_url()
    );
    println!("Ctrl-C stops it.");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
