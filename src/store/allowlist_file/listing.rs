//! What the console's allowlist screen lists: the profile's exclusions (with date and who added
//! them) and the config file's allowlist entries (with table and line), read together from disk.
//! Owns only gathering; must not change either file.

use super::{AllowlistFile, AllowlistFileError};
use crate::directory::Exclusion;
use crate::store::config::{AllowKind, read_configured_allowlist};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Where a listed entry comes from, and so whether the console may change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListedSource {
    /// The profile's allowlist file (`x` in the console): removable, its reason editable.
    ProfileFile,
    /// The config file, at `line` inside `table`: changed by editing the file.
    Config { table: String, line: usize },
}

/// One row of the allowlist screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedEntry {
    /// `excluded`, `account`, `email`, `group` or `domain`.
    pub kind: &'static str,
    /// The account id, email, group or domain the entry matches.
    pub value: String,
    /// The account's name when it was excluded (profile-file entries).
    pub name: Option<String>,
    pub reason: String,
    /// When it was added (config entries do not say).
    pub added_at: Option<DateTime<Utc>>,
    /// Who added it (config entries, and exclusions older than this field, do not say).
    pub added_by: Option<String>,
    pub source: ListedSource,
    /// The exclusion as read, for a profile-file entry: what a change must still find on disk.
    pub shown: Option<Exclusion>,
}

impl ListedEntry {
    /// Whether the console can remove it or edit its reason.
    #[must_use]
    pub fn editable(&self) -> bool {
        self.source == ListedSource::ProfileFile
    }
}

/// Every entry of the profile's file and of the config that protect the profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllowlistListing {
    pub file: PathBuf,
    pub config: PathBuf,
    /// The profile's exclusions first (account-id order), then the config's (file order).
    pub entries: Vec<ListedEntry>,
    /// Why the config's entries could not be listed (the file is unreadable or not TOML).
    pub config_error: Option<String>,
}

impl AllowlistListing {
    /// Reads `file` and the config at `config` (a missing config has no entries). A damaged
    /// allowlist file is an error; a damaged config only leaves its part out, saying why.
    pub fn read(file: &AllowlistFile, config: &Path) -> Result<Self, AllowlistFileError> {
        let mut entries: Vec<ListedEntry> = file
            .entries()?
            .into_values()
            .map(|entry| ListedEntry {
                kind: "excluded",
                value: entry.exclusion.account_id.to_string(),
                name: entry.exclusion.name.clone(),
                reason: entry.exclusion.reason.clone(),
                added_at: Some(entry.exclusion.excluded_at),
                added_by: entry.added_by,
                source: ListedSource::ProfileFile,
                shown: Some(entry.exclusion),
            })
            .collect();
        let mut config_error = None;
        match read_configured_allowlist(config, file.profile()) {
            Ok(configured) => entries.extend(configured.into_iter().map(|entry| ListedEntry {
                kind: match entry.kind {
                    AllowKind::Account if entry.value.contains('@') => "email",
                    AllowKind::Account => "account",
                    AllowKind::Group => "group",
                    AllowKind::Domain => "domain",
                },
                value: entry.value,
                name: None,
                reason: entry.reason,
                added_at: None,
                added_by: None,
                source: ListedSource::Config {
                    table: format!("{} {}", entry.table, entry.kind.key()),
                    line: entry.line,
                },
                shown: None,
            })),
            Err(error) => config_error = Some(error.to_string()),
        }
        Ok(Self {
            file: file.path().to_path_buf(),
            config: config.to_path_buf(),
            entries,
            config_error,
        })
    }
}
