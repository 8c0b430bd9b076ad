//! The warning runs of one profile, kept in the data dir as versioned JSON (mode 0600, replaced
//! atomically). Owns the file and its format; must not decide lanes or render notices.

use super::notice::{Template, write_csv};
use super::record::WarningRun;
use crate::store::config::ProfileName;
use crate::store::versioned::{self, VersionedError};
use crate::store::{FileError, Paths, atomic};
use crate::types::BatchId;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Directory inside the data dir holding one `<profile>.json` per profile.
const WARNINGS_DIR: &str = "warnings";
/// The format written today; a file with another version is refused rather than misread.
const FORMAT_VERSION: u32 = 1;
/// Far above years of warnings for a large org; a bigger file is not ours.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why the warning records could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum WarnStoreError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{} is not a dormant warnings file ({reason}); move it aside to start afresh (the warnings \
         in it are then forgotten, so `require_warning` users need a new warning)",
        path.display()
    )]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer dormant (format {found}, this one reads {FORMAT_VERSION}); upgrade \
         dormant",
        path.display()
    )]
    NewerFormat { path: PathBuf, found: u64 },
    #[error("warning run {0} is not in the warnings file; it may have been moved aside meanwhile")]
    UnknownRun(BatchId),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredWarnings {
    version: u32,
    profile: ProfileName,
    runs: Vec<WarningRun>,
}

/// The warnings file of one profile. Each change is a read-modify-write through an atomic replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarnStore {
    path: PathBuf,
    profile: ProfileName,
}

impl WarnStore {
    #[must_use]
    pub fn new(paths: &Paths, profile: &ProfileName) -> Self {
        Self {
            path: paths
                .data_dir()
                .join(WARNINGS_DIR)
                .join(format!("{profile}.json")),
            profile: profile.clone(),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every run, oldest first; an absent file has none.
    pub fn runs(&self) -> Result<Vec<WarningRun>, WarnStoreError> {
        let stored: Option<StoredWarnings> = versioned::read(&self.path, MAX_FILE_BYTES, FORMAT_VERSION)
            .map_err(|error| match error {
                VersionedError::File(error) => WarnStoreError::File(error),
                VersionedError::Malformed(reason) => WarnStoreError::Malformed {
                    path: self.path.clone(),
                    reason,
                },
                VersionedError::Newer(found) => WarnStoreError::NewerFormat {
                    path: self.path.clone(),
                    found,
                },
            })?;
        Ok(stored.map(|stored| stored.runs).unwrap_or_default())
    }

    /// Adds a run, or replaces the run with the same id (delivery results arrive after it).
    pub fn save(&self, run: &WarningRun) -> Result<(), WarnStoreError> {
        let mut runs = self.runs()?;
        match runs.iter_mut().find(|known| known.batch_id == run.batch_id) {
            Some(known) => known.clone_from(run),
            None => runs.push(run.clone()),
        }
        self.write(runs)
    }

    /// Replaces a run already saved; refuses one that is not there (it was never recorded).
    pub fn update(&self, run: &WarningRun) -> Result<(), WarnStoreError> {
        let mut runs = self.runs()?;
        let known = runs
            .iter_mut()
            .find(|known| known.batch_id == run.batch_id)
            .ok_or_else(|| WarnStoreError::UnknownRun(run.batch_id.clone()))?;
        known.clone_from(run);
        self.write(runs)
    }

    /// Removes the run `batch_id` (one atomic rewrite) and returns it with the runs that stay;
    /// refuses a run that is not there.
    pub fn remove(&self, batch_id: &BatchId) -> Result<(WarningRun, Vec<WarningRun>), WarnStoreError> {
        let mut runs = self.runs()?;
        let at = runs
            .iter()
            .position(|known| known.batch_id == *batch_id)
            .ok_or_else(|| WarnStoreError::UnknownRun(batch_id.clone()))?;
        let removed = runs.remove(at);
        self.write(runs.clone())?;
        Ok((removed, runs))
    }

    /// Where a run's notices CSV goes unless the admin names a file: beside the warnings file.
    #[must_use]
    pub fn notices_path(&self, run: &WarningRun) -> PathBuf {
        let dir = self.path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        dir.join(format!("notices-{}-{}.csv", self.profile, run.batch_id))
    }

    fn write(&self, runs: Vec<WarningRun>) -> Result<(), WarnStoreError> {
        if let Some(dir) = self.path.parent() {
            atomic::create_private_dir(dir)?;
        }
        let stored = StoredWarnings {
            version: FORMAT_VERSION,
            profile: self.profile.clone(),
            runs,
        };
        let json = serde_json::to_vec_pretty(&stored).map_err(|error| WarnStoreError::Malformed {
            path: self.path.clone(),
            reason: error.to_string(),
        })?;
        Ok(atomic::write(&self.path, &json)?)
    }
}

/// Writes a run's notices CSV to `path` atomically (0600), creating its directory privately.
pub fn write_notices(path: &Path, run: &WarningRun, template: &Template, org: &str) -> Result<(), FileError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        atomic::create_private_dir(dir)?;
    }
    atomic::write_with(path, |out| write_csv(&run.records, template, org, out).map(drop))
}
