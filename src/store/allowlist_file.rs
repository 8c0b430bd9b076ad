//! The accounts an admin excluded from cleanup (the TUI's `x` key), kept per profile in the data
//! directory with reason, date and who added them. Owns the file and its format; must not decide
//! who is protected (`directory::Exclusions` is the domain's view of the same data).

mod change;
mod listing;
mod log;
#[cfg(test)]
mod tests;

pub use change::Applied;
pub use listing::{AllowlistListing, ListedEntry, ListedSource};
pub use log::{AllowlistChange, AllowlistLog, ChangeKind};

use crate::directory::{AccountId, Exclusion, Exclusions};
use crate::store::config::ProfileName;
use crate::store::versioned::{self, VersionedError};
use crate::store::{FileError, Paths, atomic};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Directory inside the data dir holding one `<profile>.json` per profile.
const ALLOWLIST_DIR: &str = "allowlist";
/// The format written today; a file with another version is refused rather than misread.
/// (`added_by` arrived within format 1: it is optional, and older readers ignore it.)
const FORMAT_VERSION: u32 = 1;
/// Far above any real allowlist; a bigger file is not ours.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why the persisted allowlist could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum AllowlistFileError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{} is not a dormant allowlist ({reason}); move it aside to start an empty list (the accounts \
         in it are then no longer protected)",
        path.display()
    )]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer dormant (format {found}, this one reads {FORMAT_VERSION}); upgrade \
         dormant",
        path.display()
    )]
    NewerFormat { path: PathBuf, found: u64 },
    #[error("the reason for excluding an account is empty: say why it must never be acted on")]
    EmptyReason,
    /// The entry on disk is not the one the admin saw (another session changed or removed it).
    #[error(
        "the exclusion of {account} changed in {} since it was shown ({now}); nothing was written: \
         look at the list again and retry",
        path.display()
    )]
    ChangedOnDisk {
        path: PathBuf,
        account: AccountId,
        /// What the file holds now, in words.
        now: String,
    },
}

/// One exclusion as the file keeps it: the domain's record, and who added it (absent in entries
/// written before dormant recorded it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    #[serde(flatten)]
    pub exclusion: Exclusion,
    /// `ada on build-01` (see [`crate::store::Operator::user_at_host`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredAllowlist {
    version: u32,
    profile: ProfileName,
    entries: Vec<FileEntry>,
}

/// The allowlist file of one profile. Each change is a read-modify-write through an atomic
/// replace (mode 0600), so a crash leaves the old list or the new, never a torn one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistFile {
    path: PathBuf,
    profile: ProfileName,
    log: AllowlistLog,
}

impl AllowlistFile {
    #[must_use]
    pub fn new(paths: &Paths, profile: &ProfileName) -> Self {
        let dir = paths.data_dir().join(ALLOWLIST_DIR);
        Self {
            path: dir.join(format!("{profile}.json")),
            profile: profile.clone(),
            log: AllowlistLog::new(&dir),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The profile whose list this is (its other per-profile files sit beside it).
    #[must_use]
    pub fn profile(&self) -> &ProfileName {
        &self.profile
    }

    /// The append-only log of every change made through this file.
    #[must_use]
    pub fn log(&self) -> &AllowlistLog {
        &self.log
    }

    /// Every exclusion of the profile; an absent file is an empty list.
    pub fn load(&self) -> Result<Exclusions, AllowlistFileError> {
        Ok(self
            .entries()?
            .into_values()
            .map(|entry| entry.exclusion)
            .collect())
    }

    /// Every entry with who added it, by account id; an absent file is an empty list.
    pub fn entries(&self) -> Result<BTreeMap<AccountId, FileEntry>, AllowlistFileError> {
        let stored: Option<StoredAllowlist> = versioned::read(&self.path, MAX_FILE_BYTES, FORMAT_VERSION)
            .map_err(|error| match error {
                VersionedError::File(error) => AllowlistFileError::File(error),
                VersionedError::Malformed(reason) => AllowlistFileError::Malformed {
                    path: self.path.clone(),
                    reason,
                },
                VersionedError::Newer(found) => AllowlistFileError::NewerFormat {
                    path: self.path.clone(),
                    found,
                },
            })?;
        Ok(stored
            .map(|stored| {
                stored
                    .entries
                    .into_iter()
                    .map(|entry| (entry.exclusion.account_id.clone(), entry))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Excludes `account` (replacing an earlier reason) and returns the whole updated list; who
    /// added it is not recorded (the console's `x` goes through [`AllowlistFile::add_all`]).
    pub fn add(
        &self,
        account: AccountId,
        reason: &str,
        name: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Exclusions, AllowlistFileError> {
        let exclusion = Exclusion {
            account_id: account,
            reason: reason.trim().to_owned(),
            excluded_at: at,
            name,
        };
        self.add_all(&[exclusion], None)
    }

    /// Adds several exclusions in one write (the console's `x` on many marked users), recording
    /// `by` as who added them; an empty reason is refused for all of them. Each is logged.
    pub fn add_all(&self, added: &[Exclusion], by: Option<&str>) -> Result<Exclusions, AllowlistFileError> {
        if added.iter().any(|exclusion| exclusion.reason.trim().is_empty()) {
            return Err(AllowlistFileError::EmptyReason);
        }
        let mut entries = self.entries()?;
        for exclusion in added {
            let mut exclusion = exclusion.clone();
            let trimmed = exclusion.reason.trim().to_owned();
            exclusion.reason = trimmed;
            entries.insert(
                exclusion.account_id.clone(),
                FileEntry {
                    exclusion,
                    added_by: by.map(str::to_owned),
                },
            );
        }
        self.save(&entries)?;
        for exclusion in added {
            let logged = self
                .log
                .append(&change::record(self, ChangeKind::Excluded, exclusion, None, by));
            if let Err(error) = logged {
                // The exclusions are saved (they protect); only their log line is missing.
                tracing::warn!("an exclusion was saved but not logged: {error}");
            }
        }
        Ok(entries.into_values().map(|entry| entry.exclusion).collect())
    }

    /// Removes `account`'s exclusion; returns it (and rewrites the file) when there was one.
    pub fn remove(&self, account: &AccountId) -> Result<Option<Exclusion>, AllowlistFileError> {
        let mut entries = self.entries()?;
        let removed = entries.remove(account);
        if removed.is_some() {
            self.save(&entries)?;
        }
        Ok(removed.map(|entry| entry.exclusion))
    }

    fn save(&self, entries: &BTreeMap<AccountId, FileEntry>) -> Result<(), AllowlistFileError> {
        let stored = StoredAllowlist {
            version: FORMAT_VERSION,
            profile: self.profile.clone(),
            entries: entries.values().cloned().collect(),
        };
        let mut json = serde_json::to_vec_pretty(&stored).map_err(|error| AllowlistFileError::Malformed {
            path: self.path.clone(),
            reason: format!("could not encode: {error}"),
        })?;
        json.push(b'\n');
        if let Some(dir) = self.path.parent() {
            atomic::create_private_dir(dir)?;
        }
        atomic::write(&self.path, &json)?;
        Ok(())
    }
}
