//! The batch journal: one JSON Lines file per batch in the data directory — a header with the
//! whole plan, then per account `started` (written before the request that changes it) and one
//! outcome, then `finished`. Every record is fsync'd before dormant goes on; files are 0600 in a
//! 0700 directory. Owns the file format and appending; must not decide outcomes.

mod read;
mod sink;

pub use read::{JournalContents, JournalReadError, read_journal, read_plan_id};
pub use sink::JournalSink;

use super::identity::PlanId;
use super::outcome::{Confirmation, Counts, Outcome, Refusal, Skip};
use super::plan::Plan;
use crate::directory::{AccountId, GroupId, UserStatus};
use crate::platform::files::private_file;
use crate::store::atomic::{FileError, create_private_dir};
use crate::types::BatchId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Version of the journal layout written. 2 added the plan's identity to the header and the
/// `already_done_elsewhere` outcome, so a dormant that reads only 1 refuses it by its format
/// instead of calling it damaged. 3 added the membership records of remove access
/// (`membership_removed`, `membership_added`); versions 1 and 2 are still read as they were.
pub const JOURNAL_FORMAT: u32 = 3;
/// The oldest layout still read (1: no plan identity, no `already_done_elsewhere`).
pub const OLDEST_JOURNAL_FORMAT: u32 = 1;
/// Journal files end in this extension; the stem is the batch id.
pub const JOURNAL_EXTENSION: &str = "jsonl";

/// How a batch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishState {
    /// Every account has an outcome.
    Completed,
    /// The admin cancelled; accounts without an outcome were never touched.
    Cancelled,
}

/// One line of the journal.
// The header carries the whole plan, the other records a few ids: records are written and read
// one line at a time, never held in bulk, so boxing the plan would only add an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum JournalRecord {
    Header {
        format: u32,
        batch_id: BatchId,
        /// Who ran it: the key's label or the admin's email when known.
        operator: String,
        started_at: DateTime<Utc>,
        /// What the batch set out to do, so the same plan is never started twice. Absent in
        /// journals written before it was recorded: then computed from `plan`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan_id: Option<PlanId>,
        plan: Plan,
    },
    /// A request that changes this account is about to be sent.
    Started {
        account_id: AccountId,
        at: DateTime<Utc>,
    },
    Succeeded {
        account_id: AccountId,
        at: DateTime<Utc>,
        confirmed_by: Confirmation,
    },
    Skipped {
        account_id: AccountId,
        at: DateTime<Utc>,
        skip: Skip,
    },
    Refused {
        account_id: AccountId,
        at: DateTime<Utc>,
        refusal: Refusal,
    },
    Failed {
        account_id: AccountId,
        at: DateTime<Utc>,
        error: String,
    },
    /// Found already done: not changed by this batch (see `Outcome::AlreadyDoneElsewhere`).
    AlreadyDoneElsewhere {
        account_id: AccountId,
        at: DateTime<Utc>,
        status: UserStatus,
    },
    /// Remove access: the account is out of this group now, by this batch (one record per
    /// membership, written as soon as the server answered or a re-read showed it).
    MembershipRemoved {
        account_id: AccountId,
        group_id: GroupId,
        at: DateTime<Utc>,
        confirmed_by: Confirmation,
    },
    /// Restore access (undo): the account is back in this group.
    MembershipAdded {
        account_id: AccountId,
        group_id: GroupId,
        at: DateTime<Utc>,
        confirmed_by: Confirmation,
    },
    /// A later run picked the batch up again.
    Resumed { at: DateTime<Utc> },
    Finished {
        at: DateTime<Utc>,
        state: FinishState,
        counts: Counts,
    },
}

impl JournalRecord {
    /// The outcome record for `account`.
    #[must_use]
    pub fn outcome(account_id: AccountId, at: DateTime<Utc>, outcome: Outcome) -> Self {
        match outcome {
            Outcome::Succeeded { confirmed_by } => Self::Succeeded {
                account_id,
                at,
                confirmed_by,
            },
            Outcome::Skipped { skip } => Self::Skipped { account_id, at, skip },
            Outcome::Refused { refusal } => Self::Refused {
                account_id,
                at,
                refusal,
            },
            Outcome::Failed { error } => Self::Failed {
                account_id,
                at,
                error,
            },
            Outcome::AlreadyDoneElsewhere { status } => Self::AlreadyDoneElsewhere {
                account_id,
                at,
                status,
            },
        }
    }

    /// The account and outcome of an outcome record.
    #[must_use]
    pub fn as_outcome(&self) -> Option<(&AccountId, DateTime<Utc>, Outcome)> {
        match self {
            Self::Succeeded {
                account_id,
                at,
                confirmed_by,
            } => Some((
                account_id,
                *at,
                Outcome::Succeeded {
                    confirmed_by: *confirmed_by,
                },
            )),
            Self::Skipped { account_id, at, skip } => {
                Some((account_id, *at, Outcome::Skipped { skip: skip.clone() }))
            }
            Self::Refused {
                account_id,
                at,
                refusal,
            } => Some((
                account_id,
                *at,
                Outcome::Refused {
                    refusal: refusal.clone(),
                },
            )),
            Self::Failed {
                account_id,
                at,
                error,
            } => Some((account_id, *at, Outcome::Failed { error: error.clone() })),
            Self::AlreadyDoneElsewhere {
                account_id,
                at,
                status,
            } => Some((
                account_id,
                *at,
                Outcome::AlreadyDoneElsewhere {
                    status: status.clone(),
                },
            )),
            Self::Header { .. }
            | Self::Started { .. }
            | Self::MembershipRemoved { .. }
            | Self::MembershipAdded { .. }
            | Self::Resumed { .. }
            | Self::Finished { .. } => None,
        }
    }
}

/// A journal write that failed: the batch stops, since an unrecorded change is what the journal
/// exists to prevent.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("could not encode a journal record: {0}; this is a dormant bug, please report it")]
    Encode(#[source] serde_json::Error),
    #[error("a journal for batch {0} already exists; batch ids are unique, so this is a dormant bug")]
    Exists(BatchId),
    #[error(
        "the journal writer stopped unexpectedly, so nothing was changed after that point; this is a \
         dormant bug, please report it, and run `dormant resume` to complete the batch"
    )]
    WriterStopped,
}

/// Appends records to one batch's journal, each durable before `append` returns.
#[derive(Debug)]
pub struct JournalWriter {
    path: PathBuf,
    file: File,
}

impl JournalWriter {
    /// Creates the journal of a new batch in `dir` with its header in it. The header is written
    /// and fsync'd under a temporary name first, then linked into place (never replacing a file),
    /// so a kill at any moment leaves no journal or one that starts with its header: never an
    /// empty file that `resume` and `history` would refuse to read.
    pub fn create(dir: &Path, header: &JournalRecord, batch_id: &BatchId) -> Result<Self, JournalError> {
        create_private_dir(dir)?;
        let path = journal_path(dir, batch_id);
        // The temporary-name pattern of `store::atomic`, which every reader of the directory skips.
        let staged_name = format!(".{batch_id}.{JOURNAL_EXTENSION}.{}-0.tmp", std::process::id());
        let staged = dir.join(staged_name);
        let file = private_file(OpenOptions::new().append(true).create_new(true))
            .open(&staged)
            .map_err(|reason| io_error("create", &staged, reason))?;
        crate::test_hooks::fault_point!("journal:created-before-header");
        let mut staging = Self { path: staged, file };
        let linked = staging
            .append(header)
            .and_then(|()| staging.link_as(&path, batch_id));
        // Best effort: once linked, the temporary name is only a second name of the journal; if
        // anything failed, the error below is what the caller needs.
        let _ = fs::remove_file(&staging.path);
        linked?;
        sync_dir(dir)?;
        Ok(Self {
            path,
            file: staging.file,
        })
    }

    /// Gives the staged journal its real name; an existing journal is never replaced.
    fn link_as(&self, path: &Path, batch_id: &BatchId) -> Result<(), JournalError> {
        fs::hard_link(&self.path, path).map_err(|reason| {
            if reason.kind() == io::ErrorKind::AlreadyExists {
                JournalError::Exists(batch_id.clone())
            } else {
                io_error("create", path, reason)
            }
        })
    }

    /// Reopens an unfinished journal for appending. A torn last line (dormant was killed while
    /// writing it) is cut off first, so the file stays one record per line.
    pub fn reopen(path: &Path, complete_len: u64) -> Result<Self, JournalError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|reason| io_error("open", path, reason))?;
        let len = file
            .metadata()
            .map_err(|reason| io_error("inspect", path, reason))?
            .len();
        if len > complete_len {
            file.set_len(complete_len)
                .map_err(|reason| io_error("cut the torn last line of", path, reason))?;
            file.sync_all()
                .map_err(|reason| io_error("flush to disk", path, reason))?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one record as one line and waits until it is on disk.
    pub fn append(&mut self, record: &JournalRecord) -> Result<(), JournalError> {
        self.append_line(&encode(record)?)
    }

    /// Writes one encoded record (`encode`) and waits until it is on disk.
    fn append_line(&mut self, line: &[u8]) -> Result<(), JournalError> {
        self.file
            .write_all(line)
            .map_err(|reason| io_error("append to", &self.path, reason))?;
        self.file
            .sync_data()
            .map_err(|reason| io_error("flush to disk", &self.path, reason))?;
        Ok(())
    }
}

/// One record as one line, newline included.
fn encode(record: &JournalRecord) -> Result<Vec<u8>, JournalError> {
    let mut line = serde_json::to_vec(record).map_err(JournalError::Encode)?;
    line.push(b'\n');
    Ok(line)
}

/// Where the journal of `batch_id` lives in `dir`.
#[must_use]
pub fn journal_path(dir: &Path, batch_id: &BatchId) -> PathBuf {
    dir.join(format!("{batch_id}.{JOURNAL_EXTENSION}"))
}

fn io_error(action: &'static str, path: &Path, reason: io::Error) -> JournalError {
    JournalError::File(FileError::Io {
        action,
        path: path.to_path_buf(),
        reason,
    })
}

/// Makes the link durable (where the platform can: see `platform::files`).
fn sync_dir(dir: &Path) -> Result<(), JournalError> {
    crate::platform::files::sync_dir(dir)
        .map_err(|reason| io_error("flush to disk the directory", dir, reason))
}
