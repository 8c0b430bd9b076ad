//! Reading dormant's own versioned JSON files (`{"version": N, ...}`): bounded read, a missing
//! file told apart, a newer format refused before it can be misread. Owns only that check; each
//! caller keeps its own format, file location and error wording.

use super::{FileError, atomic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Why a versioned file could not be read; callers turn it into their own actionable error.
#[derive(Debug)]
pub(crate) enum VersionedError {
    File(FileError),
    /// Not JSON, or not this format: serde's reason.
    Malformed(String),
    /// Written by a newer dormant, in format `found`.
    Newer(u64),
}

/// Reads `path` (at most `limit` bytes) as format `current` or older; `None` when it does not exist.
pub(crate) fn read<T: DeserializeOwned>(
    path: &Path,
    limit: u64,
    current: u32,
) -> Result<Option<T>, VersionedError> {
    let bytes = match atomic::read_bounded(path, limit) {
        Ok(bytes) => bytes,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => return Err(VersionedError::File(error)),
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|error| VersionedError::Malformed(error.to_string()))?;
    let found = value.get("version").and_then(serde_json::Value::as_u64);
    if let Some(found) = found.filter(|found| *found > u64::from(current)) {
        return Err(VersionedError::Newer(found));
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|error| VersionedError::Malformed(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Format {
        version: u32,
        names: Vec<String>,
    }

    fn read_text(text: Option<&str>) -> Result<Option<Format>, VersionedError> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("file.json");
        if let Some(text) = text {
            std::fs::write(&path, text).expect("write");
        }
        read(&path, 1024, 2)
    }

    #[test]
    fn absent_current_older_newer_and_garbage() {
        assert!(matches!(read_text(None), Ok(None)));
        let current = read_text(Some(r#"{"version":2,"names":["a"]}"#)).expect("reads");
        assert_eq!(
            current,
            Some(Format {
                version: 2,
                names: vec!["a".into()]
            })
        );
        assert!(matches!(
            read_text(Some(r#"{"version":1,"names":[]}"#)),
            Ok(Some(_))
        ));
        assert!(matches!(
            read_text(Some(r#"{"version":3,"other":1}"#)),
            Err(VersionedError::Newer(3))
        ));
        assert!(matches!(
            read_text(Some("not json")),
            Err(VersionedError::Malformed(_))
        ));
        assert!(matches!(
            read_text(Some(r#"{"version":2,"names":[],"extra":1}"#)),
            Err(VersionedError::Malformed(reason)) if reason.contains("extra")
        ));
        assert!(matches!(
            read_text(Some(&"x".repeat(2000))),
            Err(VersionedError::File(_))
        ));
    }
}
