//! The accounts an admin excluded from cleanup (the TUI's `x` key), kept per profile in the data
//! directory with reason and date. Owns the file and its format; must not decide who is
//! protected (`directory::Exclusions` is the domain's view of the same data).

use crate::directory::{AccountId, Exclusion, Exclusions};
use crate::store::config::ProfileName;
use crate::store::versioned::{self, VersionedError};
use crate::store::{FileError, Paths, atomic};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Directory inside the data dir holding one `<profile>.json` per profile.
const ALLOWLIST_DIR: &str = "allowlist";
/// The format written today; a file with another version is refused rather than misread.
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
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredAllowlist {
    version: u32,
    profile: ProfileName,
    entries: Vec<Exclusion>,
}

/// The allowlist file of one profile. Each change is a read-modify-write through an atomic
/// replace (mode 0600), so a crash leaves the old list or the new, never a torn one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistFile {
    path: PathBuf,
    profile: ProfileName,
}

impl AllowlistFile {
    #[must_use]
    pub fn new(paths: &Paths, profile: &ProfileName) -> Self {
        Self {
            path: paths
                .data_dir()
                .join(ALLOWLIST_DIR)
                .join(format!("{profile}.json")),
            profile: profile.clone(),
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

    /// Every exclusion of the profile; an absent file is an empty list.
    pub fn load(&self) -> Result<Exclusions, AllowlistFileError> {
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
            .map(|stored| stored.entries.into_iter().collect())
            .unwrap_or_default())
    }

    /// Excludes `account` (replacing an earlier reason) and returns the whole updated list.
    pub fn add(
        &self,
        account: AccountId,
        reason: &str,
        name: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Exclusions, AllowlistFileError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AllowlistFileError::EmptyReason);
        }
        let mut exclusions = self.load()?;
        exclusions.exclude(Exclusion {
            account_id: account,
            reason: reason.to_owned(),
            excluded_at: at,
            name,
        });
        self.save(&exclusions)?;
        Ok(exclusions)
    }

    /// Adds several exclusions in one write (the console's `x` on many marked users); an empty
    /// reason is refused for all of them.
    pub fn add_all(&self, added: &[Exclusion]) -> Result<Exclusions, AllowlistFileError> {
        if added.iter().any(|exclusion| exclusion.reason.trim().is_empty()) {
            return Err(AllowlistFileError::EmptyReason);
        }
        let mut exclusions = self.load()?;
        for exclusion in added {
            exclusions.exclude(exclusion.clone());
        }
        self.save(&exclusions)?;
        Ok(exclusions)
    }

    /// Removes `account`'s exclusion; returns it (and rewrites the file) when there was one.
    pub fn remove(&self, account: &AccountId) -> Result<Option<Exclusion>, AllowlistFileError> {
        let mut exclusions = self.load()?;
        let removed = exclusions.include(account);
        if removed.is_some() {
            self.save(&exclusions)?;
        }
        Ok(removed)
    }

    fn save(&self, exclusions: &Exclusions) -> Result<(), AllowlistFileError> {
        let stored = StoredAllowlist {
            version: FORMAT_VERSION,
            profile: self.profile.clone(),
            entries: exclusions.iter().cloned().collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> (tempfile::TempDir, AllowlistFile) {
        let root = tempfile::tempdir().expect("temp dir");
        let profile = ProfileName::default_name();
        let file = AllowlistFile::new(&Paths::under(root.path()), &profile);
        (root, file)
    }

    #[test]
    fn add_remove_round_trip_with_reason_and_date() {
        let (_root, file) = file();
        assert!(file.load().expect("absent is empty").is_empty());
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let account = AccountId::from("a-1");
        file.add(account.clone(), " on leave ", Some("Ada".into()), at)
            .expect("added");
        let loaded = file.load().expect("reloads");
        let entry = loaded.get(&account).expect("present");
        assert_eq!((entry.reason.as_str(), entry.excluded_at), ("on leave", at));
        assert!(file.remove(&account).expect("removed").is_some());
        assert!(file.remove(&account).expect("idempotent").is_none());
        assert!(file.load().expect("reloads").is_empty());
    }

    #[test]
    fn empty_reasons_newer_formats_and_garbage_are_refused() {
        let (_root, file) = file();
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let empty = file.add(AccountId::from("a"), "  ", None, at);
        assert!(matches!(empty, Err(AllowlistFileError::EmptyReason)));
        std::fs::create_dir_all(file.path().parent().expect("parent")).expect("dir");
        std::fs::write(file.path(), br#"{"version":9,"profile":"default","entries":[]}"#).expect("w");
        assert!(matches!(
            file.load(),
            Err(AllowlistFileError::NewerFormat { found: 9, .. })
        ));
        std::fs::write(file.path(), b"not json").expect("w");
        let message = file.load().expect_err("garbage").to_string();
        assert!(message.contains("move it aside"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_root, file) = file();
        file.add(AccountId::from("a"), "why", None, DateTime::<Utc>::UNIX_EPOCH)
            .expect("added");
        let mode = std::fs::metadata(file.path()).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
