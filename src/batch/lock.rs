//! One batch per org at a time on this machine: an exclusive OS file lock on
//! `<data>/batches/<org>.lock`, held while a batch is prepared, committed, resumed or undone, and
//! released by the OS when the process ends however it ends (so a killed run never leaves a stale
//! lock). The holder writes who it is into the file so a refused run can say who to wait for.
//! Owns the lock file; must not decide anything about the batch it protects.

use crate::store::atomic::{FileError, PRIVATE_FILE_MODE, create_private_dir};
use crate::types::{BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

/// Lock files end in this extension (journal listings skip them).
pub const LOCK_EXTENSION: &str = "lock";
/// Largest holder record read back: a few hundred bytes are written.
const HOLDER_READ_LIMIT: u64 = 4096;

/// Who holds an org's lock, as written into the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// `None` while the batch is being prepared (preview, confirmation) and has no id yet.
    pub batch_id: Option<BatchId>,
    pub org_id: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
}

/// Why the org's lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another dormant holds it: nothing was sent.
    #[error("{0}")]
    Busy(Busy),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Another run holds the lock; what it wrote about itself, if it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub org_id: String,
    pub holder: Option<LockHolder>,
    pub path: PathBuf,
}

impl fmt::Display for Busy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let org = crate::directory::escape_controls(&self.org_id);
        match &self.holder {
            Some(holder) => {
                let since = holder.since.format("%Y-%m-%d %H:%M:%S UTC");
                match &holder.batch_id {
                    Some(batch) => write!(
                        f,
                        "batch {batch} is being committed for {org} by PID {} since {since}",
                        holder.pid
                    )?,
                    None => write!(
                        f,
                        "a batch is being prepared for {org} by PID {} since {since}",
                        holder.pid
                    )?,
                }
            }
            None => write!(
                f,
                "a batch is being committed for {org} by another dormant (its lock file {} says no more yet)",
                self.path.display()
            )?,
        }
        f.write_str("; wait for it, or stop it")
    }
}

/// The org's lock, held until dropped (or until the process ends).
#[derive(Debug)]
pub struct OrgLock {
    file: File,
    path: PathBuf,
    org_id: OrgId,
    holder: LockHolder,
}

impl OrgLock {
    /// Takes the lock of `org_id` in `dir` without waiting: `Busy` when another run holds it.
    /// A lock file left by a run that is gone is simply locked again and rewritten.
    pub fn acquire(dir: &Path, org: &OrgId, batch_id: Option<&BatchId>) -> Result<Self, LockError> {
        let org_id = org.as_str();
        create_private_dir(dir)?;
        let path = lock_path(dir, org_id);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
        let file = options
            .open(&path)
            .map_err(|reason| io_error("open", &path, reason))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Busy(Busy {
                    org_id: org_id.to_owned(),
                    holder: read_holder(&path),
                    path,
                }));
            }
            Err(TryLockError::Error(reason)) => return Err(io_error("lock", &path, reason).into()),
        }
        let mut lock = Self {
            file,
            path,
            org_id: org.clone(),
            holder: LockHolder {
                batch_id: batch_id.cloned(),
                org_id: org_id.to_owned(),
                pid: std::process::id(),
                since: Utc::now(),
            },
        };
        lock.write_holder()?;
        Ok(lock)
    }

    #[must_use]
    pub fn org_id(&self) -> &OrgId {
        &self.org_id
    }

    #[must_use]
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// Names the batch now running under the lock, so a refused run names it too.
    pub fn hold_for(&mut self, batch_id: &BatchId) -> Result<(), LockError> {
        self.holder.batch_id = Some(batch_id.clone());
        self.write_holder()
    }

    fn write_holder(&mut self) -> Result<(), LockError> {
        let text = serde_json::to_vec(&self.holder).map_err(io::Error::other);
        let path = &self.path;
        let written = text.and_then(|text| {
            self.file.set_len(0)?;
            self.file.seek(SeekFrom::Start(0))?;
            self.file.write_all(&text)?;
            self.file.sync_data()
        });
        written.map_err(|reason| io_error("write", path, reason).into())
    }
}

/// The lock file of `org_id`: the org id itself when it is a plain name, else a digest of it, so
/// an org id from a hand-edited plan can never name a path outside `dir`.
#[must_use]
pub fn lock_path(dir: &Path, org_id: &str) -> PathBuf {
    let plain = !org_id.is_empty()
        && org_id.len() <= 100
        && !org_id.starts_with('.')
        && org_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let stem = if plain {
        org_id.to_owned()
    } else {
        let digest = Sha256::digest(org_id.as_bytes());
        format!("org-{}", super::identity::hex(&digest[..16]))
    };
    dir.join(format!("{stem}.{LOCK_EXTENSION}"))
}

/// What the last holder of the lock file at `path` wrote, if it can be read (it may be writing it
/// right now, or have been killed before it could).
#[must_use]
pub fn read_holder(path: &Path) -> Option<LockHolder> {
    let mut text = Vec::new();
    File::open(path)
        .ok()?
        .take(HOLDER_READ_LIMIT)
        .read_to_end(&mut text)
        .ok()?;
    serde_json::from_slice(&text).ok()
}

fn io_error(action: &'static str, path: &Path, reason: io::Error) -> FileError {
    FileError::Io {
        action,
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str) -> OrgId {
        id.parse().expect("org id")
    }

    #[test]
    fn a_second_holder_is_refused_with_who_holds_it_and_the_lock_frees_on_drop() {
        let dir = tempfile::tempdir().expect("dir");
        let batch = BatchId::parse("20260301T120000Z-1a2b3c4d").expect("id");
        let first = OrgLock::acquire(dir.path(), &org("org-1"), Some(&batch)).expect("free");
        let Err(LockError::Busy(busy)) = OrgLock::acquire(dir.path(), &org("org-1"), None) else {
            panic!("a second holder must be refused");
        };
        let holder = busy
            .holder
            .clone()
            .expect("the holder wrote itself into the file");
        assert_eq!(holder.batch_id.as_ref(), Some(&batch));
        assert_eq!(holder.pid, std::process::id());
        let message = busy.to_string();
        assert!(
            message.starts_with("batch 20260301T120000Z-1a2b3c4d is being committed for org-1 by PID "),
            "{message}"
        );
        assert!(message.ends_with("; wait for it, or stop it"), "{message}");
        // Another org is not held up.
        let other = OrgLock::acquire(dir.path(), &org("org-2"), None).expect("another org is free");
        drop(first);
        let again = OrgLock::acquire(dir.path(), &org("org-1"), None).expect("free once dropped");
        assert_eq!(again.holder().batch_id, None);
        drop((other, again));
    }

    #[test]
    fn relabelling_names_the_running_batch_and_a_left_file_is_simply_relocked() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(lock_path(dir.path(), "org-1"), b"left by a run that was killed").expect("stale");
        let mut lock = OrgLock::acquire(dir.path(), &org("org-1"), None).expect("a left file is not a lock");
        let Err(LockError::Busy(busy)) = OrgLock::acquire(dir.path(), &org("org-1"), None) else {
            panic!("held");
        };
        assert!(
            busy.to_string()
                .starts_with("a batch is being prepared for org-1 by PID"),
            "{busy}"
        );
        let batch = BatchId::parse("20260301T120000Z-00000001").expect("id");
        lock.hold_for(&batch).expect("relabel");
        let Err(LockError::Busy(busy)) = OrgLock::acquire(dir.path(), &org("org-1"), None) else {
            panic!("held");
        };
        assert_eq!(busy.holder.and_then(|holder| holder.batch_id), Some(batch));
    }

    #[test]
    fn an_org_id_that_is_not_a_plain_name_never_names_a_path_outside_the_directory() {
        let dir = Path::new("/data/batches");
        assert_eq!(lock_path(dir, "5e1a7c02-9b3d"), dir.join("5e1a7c02-9b3d.lock"));
        for hostile in ["../../etc/passwd", "", ".hidden", "a/b", "a\u{1b}[2J"] {
            let path = lock_path(dir, hostile);
            assert_eq!(path.parent(), Some(dir), "{hostile:?}");
            let name = path.file_name().and_then(|name| name.to_str()).expect("name");
            assert!(name.starts_with("org-"), "{name}");
            assert_eq!(
                path.extension().and_then(|ext| ext.to_str()),
                Some(LOCK_EXTENSION)
            );
        }
    }
}
