//! The console's filter history, kept per profile in the data directory (`filter-history/
//! <profile>.json`): the filters that parsed and were applied, oldest first, without repeats,
//! at most [`MAX_ENTRIES`]. Owns the file, its format and the list's bounds; must not decide
//! when a filter is remembered (the console does).

use crate::store::config::ProfileName;
use crate::store::versioned::{self, VersionedError};
use crate::store::{FileError, Paths, atomic};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Directory inside the data dir holding one `<profile>.json` per profile.
const HISTORY_DIR: &str = "filter-history";
/// The format written today; a file with another version is refused rather than misread.
const FORMAT_VERSION: u32 = 1;
/// The most filters kept; the oldest go first.
pub const MAX_ENTRIES: usize = 200;
/// A longer filter is not remembered (nobody recalls it by arrow keys).
pub const MAX_ENTRY_CHARS: usize = 2_000;
/// Far above [`MAX_ENTRIES`] filters of [`MAX_ENTRY_CHARS`]; a bigger file is not ours.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why the history file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FilterHistoryError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{} is not a dormant filter history ({reason}); it is left as it is and this session's filters \
         are not saved: move it aside to start a new history",
        path.display()
    )]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer dormant (format {found}, this one reads {FORMAT_VERSION}); it is left \
         as it is and this session's filters are not saved: upgrade dormant",
        path.display()
    )]
    NewerFormat { path: PathBuf, found: u64 },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredHistory {
    version: u32,
    profile: ProfileName,
    /// Oldest first.
    filters: Vec<String>,
}

/// The filter history file of one profile, replaced atomically (mode 0600) on every save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterHistoryFile {
    path: PathBuf,
    profile: ProfileName,
}

impl FilterHistoryFile {
    #[must_use]
    pub fn new(paths: &Paths, profile: &ProfileName) -> Self {
        Self {
            path: paths.data_dir().join(HISTORY_DIR).join(format!("{profile}.json")),
            profile: profile.clone(),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The remembered filters, oldest first (bounded and without repeats, whatever the file
    /// holds); an absent file is an empty history.
    pub fn load(&self) -> Result<Vec<String>, FilterHistoryError> {
        let stored: Option<StoredHistory> = versioned::read(&self.path, MAX_FILE_BYTES, FORMAT_VERSION)
            .map_err(|error| match error {
                VersionedError::File(error) => FilterHistoryError::File(error),
                VersionedError::Malformed(reason) => FilterHistoryError::Malformed {
                    path: self.path.clone(),
                    reason,
                },
                VersionedError::Newer(found) => FilterHistoryError::NewerFormat {
                    path: self.path.clone(),
                    found,
                },
            })?;
        let mut filters = Vec::new();
        for filter in stored.map(|stored| stored.filters).unwrap_or_default() {
            remember(&mut filters, &filter);
        }
        Ok(filters)
    }

    /// Replaces the file with `filters` (oldest first), bounded as [`remember`] bounds them.
    pub fn save(&self, filters: &[String]) -> Result<(), FilterHistoryError> {
        let mut bounded = Vec::with_capacity(filters.len());
        for filter in filters {
            remember(&mut bounded, filter);
        }
        let stored = StoredHistory {
            version: FORMAT_VERSION,
            profile: self.profile.clone(),
            filters: bounded,
        };
        let mut json = serde_json::to_vec_pretty(&stored).map_err(|error| FilterHistoryError::Malformed {
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

/// Adds `filter` as the newest entry of `filters` (oldest first): an earlier equal entry moves
/// to the end instead of repeating, the oldest drop past [`MAX_ENTRIES`], and blank or overlong
/// filters are not kept. Returns whether the list changed.
pub fn remember(filters: &mut Vec<String>, filter: &str) -> bool {
    let filter = filter.trim();
    if filter.is_empty() || filter.chars().count() > MAX_ENTRY_CHARS {
        return false;
    }
    if filters.last().is_some_and(|last| last == filter) {
        return false;
    }
    filters.retain(|kept| kept != filter);
    filters.push(filter.to_owned());
    let excess = filters.len().saturating_sub(MAX_ENTRIES);
    filters.drain(..excess);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> (tempfile::TempDir, FilterHistoryFile) {
        let root = tempfile::tempdir().expect("temp dir");
        let file = FilterHistoryFile::new(&Paths::under(root.path()), &ProfileName::default_name());
        (root, file)
    }

    #[test]
    fn remember_moves_repeats_to_the_end_and_bounds_the_list() {
        let mut filters = Vec::new();
        assert!(remember(&mut filters, "lane:ready"));
        assert!(remember(&mut filters, " idle:>90 "));
        assert!(
            !remember(&mut filters, "idle:>90"),
            "the newest again changes nothing"
        );
        assert!(remember(&mut filters, "lane:ready"));
        assert_eq!(filters, ["idle:>90", "lane:ready"]);
        assert!(!remember(&mut filters, "   "));
        assert!(!remember(&mut filters, &"x".repeat(MAX_ENTRY_CHARS + 1)));
        for n in 0..MAX_ENTRIES + 5 {
            remember(&mut filters, &format!("idle:>{n}"));
        }
        assert_eq!(filters.len(), MAX_ENTRIES);
        assert_eq!(filters.first().map(String::as_str), Some("idle:>5"));
        assert_eq!(
            filters.last().map(String::as_str),
            Some(format!("idle:>{}", MAX_ENTRIES + 4).as_str())
        );
    }

    #[test]
    fn saves_and_loads_per_profile_newest_last() {
        let (root, file) = file();
        assert!(file.load().expect("absent is empty").is_empty());
        file.save(&["lane:ready".into(), "idle:>90".into(), "lane:ready".into()])
            .expect("saved");
        assert_eq!(file.load().expect("loads"), ["idle:>90", "lane:ready"]);
        let other = FilterHistoryFile::new(
            &Paths::under(root.path()),
            &ProfileName::try_from("other".to_owned()).expect("name"),
        );
        assert!(other.load().expect("another profile").is_empty());
        assert_ne!(other.path(), file.path());
    }

    #[test]
    fn a_corrupt_or_newer_file_is_an_error_and_is_left_untouched() {
        let (_root, file) = file();
        std::fs::create_dir_all(file.path().parent().expect("parent")).expect("dir");
        std::fs::write(file.path(), b"{not json").expect("write");
        let error = file.load().expect_err("corrupt");
        assert!(matches!(error, FilterHistoryError::Malformed { .. }), "{error}");
        assert!(error.to_string().contains("move it aside"), "{error}");
        assert_eq!(std::fs::read(file.path()).expect("read"), b"{not json");
        std::fs::write(file.path(), br#"{"version":7,"profile":"default","filters":[]}"#).expect("w");
        assert!(matches!(
            file.load(),
            Err(FilterHistoryError::NewerFormat { found: 7, .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_root, file) = file();
        file.save(&["lane:ready".into()]).expect("saved");
        let mode = std::fs::metadata(file.path()).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
