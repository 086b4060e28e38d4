//! The browser engines the suite drives, and what differs between them at the WebDriver level:
//! driver binary, driver arguments, session capabilities, whether they need a display, and how
//! their processes stop.

use std::{ffi::OsString, fmt, path::Path, str::FromStr};

use serde_json::{Map, Value, json};

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Engine {
    /// Firefox ESR through geckodriver.
    Firefox,
    /// Chromium through chromedriver.
    Chromium,
    /// WebKitGTK's MiniBrowser through WebKitWebDriver, on a private Xvfb display.
    Webkit,
}

impl Engine {
    /// Every engine, in the order `--browser all` runs them.
    pub const ALL: [Engine; 3] = [Engine::Firefox, Engine::Chromium, Engine::Webkit];

    /// The name used on the command line and in reports (`firefox`, `chromium`, `webkit`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Firefox => "firefox",
            Self::Chromium => "chromium",
            Self::Webkit => "webkit",
        }
    }

    /// The driver's name, for messages.
    pub fn driver_name(self) -> &'static str {
        match self {
            Self::Firefox => "geckodriver",
            Self::Chromium => "chromedriver",
            Self::Webkit => "WebKitWebDriver",
        }
    }

    /// True when the browser cannot run headless and needs an X display: WebKitGTK's
    /// MiniBrowser has no headless mode, so it draws on a private Xvfb.
    pub fn needs_display(self) -> bool {
        matches!(self, Self::Webkit)
    }

    /// True when the driver holds one session at a time, so each browser gets a driver of its
    /// own: geckodriver ("Session is already started"), WebKitWebDriver ("Maximum number of
    /// active sessions"). chromedriver holds many, but one per Chromium keeps each Chromium in a
    /// process group of its own, so every engine runs one driver per browser.
    pub fn one_session_per_driver(self) -> bool {
        matches!(self, Self::Firefox | Self::Webkit)
    }

    /// What to install when the driver or browser is missing.
    pub fn install_hint(self) -> &'static str {
        match self {
            Self::Firefox => {
                "Install it with `cargo install --locked geckodriver` and Firefox ESR with \
                 `apt-get install firefox-esr`, or set HERODESK_GECKODRIVER to its path."
            }
            Self::Chromium => {
                "Install Debian's Chromium and its driver with `apt-get install chromium \
                 chromium-driver`, or set HERODESK_CHROMEDRIVER to its path."
            }
            Self::Webkit => {
                "Install WebKitGTK's driver and MiniBrowser with `apt-get install \
                 webkit2gtk-driver xvfb xauth` (or scripts/install-deps.sh), or set \
                 HERODESK_WEBKITDRIVER to its path."
            }
        }
    }

    /// What to do when the browser itself would not start.
    pub fn browser_hint(self) -> &'static str {
        match self {
            Self::Firefox => {
                "Firefox could not start. Install Firefox ESR (`apt-get install firefox-esr`), \
                 or set HERODESK_FIREFOX to a Firefox binary; it must be able to run headless."
            }
            Self::Chromium => {
                "Chromium could not start. Install it (`apt-get install chromium`), or set \
                 HERODESK_CHROMIUM to a Chromium binary; it must run headless and, as root, \
                 with --no-sandbox (the suite passes both)."
            }
            Self::Webkit => {
                "MiniBrowser could not start. Install it (`apt-get install webkit2gtk-driver`), \
                 or set HERODESK_MINIBROWSER to a MiniBrowser binary; it runs on the suite's \
                 own Xvfb display."
            }
        }
    }

    /// The driver's arguments to listen on `port` of loopback, keeping what it writes under
    /// `profile_root`.
    pub fn driver_args(self, port: u16, profile_root: &Path) -> Vec<String> {
        match self {
            Self::Firefox => vec![
                "--port".into(),
                port.to_string(),
                "--host".into(),
                "127.0.0.1".into(),
                // One geckodriver per Firefox; port 0 keeps parallel ones off the fixed 9222.
                "--websocket-port".into(),
                "0".into(),
                "--profile-root".into(),
                profile_root.display().to_string(),
            ],
            Self::Chromium => vec![format!("--port={port}")],
            Self::Webkit => vec![format!("--port={port}"), "--host=127.0.0.1".into()],
        }
    }

    /// The driver's environment, beyond the suite's own: for WebKit, the display to draw on and
    /// XDG folders inside `data_dir`, the browser's own folder (MiniBrowser's `--automation`
    /// keeps cookies and storage in memory; the folders catch what GTK, Mesa and GStreamer
    /// write, so nothing lands in the user's home). Other engines need none.
    pub fn driver_env(
        self,
        display: &[(OsString, OsString)],
        data_dir: &Path,
    ) -> Vec<(OsString, OsString)> {
        if !self.needs_display() {
            return Vec::new();
        }
        let mut env = display.to_vec();
        for (var, sub) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            env.push((var.into(), data_dir.join(sub).into_os_string()));
        }
        env
    }

    /// True when SIGTERM to the driver alone also ends its browser. geckodriver quits Firefox;
    /// chromedriver leaves Chromium running and WebKitWebDriver leaves MiniBrowser and its
    /// WebKitWebProcess and WebKitNetworkProcess running, so their whole process group is
    /// signalled.
    pub fn driver_stops_browser(self) -> bool {
        matches!(self, Self::Firefox)
    }

    /// The capabilities of a headless session (WebKit: a session on the suite's display).
    /// `binary` overrides the browser binary; `user_data_dir` is Chromium's fresh profile
    /// folder (Firefox's driver makes its own; a remote chromedriver makes a fresh one on its
    /// own machine when there is none; MiniBrowser's `--automation` mode keeps its data in
    /// memory, so every WebKit session starts empty).
    pub fn capabilities(
        self,
        binary: Option<&Path>,
        user_data_dir: Option<&Path>,
    ) -> Map<String, Value> {
        let mut caps = Map::new();
        match self {
            Self::Firefox => {
                let mut options = json!({
                    "args": ["-headless"],
                    "prefs": {
                        // Offline machine: no update checks or telemetry pings to wait on.
                        "app.update.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false,
                        // The pool resets a browser on a page of the host site that answers
                        // JSON (a 404); Firefox's JSON viewer page runs with the origin's
                        // storage out of reach, so the reset failed and every scenario paid
                        // for a new Firefox.
                        "devtools.jsonview.enabled": false
                    }
                });
                if let Some(binary) = binary {
                    options["binary"] = json!(binary);
                }
                caps.insert("browserName".into(), json!("firefox"));
                caps.insert("moz:firefoxOptions".into(), options);
            }
            Self::Chromium => {
                // Without --headless or, as root, --no-sandbox Chromium exits at once; the
                // background-networking flags stop it calling home on a closed network.
                let mut args = vec![
                    "--headless".to_owned(),
                    "--no-sandbox".to_owned(),
                    "--disable-gpu".to_owned(),
                    "--disable-dev-shm-usage".to_owned(),
                    "--disable-background-networking".to_owned(),
                    "--disable-component-update".to_owned(),
                    "--disable-sync".to_owned(),
                    "--no-first-run".to_owned(),
                ];
                if let Some(dir) = user_data_dir {
                    args.push(format!("--user-data-dir={}", dir.display()));
                }
                // A blank first page: Chromium's new-tab page (a WebUI page for the
                // distribution's search engine, loading for seconds on a busy machine) holds
                // the session's first command until it has loaded: 3.4 s per session here.
                let mut options = json!({
                    "args": args,
                    "prefs": {
                        "session.restore_on_startup": 4,
                        "session.startup_urls": ["about:blank"],
                    },
                });
                if let Some(binary) = binary {
                    options["binary"] = json!(binary);
                }
                caps.insert("browserName".into(), json!("chrome"));
                caps.insert("goog:chromeOptions".into(), options);
            }
            Self::Webkit => {
                // Without a binary WebKitWebDriver starts the MiniBrowser it was built with,
                // wherever the distribution put it (/usr/lib/<arch>/webkit2gtk-4.1/ here).
                // `--automation` is what lets it be driven, and gives it an ephemeral
                // (in-memory) data store.
                let mut options = json!({ "args": ["--automation"] });
                if let Some(binary) = binary {
                    options["binary"] = json!(binary);
                }
                caps.insert("webkitgtk:browserOptions".into(), options);
            }
        }
        // A dialog stays open and every later command reports it, so a failure can name the
        // dialog and its text; "dismiss" would hide a widget that calls alert().
        caps.insert("unhandledPromptBehavior".into(), json!("ignore"));
        caps
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `--browser`'s value: one engine or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engines(pub &'static [Engine]);

impl Engines {
    /// The engines, in run order.
    pub fn list(self) -> Vec<Engine> {
        self.0.to_vec()
    }
}

impl FromStr for Engines {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "firefox" => Ok(Self(&[Engine::Firefox])),
            "chromium" | "chrome" => Ok(Self(&[Engine::Chromium])),
            "webkit" => Ok(Self(&[Engine::Webkit])),
            "all" => Ok(Self(&Engine::ALL)),
            other => Err(format!(
                "unknown browser `{other}`: expected firefox, chromium, webkit or all"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_names_parse_and_unknown_ones_say_what_is_expected() {
        assert_eq!(
            "firefox".parse::<Engines>().unwrap().list(),
            [Engine::Firefox]
        );
        assert_eq!(
            "Chromium".parse::<Engines>().unwrap().list(),
            [Engine::Chromium]
        );
        assert_eq!(
            "WebKit".parse::<Engines>().unwrap().list(),
            [Engine::Webkit]
        );
        assert_eq!("all".parse::<Engines>().unwrap().list(), Engine::ALL);
        let err = "safari".parse::<Engines>().unwrap_err();
        assert!(err.contains("firefox, chromium, webkit or all"), "{err}");
    }

    #[test]
    fn chromium_gets_the_flags_it_needs_here_and_its_own_profile() {
        let caps = Engine::Chromium.capabilities(None, Some(Path::new("/tmp/p1")));
        let args = caps["goog:chromeOptions"]["args"].as_array().unwrap();
        for flag in ["--headless", "--no-sandbox", "--disable-dev-shm-usage"] {
            assert!(args.iter().any(|a| a == flag), "{flag} missing: {args:?}");
        }
        assert!(
            args.iter().any(|a| a == "--user-data-dir=/tmp/p1"),
            "{args:?}"
        );
    }
}

#[cfg(test)]
mod webkit_tests {
    use super::*;

    #[test]
    fn webkit_runs_minibrowser_in_automation_mode_on_a_display_with_its_own_folders() {
        let caps = Engine::Webkit.capabilities(Some(Path::new("/opt/MiniBrowser")), None);
        let options = &caps["webkitgtk:browserOptions"];
        assert_eq!(options["args"], json!(["--automation"]));
        assert_eq!(options["binary"], json!("/opt/MiniBrowser"));
        let display = [("DISPLAY".into(), ":7".into())];
        let env = Engine::Webkit.driver_env(&display, Path::new("/tmp/s1"));
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(get("DISPLAY"), Some(":7".into()));
        assert_eq!(get("XDG_DATA_HOME"), Some("/tmp/s1/data".into()));
        assert!(
            Engine::Chromium
                .driver_env(&display, Path::new("/x"))
                .is_empty()
        );
        assert!(!Engine::Webkit.driver_stops_browser());
    }
}
