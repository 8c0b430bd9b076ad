//! Crash-safe file replacement, private directories and bounded reads. Owns how bytes reach the
//! disk; must not decide what is written or where.
//!
//! A replaced file is either the old content or the new, never a mix: the new bytes go to a
//! temporary file in the same directory (created private to the user, 0600 on Unix, so never briefly readable by others: see
//! `platform::files`),
//! are fsync'd, renamed over the target, and the directory is fsync'd so the rename survives a
//! power cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::platform::files::{PRIVATE_DIR_MODE, PRIVATE_FILE_MODE};
use crate::platform::files::{private_dir, private_file};

/// How often a fresh temporary name is tried when a leftover file already has the name.
const TEMP_NAME_ATTEMPTS: u32 = 32;

/// Distinguishes temporary files of concurrent writers within one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);
/// A temporary file of the same target untouched for this long was left by a process that died
/// mid-write (no write takes minutes); the next successful write of that target removes it.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_mins(10);

/// A file operation that failed, naming the file and the operating system's reason.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("could not {action} {}: {reason}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: io::Error,
    },
    #[error(
        "{} is {size} bytes, more than the {limit} bytes dormant reads from it; check that it is the \
         right file, or remove it",
        path.display()
    )]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{} is not UTF-8 text (invalid byte at offset {offset}); check that it is the right file", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
}

impl FileError {
    fn io(action: &'static str, path: &Path, reason: io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            reason,
        }
    }

    /// True when the file (or a parent directory) does not exist: usually "nothing saved yet".
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { reason, .. } if reason.kind() == io::ErrorKind::NotFound)
    }

    /// The file the failed operation was about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::TooLarge { path, .. } | Self::NotUtf8 { path, .. } => path,
        }
    }
}

/// Replaces `path` with `contents` atomically (see the module docs).
pub fn write(path: &Path, contents: &[u8]) -> Result<(), FileError> {
    write_with(path, |out| out.write_all(contents))
}

/// Like [`write`], but streams: `write_content` writes the new content through a buffer, so a large
/// snapshot never needs a second copy in memory. If `write_content` fails, the old file stays untouched.
pub fn write_with<F>(path: &Path, write_content: F) -> Result<(), FileError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let file_name = path.file_name().ok_or_else(|| {
        FileError::io(
            "write",
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file"),
        )
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (file, temp_path) = create_temp(dir, &file_name.to_string_lossy())?;
    let mut temp = TempGuard {
        path: temp_path,
        keep: false,
    };

    let mut writer = BufWriter::new(file);
    write_content(&mut writer).map_err(|reason| FileError::io("write", &temp.path, reason))?;
    let file = writer
        .into_inner()
        .map_err(|failed| FileError::io("write", &temp.path, failed.into_error()))?;
    // The new bytes are in the temporary file, the target is untouched: a kill here must leave it so.
    crate::test_hooks::fault_point!("atomic-write:{}", file_name.to_string_lossy());
    file.sync_all()
        .map_err(|reason| FileError::io("flush to disk", &temp.path, reason))?;
    drop(file);

    fs::rename(&temp.path, path).map_err(|reason| FileError::io("replace", path, reason))?;
    temp.keep = true;
    sync_dir(dir)?;
    remove_stale_temps(dir, &file_name.to_string_lossy());
    Ok(())
}

/// Removes what killed writers of the same target left behind (a snapshot's temporary file is a
/// whole copy of the org). Best effort: a file that cannot be listed or removed stays, harmlessly,
/// since every reader skips temporary names.
fn remove_stale_temps(dir: &Path, file_name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = format!(".{file_name}.");
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > STALE_TEMP_AGE));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Reads a whole file, refusing more than `limit` bytes so a wrong path (a disk image, a device)
/// cannot exhaust memory.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = File::open(path).map_err(|reason| FileError::io("open", path, reason))?;
    let size = file
        .metadata()
        .map_err(|reason| FileError::io("inspect", path, reason))?
        .len();
    if size > limit {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` guards against a file that grows between the size check and the read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|reason| FileError::io("read", path, reason))?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: read,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read_bounded`] for text files (config, keymaps).
pub fn read_to_string_bounded(path: &Path, limit: u64) -> Result<String, FileError> {
    let bytes = read_bounded(path, limit)?;
    String::from_utf8(bytes).map_err(|error| FileError::NotUtf8 {
        path: path.to_path_buf(),
        offset: error.utf8_error().valid_up_to(),
    })
}

/// Creates `dir` and missing parents, each private to the user (0700 on Unix) from creation.
/// An existing directory is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    private_dir(fs::DirBuilder::new().recursive(true))
        .create(dir)
        .map_err(|reason| FileError::io("create directory", dir, reason))
}

/// Removes the temporary file unless the rename consumed it, so a failed write leaves no litter.
struct TempGuard {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if !self.keep {
            // Best effort: the write already failed and that error is what the caller sees.
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn create_temp(dir: &Path, file_name: &str) -> Result<(File, PathBuf), FileError> {
    let mut last_error = None;
    for _ in 0..TEMP_NAME_ATTEMPTS {
        let serial = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp_path = dir.join(format!(".{file_name}.{}-{serial}.tmp", std::process::id()));
        match private_file(OpenOptions::new().write(true).create_new(true)).open(&temp_path) {
            Ok(file) => return Ok((file, temp_path)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last_error = Some(error),
            Err(reason) => return Err(FileError::io("create a temporary file in", dir, reason)),
        }
    }
    let reason = last_error.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err(FileError::io("create a temporary file in", dir, reason))
}

/// Makes the rename durable (where the platform can: see `platform::files`).
fn sync_dir(dir: &Path) -> Result<(), FileError> {
    crate::platform::files::sync_dir(dir)
        .map_err(|reason| FileError::io("flush to disk the directory", dir, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_removes_stale_temporaries_of_its_target_only() {
        let dir = tempfile::tempdir().expect("dir");
        let temp = |name: &str, age_mins: u64| {
            let path = dir.path().join(name);
            let file = File::create(&path).expect("create");
            let when = std::time::SystemTime::now() - std::time::Duration::from_mins(age_mins);
            file.set_modified(when).expect("set mtime");
            path
        };
        let stale = temp(".org.json.4242-0.tmp", 60);
        let fresh = temp(".org.json.4243-0.tmp", 1);
        let other_target = temp(".marks.json.4242-0.tmp", 60);
        write(&dir.path().join("org.json"), b"{}").expect("write");
        assert!(!stale.exists(), "a killed writer's leftover goes");
        assert!(fresh.exists(), "a write that may be in flight stays");
        assert!(
            other_target.exists(),
            "another file's temporaries are not ours to judge"
        );
        assert_eq!(fs::read(dir.path().join("org.json")).expect("read"), b"{}");
    }
}
