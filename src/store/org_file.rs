//! Small per-org JSON documents in the data dir (the admin's marks): one file per org and kind,
//! with a format tag and version, written atomically with mode 0600. Must not decide what the
//! documents mean.

use super::atomic::{self, FileError};
use super::cache::org_file_name;
use super::paths::Paths;
use crate::directory::Marks;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;
use std::path::PathBuf;
use thiserror::Error;

const VERSION: u32 = 1;
/// Far above any org's marks or exclusions (a million ids), small enough to never exhaust memory.
const MAX_BYTES: u64 = 64 << 20;

/// The files of one kind of document (`T`), one per org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFiles<T> {
    dir: PathBuf,
    format: &'static str,
    kind: PhantomData<fn() -> T>,
}

/// The admin's marks per org: kept until committed or cleared.
pub type MarksStore = OrgFiles<Marks>;

impl MarksStore {
    #[must_use]
    pub fn marks(paths: &Paths) -> Self {
        OrgFiles::in_dir(paths, "marks", "dormant-marks")
    }
}

/// Why a saved document could not be read.
#[derive(Debug, Error)]
pub enum OrgFileError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{path} is not a file dormant can read ({problem}); move it away to start afresh \
         (the org itself is unaffected)"
    )]
    Unreadable { path: PathBuf, problem: String },
}

#[derive(Serialize)]
struct FileOut<'a, T> {
    format: &'static str,
    version: u32,
    org_id: &'a str,
    saved_at: DateTime<Utc>,
    data: &'a T,
}

#[derive(Deserialize)]
struct FileIn<T> {
    format: String,
    version: u32,
    org_id: String,
    data: T,
}

impl<T: Serialize + DeserializeOwned> OrgFiles<T> {
    fn in_dir(paths: &Paths, dir: &str, format: &'static str) -> Self {
        Self {
            dir: paths.data_dir().join(dir),
            format,
            kind: PhantomData,
        }
    }

    #[must_use]
    pub fn path_for(&self, org_id: &str) -> PathBuf {
        self.dir.join(org_file_name(org_id))
    }

    /// Replaces the document of `org_id`.
    pub fn save(&self, org_id: &str, data: &T, saved_at: DateTime<Utc>) -> Result<PathBuf, FileError> {
        atomic::create_private_dir(&self.dir)?;
        let path = self.path_for(org_id);
        let file = FileOut {
            format: self.format,
            version: VERSION,
            org_id,
            saved_at,
            data,
        };
        atomic::write_with(&path, |out| serde_json::to_writer(out, &file).map_err(Into::into))?;
        Ok(path)
    }

    /// The document saved for `org_id`; `None` when there is none.
    pub fn load(&self, org_id: &str) -> Result<Option<T>, OrgFileError> {
        let path = self.path_for(org_id);
        let bytes = match atomic::read_bounded(&path, MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(error) if error.is_not_found() => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        let unreadable = |problem: String| OrgFileError::Unreadable {
            path: path.clone(),
            problem,
        };
        let file: FileIn<T> =
            serde_json::from_slice(&bytes).map_err(|error| unreadable(error.to_string()))?;
        if file.format != self.format || file.version != VERSION {
            return Err(unreadable(format!(
                "format {:?} version {}, expected {:?} version {VERSION}",
                file.format, file.version, self.format
            )));
        }
        if file.org_id != org_id {
            return Err(unreadable(format!("it belongs to org {:?}", file.org_id)));
        }
        Ok(Some(file.data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::AccountId;

    fn marks(ids: &[&str]) -> Marks {
        serde_json::from_value(serde_json::json!(ids)).expect("marks")
    }

    #[test]
    fn documents_round_trip_per_org_and_missing_is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = MarksStore::marks(&Paths::under(dir.path()));
        assert!(store.load("org-1").expect("missing is fine").is_none());
        store
            .save("org-1", &marks(&["a", "b"]), Utc::now())
            .expect("save");
        let back = store.load("org-1").expect("load").expect("saved");
        assert!(back.contains(&AccountId::from("a")) && back.len() == 2);
        assert!(store.load("org-2").expect("other org").is_none());
    }

    #[test]
    fn a_damaged_or_foreign_file_says_what_to_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = Paths::under(dir.path());
        let store = MarksStore::marks(&paths);
        store.save("org-1", &marks(&["a"]), Utc::now()).expect("save");
        std::fs::write(store.path_for("org-1"), b"{\"format\":").expect("damage");
        let error = store.load("org-1").expect_err("damaged");
        assert!(error.to_string().contains("move it away"), "{error}");
        let other: OrgFiles<Marks> = OrgFiles::in_dir(&paths, "marks", "dormant-other");
        store.save("org-1", &marks(&["a"]), Utc::now()).expect("save");
        let error = other.load("org-1").expect_err("another kind of document");
        assert!(error.to_string().contains("dormant-marks"), "{error}");
    }
}
