//! Typed reads of the journal's entries: the widget calls steps name, an identify call's
//! body and a call's session headers, so steps neither re-parse bodies nor spell header names.

use herodesk_mock::journal::Entry;

/// The route of the widget-facing identify call.
pub const IDENTIFY_ROUTE: &str = "POST /widget/v1/identify";
/// The journal's route name for the widget's unread-count call.
pub const UNREAD_ROUTE: &str = "GET /widget/v1/unread";
/// The journal's route name for fetching one conversation.
pub const CONVERSATION_ROUTE: &str = "GET /widget/v1/conversations/{id}";
/// The journal's route name for starting an email verification (a code is "emailed").
pub const VERIFICATION_START_ROUTE: &str = "POST /widget/v1/verification/start";
/// The journal's route name for confirming an emailed code.
pub const VERIFICATION_CONFIRM_ROUTE: &str = "POST /widget/v1/verification/confirm";

/// A widget-facing call a step names ("the identify API", "the unread API").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetCall {
    /// `POST /widget/v1/identify`.
    Identify,
    /// `GET /widget/v1/unread`, the unread-count poll.
    Unread,
    /// `GET /widget/v1/conversations/{id}`, one conversation's messages.
    Conversation,
    /// `POST /widget/v1/verification/start`, the code emailed to an unverified contact.
    VerificationStart,
    /// `POST /widget/v1/verification/confirm`, the code the contact typed.
    VerificationConfirm,
}

impl WidgetCall {
    /// The journal's and the fault injector's name for the route.
    pub fn route(self) -> &'static str {
        match self {
            Self::Identify => IDENTIFY_ROUTE,
            Self::Unread => UNREAD_ROUTE,
            Self::Conversation => CONVERSATION_ROUTE,
            Self::VerificationStart => VERIFICATION_START_ROUTE,
            Self::VerificationConfirm => VERIFICATION_CONFIRM_ROUTE,
        }
    }
}

impl std::str::FromStr for WidgetCall {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "identify" => Ok(Self::Identify),
            "unread" => Ok(Self::Unread),
            "conversation" => Ok(Self::Conversation),
            "verification start" => Ok(Self::VerificationStart),
            "verification confirm" => Ok(Self::VerificationConfirm),
            other => Err(format!("no widget call named `{other}`")),
        }
    }
}

/// The fields of an identify call's body (docs/widget-api.md); a body that is not a JSON
/// object with string fields reads as none.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct IdentifyBody {
    /// The contact's email as sent.
    pub email: Option<String>,
    /// `firstname`, when sent.
    pub firstname: Option<String>,
    /// `lastname`, when sent.
    pub lastname: Option<String>,
    /// `auth_token`, when sent.
    pub auth_token: Option<String>,
}

impl IdentifyBody {
    /// The email, trimmed and lower-cased, as the spec compares emails.
    pub fn normalized_email(&self) -> Option<String> {
        self.email.as_deref().map(|e| e.trim().to_lowercase())
    }
}

/// Typed reads of a journaled call, so steps neither re-parse bodies nor spell header names.
pub trait CallReads {
    /// The body as an identify call's fields, when it is one.
    fn identify_body(&self) -> Option<IdentifyBody>;
    /// The contact uuid the call presented as its session (`X-Herodesk-Contact`).
    fn session_contact(&self) -> Option<&str>;
    /// The verification token the call presented (`X-Herodesk-Verification`).
    fn session_verification(&self) -> Option<&str>;
}

impl CallReads for Entry {
    fn identify_body(&self) -> Option<IdentifyBody> {
        serde_json::from_str(&self.body).ok()
    }

    fn session_contact(&self) -> Option<&str> {
        self.headers
            .get(herodesk_mock::session::CONTACT_HEADER)
            .map(String::as_str)
    }

    fn session_verification(&self) -> Option<&str> {
        self.headers
            .get(herodesk_mock::session::VERIFICATION_HEADER)
            .map(String::as_str)
    }
}

/// The email an identify call's body names, trimmed and lower-cased.
pub fn identify_email(entry: &Entry) -> Option<String> {
    entry.identify_body()?.normalized_email()
}

/// Where host pages report their uncaught errors and CSP violations (journaled, spec I4).
pub use herodesk_mock::site::page_reports::{CSP_REPORTS_ROUTE, PAGE_ERRORS_ROUTE};
