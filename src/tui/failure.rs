//! `Failure`: why an effect failed, as a kind `update` can act on (a refused key is not a full
//! disk) plus the human text the admin reads. Derived once, from the typed errors of `api`,
//! `store`, `batch`, `warn` and `import` (see `failure/classify.rs`); must not lose the text.

mod classify;

use std::fmt;

/// What kind of trouble an effect ran into, by what the admin can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The API key was refused (401/403), lacks a scope, or is malformed: a new key is needed.
    KeyRefused,
    /// No API key in this session (a read-only `--from-csv` session).
    NoKey,
    /// The API could not be reached (DNS, TLS, proxy, connection).
    Network,
    /// Still rate limited after the retries: wait, then retry.
    RateLimited,
    /// The API failed or answered something dormant cannot read (5xx, a shape it does not know).
    Server,
    /// The org, base URL or client setup does not fit: a flag or config key must change.
    Setup,
    /// A file could not be written because the disk (or the user's quota) is full.
    DiskFull,
    /// The operating system refused access to a file (permissions, a read-only file system).
    AccessDenied,
    /// Any other file-system failure.
    Io,
    /// A file (journal, allowlist, warnings, CSV export, snapshot) is damaged, foreign or too new.
    BadData,
    /// Something asked for is not there (a batch id no journal has).
    NotFound,
    /// The state changed under the request (a batch already finished or still unfinished, a user
    /// removed since the load).
    Conflict,
    /// A safety rule of the plan/commit layer refused (over the cap, nothing to undo).
    Refused,
    /// The work was stopped before it finished (the runtime shutting down).
    Interrupted,
    /// A defect in dormant (a task panicked, a record could not be encoded): please report it.
    Bug,
}

/// A failed effect: its kind and the text shown to the admin (which says what to do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub text: String,
}

impl Failure {
    #[must_use]
    pub fn new(kind: FailureKind, text: impl Into<String>) -> Failure {
        Failure {
            kind,
            text: text.into(),
        }
    }

    /// The same failure with `what` (what did not happen) in front of its text.
    #[must_use]
    pub fn context(self, what: &str) -> Failure {
        Failure {
            kind: self.kind,
            text: format!("{what}: {}", self.text),
        }
    }

    /// A background task that panicked or was cancelled. The panic's own message is not copied:
    /// the panic hook already printed it, and it may hold anything the task had.
    #[must_use]
    pub fn from_join(error: &tokio::task::JoinError) -> Failure {
        if error.is_cancelled() {
            Failure::new(
                FailureKind::Interrupted,
                "the task was stopped before it finished",
            )
        } else {
            tracing::error!("a background task failed: {error}");
            Failure::new(
                FailureKind::Bug,
                "the task failed unexpectedly (a dormant bug: please report it; run with DORMANT_LOG_FILE set for the details)",
            )
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
