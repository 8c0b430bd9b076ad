//! Directory snapshots on disk: one JSON file per org under the cache directory, so dormant
//! reopens instantly and works `--offline`. Owns saving and reopening; must not decide when to
//! load from the API or how old is too old.
//!
//! A snapshot that cannot be used (another format version, another org, damaged, unreadable) is
//! never an error: reading reports it as [`CacheRead::Ignored`] with a one-line warning, and the
//! next save replaces it.

mod age;
mod compact;
mod envelope;
mod file_name;

/// The safe file name of an org id, shared by every per-org file (snapshots, marks).
pub(crate) use file_name::snapshot_file_name as org_file_name;

pub use age::describe_age;
pub use envelope::SnapshotHeader;

use crate::directory::{DataSource, Directory};
use crate::store::Paths;
use crate::store::atomic::{self, FileError};
use chrono::{DateTime, Utc};
use compact::CompactDirectory;
use envelope::{Decoded, EnvelopeOut, FORMAT, Rejection, VERSION, escape_controls};
use std::fs::{self, File};
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Largest snapshot dormant reads (about twenty times a 100,000-user org).
const MAX_SNAPSHOT_BYTES: u64 = 2 << 30;

/// A reopened snapshot: the directory as loaded, and when it was loaded and saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    pub saved_at: DateTime<Utc>,
    /// `source` is [`DataSource::Cache`]; `loaded_at` is when the API load happened.
    pub directory: Directory,
}

/// The outcome of looking for an org's snapshot.
#[expect(
    clippy::large_enum_variant,
    reason = "returned once per reopen and matched at once; boxing would only add an allocation"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheRead {
    Loaded(Snapshot),
    /// Nothing saved for this org yet.
    Missing,
    /// A file exists but cannot be used; `warning` is one line saying which file and why.
    Ignored {
        warning: String,
    },
}

/// What [`SnapshotCache::stored`] found: usable headers, and a one-line warning per unusable file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredSnapshots {
    pub headers: Vec<SnapshotHeader>,
    pub warnings: Vec<String>,
}

/// The snapshots directory of one [`Paths`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotCache {
    dir: PathBuf,
}

impl SnapshotCache {
    #[must_use]
    pub fn new(paths: &Paths) -> Self {
        Self {
            dir: paths.snapshots_dir(),
        }
    }

    /// The file an org's snapshot lives in (the org id is made safe as a file name).
    #[must_use]
    pub fn path_for(&self, org_id: &str) -> PathBuf {
        self.dir.join(file_name::snapshot_file_name(org_id))
    }

    /// Writes the snapshot of `directory` atomically (mode 0600 on Unix), replacing any previous
    /// one for the org, and returns its path.
    pub fn save(&self, directory: &Directory, saved_at: DateTime<Utc>) -> Result<PathBuf, FileError> {
        atomic::create_private_dir(&self.dir)?;
        let path = self.path_for(&directory.org.id);
        let envelope = EnvelopeOut {
            format: FORMAT,
            version: VERSION,
            org_id: &directory.org.id,
            saved_at,
            directory: CompactDirectory(directory),
        };
        atomic::write_with(&path, |out| {
            serde_json::to_writer(out, &envelope).map_err(Into::into)
        })?;
        Ok(path)
    }

    /// Reopens the snapshot of `org_id`; never fails (see the module docs).
    #[must_use]
    pub fn load(&self, org_id: &str) -> CacheRead {
        let path = self.path_for(org_id);
        let bytes = match atomic::read_bounded(&path, MAX_SNAPSHOT_BYTES) {
            Ok(bytes) => bytes,
            Err(error) if error.is_not_found() => return CacheRead::Missing,
            Err(error) => {
                return CacheRead::Ignored {
                    warning: warning_line(&path, &describe_read_error(&error)),
                };
            }
        };
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let decoded =
            envelope::decode(&mut deserializer, Some(org_id), false).and_then(|decoded| match decoded {
                // Only a fully read snapshot must be followed by nothing; a rejection stops midway.
                Decoded::Snapshot(..) => deserializer.end().map(|()| decoded),
                Decoded::HeaderOnly(_) | Decoded::Rejected(_) => Ok(decoded),
            });
        match decoded {
            Ok(Decoded::Snapshot(header, mut directory)) => {
                directory.source = reopened_source(directory.source);
                CacheRead::Loaded(Snapshot {
                    path,
                    saved_at: header.saved_at,
                    directory: *directory,
                })
            }
            Ok(Decoded::Rejected(rejection)) => CacheRead::Ignored {
                warning: warning_line(&path, &rejection.to_string()),
            },
            Ok(Decoded::HeaderOnly(_)) => CacheRead::Ignored {
                warning: warning_line(&path, &Rejection::MissingHeader.to_string()),
            },
            Err(error) => CacheRead::Ignored {
                warning: warning_line(&path, &describe_json_error(&error)),
            },
        }
    }

    /// The headers of every snapshot, sorted by org id, reading only the start of each file: lets
    /// `--offline` pick an org when none was named.
    pub fn stored(&self) -> Result<StoredSnapshots, FileError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(reason) if reason.kind() == std::io::ErrorKind::NotFound => {
                return Ok(StoredSnapshots::default());
            }
            Err(reason) => {
                return Err(FileError::Io {
                    action: "list",
                    path: self.dir.clone(),
                    reason,
                });
            }
        };
        let (mut headers, mut warnings) = (Vec::new(), Vec::new());
        for entry in entries {
            let entry = entry.map_err(|reason| FileError::Io {
                action: "list",
                path: self.dir.clone(),
                reason,
            })?;
            let path = entry.path();
            let is_snapshot_name = path.extension().is_some_and(|ext| ext == "json")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if !is_snapshot_name {
                continue;
            }
            match read_header(&path) {
                Ok(header) => headers.push(header),
                Err(reason) => warnings.push(warning_line(&path, &reason)),
            }
        }
        headers.sort_by(|a, b| a.org_id.cmp(&b.org_id));
        Ok(StoredSnapshots { headers, warnings })
    }
}

fn read_header(path: &Path) -> Result<SnapshotHeader, String> {
    let file = File::open(path).map_err(|reason| format!("could not open it: {reason}"))?;
    let mut deserializer = serde_json::Deserializer::from_reader(BufReader::new(file));
    match envelope::decode(&mut deserializer, None, true) {
        Ok(Decoded::HeaderOnly(header) | Decoded::Snapshot(header, _)) => Ok(header),
        Ok(Decoded::Rejected(rejection)) => Err(rejection.to_string()),
        Err(error) => Err(describe_json_error(&error)),
    }
}

/// A snapshot reopened from disk says so, keeping the base URL it was loaded from; data that came
/// from a CSV export keeps saying so (its age is the file's, not the snapshot's).
fn reopened_source(source: DataSource) -> DataSource {
    match source {
        DataSource::Api { base_url } | DataSource::Cache { base_url } => DataSource::Cache { base_url },
        csv @ DataSource::CsvExport { .. } => csv,
    }
}

fn describe_read_error(error: &FileError) -> String {
    match error {
        FileError::Io { reason, .. } => format!("could not read it ({reason})"),
        FileError::TooLarge { size, limit, .. } => {
            format!("it is {size} bytes, more than the {limit} bytes dormant reads")
        }
        FileError::NotUtf8 { .. } => error.to_string(),
    }
}

fn describe_json_error(error: &serde_json::Error) -> String {
    let detail = escape_controls(&error.to_string()).into_owned();
    if error.is_eof() {
        format!("it is truncated ({detail})")
    } else {
        format!("it is damaged ({detail})")
    }
}

fn warning_line(path: &Path, reason: &str) -> String {
    format!(
        "ignoring the cached snapshot {}: {reason}; the next load from the API replaces it",
        escape_controls(&path.display().to_string())
    )
}
