//! `cargo run -p herodesk-mock`: the mock Herodesk backend and a demo customer site, by hand.

use std::{net::SocketAddr, process::ExitCode};

use clap::Parser;
use herodesk_mock::{
    DEFAULT_DEMO_API_KEY, DEFAULT_DEMO_IDENTITY_SECRET, MockConfig, site::demo::DEMO_WIDGET_ID,
    start,
};

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
    #[arg(long, default_value = DEFAULT_DEMO_API_KEY)]
    api_key: String,
    /// The demo workspace's identity secret (auth_token = HMAC-SHA256 with it).
    #[arg(long, default_value = DEFAULT_DEMO_IDENTITY_SECRET)]
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
    config.demo_api_key = args.api_key.clone();
    config.demo_identity_secret = args.identity_secret.clone();
    let mock = match start(config).await {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "Herodesk API:    {}  (--api-addr {})",
        mock.api_url(),
        args.api_addr
    );
    println!("OpenAPI:         {}/openapi.json", mock.api_url());
    println!(
        "Demo site:       {}/demo/  (--site-addr {})",
        mock.site_url(),
        args.site_addr
    );
    println!("Demo widget id:  {DEMO_WIDGET_ID}");
    println!("Demo API key:    {}  (--api-key)", args.api_key);
    println!(
        "Demo secret:     {}  (--identity-secret)",
        args.identity_secret
    );
    println!("Widget build:    {}", args.widget.display());
    println!(
        "Try:             curl -H 'Authorization: Bearer {}' '{}/v1/contacts/chat-auth-token?email=john@example.com'",
        args.api_key,
        mock.api_url()
    );
    println!("Ctrl-C stops it.");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
