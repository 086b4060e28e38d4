//! What a failed scenario leaves for the person who has to find out why: a folder with a
//! screenshot, the page's and the widget iframe's HTML, the console, the mock's journal of the
//! scenario's workspace, and the cookies at the moment of failure.

use std::path::{Path, PathBuf};

use crate::{
    browser::cookies,
    pages::{host_page, widget_frame},
    world::HerodeskWorld,
};

/// A folder name for a scenario: its name and line, reduced to safe characters.
pub fn folder_name(scenario: &str, line: usize) -> String {
    let mut slug: String = scenario
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    let slug = slug.trim_matches('-');
    let short: String = slug.chars().take(80).collect();
    format!("{short}-line-{line}")
}

/// Writes the artefacts of `world` into `dir` (created), as far as they can be had: a browser
/// that is gone still leaves the journal. What could not be saved is listed in `errors.txt`.
pub async fn save(world: &mut HerodeskWorld, dir: &Path) -> PathBuf {
    let mut errors = Vec::new();
    if let Err(e) = std::fs::create_dir_all(dir) {
        errors.push(format!("folder: {e}"));
    }
    let mut write = |name: &str, bytes: Vec<u8>| {
        if let Err(e) = std::fs::write(dir.join(name), bytes) {
            errors.push(format!("{name}: {e}"));
        }
    };
    let wid = world.workspace.widget_id.clone();
    match world.suite().backend.journal(&wid, None, 0).await {
        Ok(entries) => write("journal.json", pretty(&entries)),
        Err(e) => write("journal.error.txt", e.to_string().into_bytes()),
    }
    if let Some(client) = world.open_client() {
        let client = client.clone();
        match client.screenshot().await {
            Ok(png) => write("screenshot.png", png),
            Err(e) => write("screenshot.error.txt", e.to_string().into_bytes()),
        }
        match client.source().await {
            Ok(html) => write("page.html", html.into_bytes()),
            Err(e) => write("page.error.txt", e.to_string().into_bytes()),
        }
        match widget_frame::html(&client).await {
            Ok(Some(html)) => write("widget-iframe.html", html.into_bytes()),
            Ok(None) => write(
                "widget-iframe.error.txt",
                b"no widget iframe on the page".to_vec(),
            ),
            Err(e) => write("widget-iframe.error.txt", e.to_string().into_bytes()),
        }
        match host_page::console(&client).await {
            Ok(lines) => write(
                "console.txt",
                lines
                    .iter()
                    .map(|l| format!("[{}] {}\n", l.level, l.text))
                    .collect::<String>()
                    .into_bytes(),
            ),
            Err(e) => write("console.error.txt", e.to_string().into_bytes()),
        }
        match cookies::all(&client).await {
            Ok(all) => write(
                "cookies.txt",
                all.iter()
                    .map(|c| format!("{}={} (expires {:?})\n", c.name, c.value, c.expires))
                    .collect::<String>()
                    .into_bytes(),
            ),
            Err(e) => write("cookies.error.txt", e.to_string().into_bytes()),
        }
    } else {
        write("browser.txt", b"the scenario opened no browser".to_vec());
    }
    if !errors.is_empty() {
        let _ = std::fs::write(dir.join("errors.txt"), errors.join("\n"));
    }
    dir.to_path_buf()
}

fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn folder_names_are_safe_and_short() {
        let name = super::folder_name("C4 — a later page load / with <the> same email", 41);
        assert_eq!(name, "c4-a-later-page-load-with-the-same-email-line-41");
        assert!(super::folder_name(&"x".repeat(500), 1).len() < 100);
    }
}
