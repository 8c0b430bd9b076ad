//! The allowlist's change log: one JSON line appended (and fsync'd) per exclusion added, removed
//! or re-reasoned, with who and when, in a 0600 file next to the profiles' allowlists. Kept apart
//! from the batch audit log, whose lines are batches. Append-only: nothing here rewrites a line.

use crate::directory::AccountId;
use crate::store::AuditError;
use crate::store::atomic::read_bounded;
use crate::store::audit::append_line;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// File name of the change log inside the allowlist directory.
pub const CHANGES_FILE: &str = "changes.jsonl";
/// Largest log read back.
const READ_LIMIT: u64 = 64 << 20;

/// What happened to an exclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Excluded,
    Removed,
    ReasonEdited,
}

/// One change, as logged. The field names are the file's format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowlistChange {
    pub at: DateTime<Utc>,
    /// `ada on build-01`, or `unknown`.
    pub who: String,
    pub profile: String,
    pub change: ChangeKind,
    pub account_id: AccountId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The reason after the change (the removed entry's reason for a removal).
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_reason: Option<String>,
}

/// The change log of every profile's allowlist on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistLog {
    path: PathBuf,
}

impl AllowlistLog {
    #[must_use]
    pub fn new(allowlist_dir: &Path) -> Self {
        Self {
            path: allowlist_dir.join(CHANGES_FILE),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `change` and waits until it is on disk.
    pub fn append(&self, change: &AllowlistChange) -> Result<(), AuditError> {
        append_line(&self.path, change)
    }

    /// Every change, oldest first; a torn last line is ignored.
    pub fn read_all(&self) -> Result<Vec<AllowlistChange>, AuditError> {
        let bytes = match read_bounded(&self.path, READ_LIMIT) {
            Ok(bytes) => bytes,
            Err(error) if error.is_not_found() => return Ok(Vec::new()),
            Err(error) => return Err(error.into()),
        };
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |end| end + 1);
        bytes[..complete]
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.is_empty())
            .map(|(number, line)| {
                serde_json::from_slice(line).map_err(|error| AuditError::Corrupt {
                    path: self.path.clone(),
                    line: number + 1,
                    message: error.to_string(),
                })
            })
            .collect()
    }
}
