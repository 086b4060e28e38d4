//! The widget build a run tests: a file on disk or a URL to fetch it from. The same for the
//! build under test (`--widget`, `--widget-url`) and the old build of `--compare`.

use std::path::{Path, PathBuf};

/// A widget build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    /// A `livechat.js` on disk.
    File(PathBuf),
    /// A URL (http or https) to fetch it from (a CDN, a build server).
    Url(String),
}

impl Widget {
    /// `url` when there is one, else the file at `path` (`--widget-url` wins over `--widget`,
    /// which clap keeps apart anyway).
    pub fn of(path: &Path, url: Option<&str>) -> Self {
        match url {
            Some(url) => Self::Url(url.to_owned()),
            None => Self::File(path.to_owned()),
        }
    }

    /// `http(s)://…` is a URL; anything else a path (a folder means its `livechat.js`): how
    /// `--compare OLD` names the old build.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("http://") || text.starts_with("https://") {
            Self::Url(text.to_owned())
        } else {
            let path = PathBuf::from(text);
            Self::File(if path.is_dir() {
                path.join("livechat.js")
            } else {
                path
            })
        }
    }

    /// The file's path or the URL, as reports name the build.
    pub fn describe(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Url(u) => u.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_a_url_and_a_folder_means_its_livechat_js() {
        assert_eq!(
            Widget::parse("https://cdn.example/livechat.js"),
            Widget::Url("https://cdn.example/livechat.js".into())
        );
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Widget::parse(&dir.path().display().to_string()),
            Widget::File(dir.path().join("livechat.js"))
        );
        assert_eq!(
            Widget::of(Path::new("a.js"), Some("http://x/a.js")).describe(),
            "http://x/a.js"
        );
        assert_eq!(Widget::of(Path::new("a.js"), None).describe(), "a.js");
    }
}
