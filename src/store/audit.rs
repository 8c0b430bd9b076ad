//! The audit log: one JSON line appended per finished batch (who, when, org, action, counts,
//! journal), fsync'd, in a 0600 file of the data directory. Append-only: nothing here rewrites or
//! deletes a line. Must not decide what a batch did; the caller says.

use super::atomic::{FileError, create_private_dir, read_bounded};
use super::paths::Paths;
use crate::platform::files::private_file;
use crate::types::{BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// File name of the audit log inside the data directory.
pub const AUDIT_FILE: &str = "audit.jsonl";
/// Largest audit log read back.
const AUDIT_READ_LIMIT: u64 = 256 << 20;

/// Outcome counts of one batch, as the audit log keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditCounts {
    pub planned: usize,
    pub succeeded: usize,
    pub skipped: usize,
    pub refused: usize,
    pub failed: usize,
    /// Found already done when the batch got there; absent in lines written before it was kept,
    /// and left out when zero so such lines read and write back byte for byte.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub elsewhere: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// One finished batch (or warning run). The field names and spellings are the file's format:
/// lines written by earlier versions must keep reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub batch_id: BatchId,
    /// Who ran it, as [`super::Operator`] words it: the OS user, the host, the profile and where
    /// the API key came from. Lines of earlier versions hold only how the key was supplied.
    pub who: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub org_id: OrgId,
    pub org_name: String,
    pub action: AuditAction,
    pub counts: AuditCounts,
    pub state: AuditState,
    pub journal: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<BatchId>,
}

/// What a logged run did: a batch's action, or a warning run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Suspend,
    Deactivate,
    Restore,
    Enable,
    /// Group memberships removed to free one product's seats (`--action remove-access`).
    RemoveAccess,
    /// The memberships a remove-access batch removed, added back (its undo).
    RestoreAccess,
    /// Warnings recorded (and maybe mailed): `dormant warn` or `w` in the console.
    Warn,
    /// A warning run withdrawn (its records removed; `undo_of` names the run).
    Withdraw,
}

impl AuditAction {
    /// The word in the file, `dormant history` and the console's history.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suspend => "suspend",
            Self::Deactivate => "deactivate",
            Self::Restore => "restore",
            Self::Enable => "enable",
            Self::RemoveAccess => "remove-access",
            Self::RestoreAccess => "restore-access",
            Self::Warn => "warn",
            Self::Withdraw => "withdraw",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a logged run ended (an interrupted batch has no audit line until it is resumed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditState {
    Completed,
    Cancelled,
}

/// A failure reading or appending the audit log.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("could not encode an audit record: {0}; this is a dormant bug, please report it")]
    Encode(#[source] serde_json::Error),
    #[error(
        "{}: line {line} is damaged ({message}); the audit log was changed by something other than dormant",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// The audit log of this machine's dormant.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    #[must_use]
    pub fn new(paths: &Paths) -> Self {
        Self {
            path: paths.data_dir().join(AUDIT_FILE),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `record` and waits until it is on disk.
    pub fn append(&self, record: &AuditRecord) -> Result<(), AuditError> {
        append_line(&self.path, record)
    }

    /// Every record, oldest first; none when nothing was logged yet. A torn last line is ignored.
    pub fn read_all(&self) -> Result<Vec<AuditRecord>, AuditError> {
        let bytes = match read_bounded(&self.path, AUDIT_READ_LIMIT) {
            Ok(bytes) => bytes,
            Err(error) if error.is_not_found() => return Ok(Vec::new()),
            Err(error) => return Err(error.into()),
        };
        let mut records = Vec::new();
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |end| end + 1);
        for (number, line) in bytes[..complete].split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let record = serde_json::from_slice(line).map_err(|error| AuditError::Corrupt {
                path: self.path.clone(),
                line: number + 1,
                message: error.to_string(),
            })?;
            records.push(record);
        }
        Ok(records)
    }
}

/// Cuts a last line that a killed writer left without its newline, so the next record starts on
/// a line of its own. Complete lines are never touched.
fn cut_torn_tail(file: &std::fs::File) -> io::Result<()> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut reader = file;
    let tail_start = len.saturating_sub(64 * 1024);
    reader.seek(SeekFrom::Start(tail_start))?;
    let mut tail = Vec::new();
    reader.read_to_end(&mut tail)?;
    if tail.last() == Some(&b'\n') {
        return Ok(());
    }
    let keep = tail
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(tail_start, |end| tail_start + end as u64 + 1);
    file.set_len(keep)
}

/// Appends `record` as one JSON line to the private file at `path` (created 0600 in a 0700
/// directory), first cutting a torn last line a crash left, and waits until it is on disk.
pub(super) fn append_line<T: serde::Serialize>(path: &Path, record: &T) -> Result<(), AuditError> {
    let io = |action: &'static str, reason: io::Error| FileError::Io {
        action,
        path: path.to_path_buf(),
        reason,
    };
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut line = serde_json::to_vec(record).map_err(AuditError::Encode)?;
    line.push(b'\n');
    let mut file = private_file(OpenOptions::new().read(true).append(true).create(true))
        .open(path)
        .map_err(|reason| io("open", reason))?;
    cut_torn_tail(&file).map_err(|reason| io("cut the torn last line of", reason))?;
    file.write_all(&line).map_err(|reason| io("append to", reason))?;
    file.sync_data().map_err(|reason| io("flush to disk", reason))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> AuditRecord {
        let at = DateTime::<Utc>::from_timestamp(1_772_000_000, 0).expect("time");
        AuditRecord {
            batch_id: BatchId::parse(id).expect("id"),
            who: "key from DORMANT_API_KEY".to_owned(),
            started_at: at,
            finished_at: at,
            org_id: "org".parse().expect("org"),
            org_name: "Acme".to_owned(),
            action: AuditAction::Suspend,
            counts: AuditCounts::default(),
            state: AuditState::Completed,
            journal: PathBuf::from("/x.jsonl"),
            undo_of: None,
        }
    }

    /// Lines as earlier versions wrote them (strings everywhere): each still reads, into the
    /// typed fields, and writes back byte for byte.
    #[test]
    fn lines_written_before_the_typed_fields_still_read_and_round_trip() {
        let lines = [
            r#"{"batch_id":"20260301T120000Z-1a2b3c4d","who":"org API key from DORMANT_API_KEY","started_at":"2026-03-01T12:00:00Z","finished_at":"2026-03-01T12:05:00Z","org_id":"5e1a7c02-9b3d","org_name":"Acme","action":"suspend","counts":{"planned":3,"succeeded":2,"skipped":1,"refused":0,"failed":0},"state":"completed","journal":"/data/journals/20260301T120000Z-1a2b3c4d.jsonl"}"#,
            r#"{"batch_id":"20260302T090000Z-0000beef","who":"org API key from the keychain","started_at":"2026-03-02T09:00:00Z","finished_at":"2026-03-02T09:01:00Z","org_id":"5e1a7c02-9b3d","org_name":"Acme","action":"restore","counts":{"planned":2,"succeeded":1,"skipped":0,"refused":0,"failed":0},"state":"cancelled","journal":"/data/journals/20260302T090000Z-0000beef.jsonl","undo_of":"20260301T120000Z-1a2b3c4d"}"#,
            r#"{"batch_id":"20260303T080000Z-00c0ffee","who":"nobody","started_at":"2026-03-03T08:00:00Z","finished_at":"2026-03-03T08:00:00Z","org_id":"csv-export","org_name":"user export","action":"warn","counts":{"planned":4,"succeeded":0,"skipped":4,"refused":0,"failed":0},"state":"completed","journal":"/data/warnings/default.json"}"#,
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        let log = AuditLog::new(&Paths::under(dir.path()));
        let mut file_text = lines.join("\n");
        file_text.push('\n');
        if let Some(parent) = log.path().parent() {
            std::fs::create_dir_all(parent).expect("data dir");
        }
        std::fs::write(log.path(), &file_text).expect("write old lines");
        let records = log.read_all().expect("old lines read");
        let typed: Vec<_> = records
            .iter()
            .map(|r| (r.action, r.state, r.undo_of.is_some()))
            .collect();
        assert_eq!(
            typed,
            [
                (AuditAction::Suspend, AuditState::Completed, false),
                (AuditAction::Restore, AuditState::Cancelled, true),
                (AuditAction::Warn, AuditState::Completed, false),
            ]
        );
        for (record, line) in records.iter().zip(lines) {
            assert_eq!(serde_json::to_string(record).expect("encodes"), line);
        }
    }

    #[test]
    fn a_hand_edited_line_cannot_name_a_path_or_an_unknown_state() {
        let good = r#"{"batch_id":"b1","who":"w","started_at":"2026-03-01T12:00:00Z","finished_at":"2026-03-01T12:00:00Z","org_id":"o","org_name":"n","action":"suspend","counts":{"planned":0,"succeeded":0,"skipped":0,"refused":0,"failed":0},"state":"completed","journal":"/j"}"#;
        assert!(serde_json::from_str::<AuditRecord>(good).is_ok());
        for (from, to) in [
            (r#""batch_id":"b1""#, r#""batch_id":"../../x""#),
            (r#""org_id":"o""#, r#""org_id":"a/b""#),
            (r#""state":"completed""#, r#""state":"done""#),
            (r#""action":"suspend""#, r#""action":"delete""#),
        ] {
            let edited = good.replace(from, to);
            assert!(serde_json::from_str::<AuditRecord>(&edited).is_err(), "{edited}");
        }
    }

    #[test]
    fn appends_survive_and_a_torn_tail_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = AuditLog::new(&Paths::under(dir.path()));
        assert!(log.read_all().expect("empty").is_empty());
        log.append(&record("a")).expect("append");
        log.append(&record("b")).expect("append");
        let mut file = OpenOptions::new().append(true).open(log.path()).expect("open");
        file.write_all(b"{\"batch_id\":\"c").expect("torn");
        let ids: Vec<String> = log
            .read_all()
            .expect("read")
            .into_iter()
            .map(|r| r.batch_id.to_string())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        log.append(&record("d")).expect("append after a torn line");
        let ids: Vec<String> = log
            .read_all()
            .expect("read")
            .into_iter()
            .map(|r| r.batch_id.to_string())
            .collect();
        assert_eq!(ids, ["a", "b", "d"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(log.path()).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
