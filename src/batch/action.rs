//! The small vocabulary every part of a batch shares: what is done to an account, the batch's
//! id, the size cap, and the cancellation flag. Owns no rules beyond each type's invariant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a batch does to each account it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    /// v2 directory suspend: frees every seat, keeps the account; reversible by `Restore`.
    Suspend,
    /// User management `lifecycle/disable`: managed, non-synced accounts only; reversed by `Enable`.
    Deactivate,
    /// Undoes `Suspend`.
    Restore,
    /// Undoes `Deactivate`.
    Enable,
}

impl BatchAction {
    /// Whether the action takes something away (and so every protection rule applies).
    #[must_use]
    pub fn is_destructive(self) -> bool {
        matches!(self, Self::Suspend | Self::Deactivate)
    }

    /// The action that reverses this one.
    #[must_use]
    pub fn reverse(self) -> Self {
        match self {
            Self::Suspend => Self::Restore,
            Self::Restore => Self::Suspend,
            Self::Deactivate => Self::Enable,
            Self::Enable => Self::Deactivate,
        }
    }

    /// The word used in headless output and the audit log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suspend => "suspend",
            Self::Deactivate => "deactivate",
            Self::Restore => "restore",
            Self::Enable => "enable",
        }
    }

    /// Past tense, for outcomes ("suspended").
    #[must_use]
    pub fn done(self) -> &'static str {
        match self {
            Self::Suspend => "suspended",
            Self::Deactivate => "deactivated",
            Self::Restore => "restored",
            Self::Enable => "re-enabled",
        }
    }
}

impl fmt::Display for BatchAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

impl fmt::Display for BatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most accounts one batch may act on. Defaults to 500; only an explicit setting (config or
/// `--cap`) raises it, and the commit engine checks it again, whatever the plan file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BatchCap(u32);

impl BatchCap {
    pub const DEFAULT: BatchCap = BatchCap(500);

    /// A cap set explicitly by the admin; zero is refused (it would refuse every batch).
    pub fn explicit(limit: u32) -> Result<Self, String> {
        if limit == 0 {
            Err("a batch cap of 0 would refuse every batch; give at least 1".to_owned())
        } else {
            Ok(Self(limit))
        }
    }

    #[must_use]
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl Default for BatchCap {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for BatchCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Asks a running commit to stop. Checked between actions, never mid-request: the account being
/// changed when it is set gets its outcome recorded first.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
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

    #[test]
    fn only_destructive_actions_reverse_to_restorative_ones() {
        assert!(BatchAction::Suspend.is_destructive());
        assert!(!BatchAction::Restore.is_destructive());
        assert_eq!(BatchAction::Deactivate.reverse(), BatchAction::Enable);
        assert!(BatchCap::explicit(0).is_err());
        assert_eq!(BatchCap::default().get(), 500);
    }
}
