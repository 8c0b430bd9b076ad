//! `BatchId`: names one batch (its journal file, its audit line, what `dormant undo` takes).
//! Checked wherever it is read, typed or from a file, so it can never name a path. Must not know
//! where journals live.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

/// Identifies one batch: its journal file name, the audit log key and what `dormant undo` takes.
/// `YYYYMMDDTHHMMSSZ-xxxxxxxx`: sorts by creation time, unique per run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct BatchId(String);

/// Read from journals, audit lines, plans and warnings files, which a hand can edit: checked like
/// one typed on the command line, so a file can never steer dormant to a path outside its folder.
impl<'de> Deserialize<'de> for BatchId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl BatchId {
    /// A fresh id for a batch created at `now`.
    #[must_use]
    pub fn new(now: DateTime<Utc>) -> Self {
        // A per-process random hasher key: unique enough to tell two batches of one second apart.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_i64(now.timestamp_nanos_opt().unwrap_or_default());
        hasher.write_u32(std::process::id());
        let suffix = (hasher.finish() & 0xffff_ffff) as u32;
        Self(format!("{}-{suffix:08x}", now.format("%Y%m%dT%H%M%SZ")))
    }

    /// Accepts only what `new` produces (letters, digits, `-`), so an id read from the command
    /// line or a hand-edited file can never name a path outside the journal directory.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let valid = !text.is_empty()
            && text.len() <= 64
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not a batch id; ids look like 20260301T120000Z-1a2b3c4d (see `dormant history`)"
            ))
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Compares with text as written (tests, and ids read back from a server or a file).
impl PartialEq<str> for BatchId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for BatchId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for BatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_id_read_from_a_file_is_checked_like_a_typed_one() {
        let id = BatchId::new(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
        let json = serde_json::to_string(&id).expect("serializes");
        assert_eq!(serde_json::from_str::<BatchId>(&json).expect("reads back"), id);
        for hostile in [
            "\"../../.ssh/authorized_keys\"",
            "\"\"",
            "\"a/b\"",
            "\"x\\u0000\"",
        ] {
            let error = serde_json::from_str::<BatchId>(hostile).expect_err(hostile);
            assert!(error.to_string().contains("is not a batch id"), "{error}");
        }
    }

    #[test]
    fn ids_are_time_sortable_and_parse_back_but_paths_do_not() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).single().expect("date");
        let id = BatchId::new(at);
        assert!(id.as_str().starts_with("20260301T120000Z-"), "{id}");
        assert_eq!(BatchId::parse(id.as_str()), Ok(id));
        for bad in ["", "../etc", "a/b", "x.jsonl", "a b"] {
            assert!(BatchId::parse(bad).is_err(), "{bad}");
        }
    }
}
