//! The audit log: one JSON line appended per finished batch (who, when, org, action, counts,
//! journal), fsync'd, in a 0600 file of the data directory. Append-only: nothing here rewrites or
//! deletes a line. Must not decide what a batch did; the caller says.

use super::atomic::{FileError, PRIVATE_FILE_MODE, create_private_dir, read_bounded};
use super::paths::Paths;
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
    /// Found already done when the batch got there; absent in lines written before it was kept.
    #[serde(default)]
    pub elsewhere: usize,
}

/// One finished batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub batch_id: String,
    /// The key's label or the admin's email, when known; otherwise how the key was supplied.
    pub who: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub org_id: String,
    pub org_name: String,
    pub action: String,
    pub counts: AuditCounts,
    /// `completed` or `cancelled`.
    pub state: String,
    pub journal: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<String>,
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
        let io = |action: &'static str, reason: io::Error| FileError::Io {
            action,
            path: self.path.clone(),
            reason,
        };
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir)?;
        }
        let mut line = serde_json::to_vec(record).map_err(AuditError::Encode)?;
        line.push(b'\n');
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
        let mut file = options.open(&self.path).map_err(|reason| io("open", reason))?;
        cut_torn_tail(&file).map_err(|reason| io("cut the torn last line of", reason))?;
        file.write_all(&line).map_err(|reason| io("append to", reason))?;
        file.sync_data().map_err(|reason| io("flush to disk", reason))?;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> AuditRecord {
        let at = DateTime::<Utc>::from_timestamp(1_772_000_000, 0).expect("time");
        AuditRecord {
            batch_id: id.to_owned(),
            who: "key from DORMANT_API_KEY".to_owned(),
            started_at: at,
            finished_at: at,
            org_id: "org".to_owned(),
            org_name: "Acme".to_owned(),
            action: "suspend".to_owned(),
            counts: AuditCounts::default(),
            state: "completed".to_owned(),
            journal: PathBuf::from("/x.jsonl"),
            undo_of: None,
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
            .map(|r| r.batch_id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        log.append(&record("d")).expect("append after a torn line");
        let ids: Vec<String> = log
            .read_all()
            .expect("read")
            .into_iter()
            .map(|r| r.batch_id)
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
