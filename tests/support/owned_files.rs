//! Every file dormant owns under a confined home (see `home.rs`), re-read with dormant's own
//! readers: config, allowlists, marks, snapshots, journals, the audit log, warnings, and plans
//! (`*.json` at the top of the home, where the tests put them). A file nobody reads, or one that
//! does not parse, fails the test. Leftover temporary files of an interrupted atomic write are
//! counted and must be invisible to every reader. A module of `support` in the test crates that need it.

#![allow(dead_code, clippy::unwrap_used)]

use dormant::batch::journal::read_journal;
use dormant::batch::{BatchStore, Plan};
use dormant::store::config::{Config, ProfileName};
use dormant::store::{AllowlistFile, AuditLog, CacheRead, MarksStore, Paths, SnapshotCache};
use dormant::warn::WarnStore;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What [`check_home`] found.
#[derive(Debug, Default)]
pub struct OwnedFiles {
    /// Files re-read and found whole, by kind.
    pub parsed: BTreeMap<&'static str, usize>,
    /// Temporary files an interrupted atomic write left (each ignored by every reader).
    pub temp_left: Vec<PathBuf>,
}

impl OwnedFiles {
    pub fn checked(&self) -> usize {
        self.parsed.values().sum()
    }

    /// "7 parsed (1 temp left)" for a results table.
    pub fn summary(&self) -> String {
        match self.temp_left.len() {
            0 => format!("{} parsed", self.checked()),
            temp => format!("{} parsed ({temp} temp left, ignored)", self.checked()),
        }
    }
}

/// The [`Paths`] the confined binary uses in `home` (`home/config/dormant`, …), seen through
/// symlinks in `view` so that [`Paths::under`] can name them.
pub fn paths_of(home: &Path, view: &Path) -> Paths {
    std::fs::create_dir_all(view).unwrap();
    for kind in ["config", "cache", "data"] {
        let link = view.join(kind);
        if !link.exists() {
            let target = home.join(kind).join("dormant");
            std::fs::create_dir_all(&target).unwrap();
            std::os::unix::fs::symlink(target, link).unwrap();
        }
    }
    Paths::under(view)
}

/// Re-reads every file under `home`; panics (naming the file) on any that does not parse or that
/// no reader claims. `view` is a scratch directory outside `home`.
pub fn check_home(home: &Path, view: &Path) -> OwnedFiles {
    let paths = paths_of(home, view);
    let mut found = OwnedFiles::default();
    let mut files = Vec::new();
    walk(home, &mut files);
    for file in files {
        let name = file.file_name().unwrap().to_str().unwrap().to_owned();
        if temp_target(&name).is_some() {
            // Its target (when present) is a file of its own in this walk, checked by kind.
            found.temp_left.push(file);
            continue;
        }
        let kind = check_one(home, &paths, &file);
        *found.parsed.entry(kind).or_default() += 1;
    }
    // The listings dormant itself runs must not trip over anything left behind.
    let stored = SnapshotCache::new(&paths).stored().unwrap();
    assert!(stored.warnings.is_empty(), "snapshots: {:?}", stored.warnings);
    BatchStore::new(&paths).history().unwrap();
    found
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
        if kind.is_dir() {
            walk(&path, files);
        } else {
            assert!(kind.is_file(), "{}: not a regular file", path.display());
            files.push(path);
        }
    }
}

/// `.NAME.PID-SERIAL.tmp` (see `store::atomic`) → `NAME`.
fn temp_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, serial) = inner.rsplit_once('.')?;
    let (pid, counter) = serial.split_once('-')?;
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(counter)).then_some(target)
}

fn has_extension(file: &Path, extension: &str) -> bool {
    file.extension().is_some_and(|ext| ext == extension)
}

fn stem(file: &Path) -> String {
    file.file_stem().unwrap().to_str().unwrap().to_owned()
}

/// Parses one file with the reader of its kind and returns the kind.
fn check_one(home: &Path, paths: &Paths, file: &Path) -> &'static str {
    let shown = file.display();
    let relative = file.strip_prefix(home).unwrap();
    let parts: Vec<&str> = relative.iter().map(|part| part.to_str().unwrap()).collect();
    match parts.as_slice() {
        ["config", "dormant", "config.toml"] => {
            let config = Config::load(file).unwrap_or_else(|error| panic!("{shown}: {error}"));
            assert!(config.exists());
            "config"
        }
        ["data", "dormant", "allowlist", "changes.jsonl"] => {
            let profile = ProfileName::default_name();
            AllowlistFile::new(paths, &profile)
                .log()
                .read_all()
                .unwrap_or_else(|error| panic!("{shown}: {error}"));
            "allowlist changes"
        }
        ["data", "dormant", "allowlist", _] => {
            let profile: ProfileName = stem(file).parse().unwrap();
            let allowlist = AllowlistFile::new(paths, &profile);
            allowlist
                .load()
                .unwrap_or_else(|error| panic!("{shown}: {error}"));
            "allowlist"
        }
        ["data", "dormant", "warnings", _] => {
            let profile: ProfileName = stem(file).parse().unwrap();
            WarnStore::new(paths, &profile)
                .runs()
                .unwrap_or_else(|error| panic!("{shown}: {error}"));
            "warnings"
        }
        ["data", "dormant", "marks", _] => {
            let marks = MarksStore::marks(paths).load(&stem(file));
            assert!(
                marks.unwrap_or_else(|error| panic!("{shown}: {error}")).is_some(),
                "{shown}: marks of another org"
            );
            "marks"
        }
        ["cache", "dormant", "snapshots", _] => {
            let read = SnapshotCache::new(paths).load(&stem(file));
            assert!(matches!(read, CacheRead::Loaded(_)), "{shown}: {read:?}");
            "snapshot"
        }
        ["data", "dormant", "batches", _] if has_extension(file, "jsonl") => {
            let journal = read_journal(file).unwrap_or_else(|error| panic!("{shown}: {error}"));
            assert!(!journal.torn_tail, "{shown}: a torn last line after the restart");
            "journal"
        }
        ["data", "dormant", "batches", _] if has_extension(file, "lock") => {
            // An org's batch lock: its holder's record, or empty if killed before writing it.
            let empty = std::fs::metadata(file).unwrap().len() == 0;
            assert!(
                empty || dormant::batch::read_holder(file).is_some(),
                "{shown}: unreadable lock"
            );
            "lock"
        }
        ["data", "dormant", "audit.jsonl"] => {
            AuditLog::new(paths)
                .read_all()
                .unwrap_or_else(|error| panic!("{shown}: {error}"));
            "audit"
        }
        [_] if has_extension(file, "json") => {
            let bytes = std::fs::read(file).unwrap();
            serde_json::from_slice::<Plan>(&bytes).unwrap_or_else(|error| panic!("{shown}: {error}"));
            "plan"
        }
        _ => panic!("{shown}: a file no dormant reader claims"),
    }
}
