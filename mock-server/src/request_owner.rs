//! Which workspace a request belongs to, told the same way by the journal and the fault layer:
//! the `wid` query parameter (script and widget API), the `/w/{wid}/` path prefix (host
//! site), a path a site module says is its workspace's (the demo shop's `/demo/`), or the
//! workspace whose API key is presented (REST API).

use std::{collections::BTreeMap, sync::Arc};

use axum::extract::Request;

use crate::workspace::{Workspace, Workspaces};

/// A path, and everything below it, that belongs to one fixed workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathOwner {
    /// The path without a trailing slash, e.g. `/demo`: `/demo` and `/demo/…` match,
    /// `/demolition` does not.
    pub prefix: &'static str,
    /// The widget id of the workspace those requests belong to.
    pub widget_id: &'static str,
}

impl PathOwner {
    fn owns(&self, path: &str) -> bool {
        path.strip_prefix(self.prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// Tells the workspace of a request; cheap to clone (shared workspaces, static path list).
#[derive(Debug, Clone)]
pub struct RequestOwner {
    /// Where workspaces and their API keys are looked up.
    pub workspaces: Workspaces,
    /// Paths that belong to a fixed workspace, as the site modules declare them.
    pub fixed_paths: &'static [PathOwner],
}

impl RequestOwner {
    /// An owner-teller over `workspaces`, with the `fixed_paths` the site declares.
    pub fn new(workspaces: Workspaces, fixed_paths: &'static [PathOwner]) -> Self {
        Self {
            workspaces,
            fixed_paths,
        }
    }

    /// The widget id of the workspace `req` belongs to, if it can be told.
    pub fn widget_id_of_request(&self, req: &Request) -> Option<String> {
        let authorization = req
            .headers()
            .get("authorization")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let headers: BTreeMap<String, String> = authorization
            .map(|a| ("authorization".to_owned(), a))
            .into_iter()
            .collect();
        self.widget_id_of(req.uri().path(), req.uri().query(), &headers)
    }

    /// The workspace `req` belongs to, if it exists.
    pub fn workspace_of_request(&self, req: &Request) -> Option<Arc<Workspace>> {
        self.widget_id_of_request(req)
            .and_then(|wid| self.workspaces.get(&wid))
    }

    /// The widget id a request with this path, query and (lower-case named) headers belongs
    /// to: `wid` in the query first, then the path, then the Bearer key.
    pub fn widget_id_of(
        &self,
        path: &str,
        query: Option<&str>,
        headers: &BTreeMap<String, String>,
    ) -> Option<String> {
        let from_query = query.and_then(|q| {
            q.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                (k == "wid").then(|| v.to_owned())
            })
        });
        let from_path = || {
            if let Some(owner) = self.fixed_paths.iter().find(|o| o.owns(path)) {
                return Some(owner.widget_id.to_owned());
            }
            path.strip_prefix("/w/")
                .and_then(|rest| rest.split('/').next())
                .filter(|wid| !wid.is_empty())
                .map(str::to_owned)
        };
        let from_key = || {
            headers
                .get("authorization")
                .and_then(|h| h.strip_prefix("Bearer "))
                .and_then(|key| self.workspaces.by_api_key(key.trim()))
                .map(|ws| ws.widget_id.clone())
        };
        from_query.or_else(from_path).or_else(from_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &[PathOwner] = &[PathOwner {
        prefix: "/shop",
        widget_id: "shop-ws",
    }];

    #[test]
    fn a_fixed_path_owns_itself_and_below_but_not_a_longer_name() {
        let owner = RequestOwner::new(Workspaces::default(), SHOP);
        let of = |path| owner.widget_id_of(path, None, &BTreeMap::new());
        assert_eq!(of("/shop").as_deref(), Some("shop-ws"));
        assert_eq!(of("/shop/cart").as_deref(), Some("shop-ws"));
        assert_eq!(of("/shopping/"), None);
        assert_eq!(of("/w/abc/shop").as_deref(), Some("abc"));
        assert_eq!(
            owner
                .widget_id_of("/shop", Some("a=1&wid=q"), &BTreeMap::new())
                .as_deref(),
            Some("q"),
            "the query's wid comes first"
        );
    }
}
