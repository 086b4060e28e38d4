//! Workspaces: each one a Herodesk customer (widget id, API key, identity secret, contacts).
//! Every scenario creates its own, so concurrent scenarios never see each other's data.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, MutexGuard, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

use serde::Serialize;
use subtle::ConstantTimeEq;

use crate::{
    auth_token::{contact_uuid, normalize_email},
    contacts::{Contact, fixture_contacts},
    conversations::Conversations,
    faults::Faults,
    profiles::Profiles,
    verification::VerificationCodes,
};

/// The credentials and data of one workspace.
#[derive(Debug, Serialize)]
pub struct Workspace {
    /// The widget id (`livechat.js?wid=…`).
    pub widget_id: String,
    /// The REST API key (`Authorization: Bearer …`).
    pub api_key: String,
    /// The secret `auth_token`s are made with (spec A4).
    pub identity_secret: String,
    /// The secret verification tokens are made with; never leaves the backend.
    #[serde(skip)]
    pub server_secret: String,
    /// The workspace's contacts as the customer stored them.
    #[serde(skip)]
    pub contacts: Vec<Contact>,
    /// Faults the admin API injected into this workspace's routes.
    #[serde(skip)]
    pub faults: Faults,
    #[serde(skip)]
    data: Mutex<WorkspaceData>,
}

/// What changes while a workspace is used; one lock, held briefly and never across an await.
#[derive(Debug, Default)]
pub struct WorkspaceData {
    /// Conversations, messages and unread flags.
    pub conversations: Conversations,
    /// Names supplied through identify.
    pub profiles: Profiles,
    /// Verification codes "emailed".
    pub codes: VerificationCodes,
}

impl Workspace {
    /// A workspace with the fixture contacts and the given credentials.
    pub fn new(widget_id: String, api_key: String, identity_secret: String) -> Self {
        let server_secret = format!("server-secret-of-{widget_id}-{}", nonce());
        let contacts = fixture_contacts();
        let data = WorkspaceData {
            conversations: Conversations::from_contacts(&widget_id, &contacts),
            ..WorkspaceData::default()
        };
        Self {
            widget_id,
            api_key,
            identity_secret,
            server_secret,
            contacts,
            faults: Faults::default(),
            data: Mutex::new(data),
        }
    }

    /// The workspace's changing data, locked.
    pub fn data(&self) -> MutexGuard<'_, WorkspaceData> {
        // A poisoned lock only means a request panicked mid-update; the data is still usable
        // and a mock that keeps answering is worth more than one that stops.
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Compares a presented API key with this workspace's in constant time.
    pub fn api_key_matches(&self, presented: &str) -> bool {
        self.api_key.as_bytes().ct_eq(presented.as_bytes()).into()
    }

    /// The contact with this email (compared trimmed and case-insensitively).
    pub fn contact_by_email(&self, email: &str) -> Option<&Contact> {
        let wanted = normalize_email(email);
        self.contacts
            .iter()
            .find(|c| normalize_email(&c.email) == wanted)
    }

    /// The contact with this numeric id.
    pub fn contact_by_id(&self, id: u64) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// The uuid the widget-facing API gives the contact with this email.
    pub fn contact_uuid(&self, email: &str) -> String {
        contact_uuid(&self.widget_id, email)
    }

    /// The name the widget shows for `email`: the names supplied through identify, else the
    /// stored name, else empty.
    pub fn display_name(&self, email: &str) -> String {
        self.data()
            .profiles
            .get(email)
            .and_then(|p| p.full_name())
            .or_else(|| self.contact_by_email(email).map(|c| c.name.clone()))
            .unwrap_or_default()
    }
}

/// All workspaces of a running mock.
#[derive(Debug, Default, Clone)]
pub struct Workspaces {
    inner: Arc<RwLock<HashMap<String, Arc<Workspace>>>>,
}

impl Workspaces {
    /// Adds a workspace, replacing one with the same widget id.
    pub fn insert(&self, workspace: Workspace) -> Arc<Workspace> {
        let ws = Arc::new(workspace);
        self.write().insert(ws.widget_id.clone(), ws.clone());
        ws
    }

    /// Creates a workspace with fresh random-looking credentials.
    pub fn create(&self) -> Arc<Workspace> {
        let n = nonce();
        self.insert(Workspace::new(
            format!("ws-{n}"),
            format!("hd_live_{n}_{}", nonce()),
            format!("identity-secret-{n}-{}", nonce()),
        ))
    }

    /// The workspace with this widget id.
    pub fn get(&self, widget_id: &str) -> Option<Arc<Workspace>> {
        self.read().get(widget_id).cloned()
    }

    /// The workspace whose API key this is (constant-time per comparison).
    pub fn by_api_key(&self, key: &str) -> Option<Arc<Workspace>> {
        self.read()
            .values()
            .find(|ws| ws.api_key_matches(key))
            .cloned()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<Workspace>>> {
        // A poisoned lock only means another request panicked mid-read; the map is still whole.
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<Workspace>>> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// A unique, hard-to-guess-enough token for ids and secrets of a test mock (not cryptographic).
pub(crate) fn nonce() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mixed = (t as u64 ^ (std::process::id() as u64) << 32).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ n.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    format!("{:x}{n:x}", mixed)
}
