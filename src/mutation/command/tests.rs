use std::ffi::OsString;

use clap::Parser as _;

use super::Args;
use crate::plan::options::MockNetwork;

#[test]
fn every_worker_gets_the_coordinator_s_endpoint_and_mock_network() {
    let coordinator = Args::try_parse_from([
        "mutation",
        "--webdriver-url",
        "http://grid.example:4444/",
        "--mock-listen",
        "0.0.0.0",
        "--mock-api-host",
        "api.example",
        "--mock-site-host",
        "site.example",
    ])
    .unwrap();
    let mut worker = vec![OsString::from("mutation")];
    worker.extend(coordinator.remote.worker_args());
    let worker = Args::try_parse_from(worker).unwrap();
    let (a, b) = (
        coordinator.base_options().unwrap(),
        worker.base_options().unwrap(),
    );
    assert_eq!(
        a.browser.webdriver_url.as_deref(),
        Some("http://grid.example:4444")
    );
    assert_eq!(a.browser.webdriver_url, b.browser.webdriver_url);
    assert_eq!(a.mock_network, b.mock_network);
    assert_eq!(b.mock_network.site_host.as_deref(), Some("site.example"));
    // Without the options: local drivers, the mock on loopback.
    let local = Args::try_parse_from(["mutation"])
        .unwrap()
        .base_options()
        .unwrap();
    assert_eq!(local.browser.webdriver_url, None);
    assert_eq!(local.mock_network, MockNetwork::default());
}
