//! `ApiError`: every way a call to the admin APIs can fail, each saying what went wrong, where,
//! and what the admin can do about it. Must never carry the API key or raw server text that could
//! hold control characters (see `redact`).

use std::fmt;
use std::time::Duration;

/// Where to create or renew an org API key, repeated in every authentication error.
pub const CREATE_KEY_HINT: &str = "create an org API key at admin.atlassian.com → Settings → API keys \
     and store it with `dormant login` (or pass it in DORMANT_API_KEY)";

/// The request an error is about: method plus URL path (never the query, never a header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub method: &'static str,
    pub path: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// One org the key can see, listed when discovery finds several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSummary {
    pub id: String,
    pub name: String,
}

/// Why a call failed, typed so callers (CLI, TUI) can react and users can act.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid base URL {text:?}: {reason}")]
    InvalidBaseUrl { text: String, reason: String },

    #[error("the API key cannot be used: {reason}; {CREATE_KEY_HINT}")]
    InvalidKey { reason: &'static str },

    #[error("could not set up the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),

    #[error(
        "the API key was refused (401 on {endpoint}): it is wrong, expired or revoked; {CREATE_KEY_HINT}{}",
        server_says(detail)
    )]
    Unauthorized { endpoint: Endpoint, detail: String },

    #[error(
        "the API key lacks the scope `{scope}` needed for {endpoint} (401 INSUFFICIENT_SCOPE): \
        create a key with that scope, or a key without scopes, at admin.atlassian.com → Settings → API keys{}",
        server_says(detail)
    )]
    InsufficientScope {
        endpoint: Endpoint,
        scope: &'static str,
        detail: String,
    },

    #[error("access denied (403 on {endpoint}{}): the key belongs to someone who is not an admin of this \
        organization, or the org id belongs to another org; ask an org admin to create the key{}",
        code_suffix(code.as_deref()), server_says(detail))]
    NotOrgAdmin {
        endpoint: Endpoint,
        code: Option<String>,
        detail: String,
    },

    #[error(
        "organization {org_id:?} was not found (404 on {endpoint}): check --org / DORMANT_ORG_ID; \
        the org id is the UUID in admin.atlassian.com/o/<orgId>/…"
    )]
    OrgNotFound { org_id: String, endpoint: Endpoint },

    #[error("{subject} was not found (404 on {endpoint}{}): it may have been removed since the \
        directory was loaded; reload and try again", code_suffix(code.as_deref()))]
    NotFound {
        subject: String,
        endpoint: Endpoint,
        code: Option<String>,
    },

    #[error("still rate limited after {attempts} attempts on {endpoint}{}: wait a few minutes and \
        retry, or lower the concurrency", retry_hint(*retry_after))]
    RateLimited {
        endpoint: Endpoint,
        attempts: u32,
        retry_after: Option<Duration>,
    },

    #[error("the server failed with {status} on {endpoint} after {attempts} attempts{}{}: Atlassian may \
        be having an incident (status.atlassian.com); retry later", code_suffix(code.as_deref()), server_says(detail))]
    Server {
        endpoint: Endpoint,
        status: u16,
        attempts: u32,
        code: Option<String>,
        detail: String,
    },

    #[error(
        "could not reach {endpoint} after {attempts} attempts: {source}; check the network, proxy \
        and base URL"
    )]
    Transport {
        endpoint: Endpoint,
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },

    #[error("the server refused {endpoint} with {status}{}{}: this is likely a dormant bug or an API \
        change; please report it", code_suffix(code.as_deref()), server_says(detail))]
    Rejected {
        endpoint: Endpoint,
        status: u16,
        code: Option<String>,
        detail: String,
    },

    #[error(
        "could not encode the request body for {endpoint}: {message}; this is a dormant bug, please report it"
    )]
    RequestBody { endpoint: Endpoint, message: String },

    #[error("unexpected response from {endpoint}: field `{field}`: {message}; near: {snippet}")]
    Decode {
        endpoint: Endpoint,
        field: String,
        message: String,
        snippet: String,
    },

    #[error(
        "the server handed back a page cursor it had already given on {endpoint}; stopped paging \
        to avoid an endless loop: this is a server bug, retry later"
    )]
    CursorLoop { endpoint: Endpoint },

    #[error(
        "the answer to {endpoint} (status {status}) is larger than dormant reads ({} MiB{}); stopped \
        reading to protect memory: a proxy or the server is sending something that is not an API answer, \
        check the base URL and proxy, retry later, or report it", limit / (1024 * 1024), declared_hint(*declared)
    )]
    ResponseTooLarge {
        endpoint: Endpoint,
        status: u16,
        limit: usize,
        /// The length the server declared, when it did.
        declared: Option<u64>,
    },

    #[error(
        "{endpoint} kept handing out new page cursors: stopped after {pages} pages, the most {basis} \
        can take; this is a server bug (or the org grew very fast during the load), retry later"
    )]
    EndlessPaging {
        endpoint: Endpoint,
        pages: u64,
        /// What the bound was derived from, in words.
        basis: String,
    },

    #[error("the load was interrupted before it finished (the runtime is shutting down)")]
    Interrupted,

    #[error(
        "the API key sees no organization (GET /admin/v1/orgs returned an empty list; Atlassian may do \
        this for org keys, see ACCESS-966): pass the org id with --org or DORMANT_ORG_ID"
    )]
    NoOrgVisible,

    #[error("the API key sees {} organizations: {}; choose one with --org or DORMANT_ORG_ID",
        orgs.len(), list_orgs(orgs))]
    SeveralOrgs { orgs: Vec<OrgSummary> },

    #[error(
        "the API key's only organization has the id {id:?}, which is not an org id dormant can use: pass \
         the org id with --org or DORMANT_ORG_ID"
    )]
    UnusableOrgId { id: String },
}

impl ApiError {
    /// True for failures that say the key or its permissions are wrong: no retry or other
    /// org can help, so loads stop at once and the UI asks for a new key.
    #[must_use]
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            Self::Unauthorized { .. } | Self::InsufficientScope { .. } | Self::NotOrgAdmin { .. }
        )
    }
}

fn server_says(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" (server said: {detail})")
    }
}

fn code_suffix(code: Option<&str>) -> String {
    code.map(|code| format!(", {code}")).unwrap_or_default()
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|wait| format!(" (the server asked to wait {} s more)", wait.as_secs()))
        .unwrap_or_default()
}

fn declared_hint(declared: Option<u64>) -> String {
    declared
        .map(|length| format!("; it declared {length} bytes"))
        .unwrap_or_default()
}

fn list_orgs(orgs: &[OrgSummary]) -> String {
    orgs.iter()
        .map(|org| format!("{} ({})", org.id, org.name))
        .collect::<Vec<_>>()
        .join(", ")
}
