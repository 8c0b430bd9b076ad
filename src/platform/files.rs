//! How a file is made private to its user and a rename made durable, per platform. Must not
//! decide which files are private (every file dormant writes is) or write anything itself.
//!
//! - Unix: files are created 0600 and directories 0700 from the first moment (never briefly
//!   readable by others), and a directory is fsync'd after a rename so the rename survives a
//!   power cut.
//! - Windows: files and directories inherit the access list of the directory they are created
//!   in. dormant's directories are under the user's profile (`%APPDATA%`, `%LOCALAPPDATA%`),
//!   whose access list grants only that user, SYSTEM and Administrators, so nothing is set
//!   here. The standard library cannot open a directory to flush it; NTFS's metadata journal
//!   keeps a rename whole, so after a power cut a replaced file is the old one or the new one.

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;

/// Permission bits of every file dormant writes on Unix (owner read/write only).
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Permission bits of every directory dormant creates on Unix (owner only).
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Makes `options` create the file private to the user (see the module notes per platform).
pub fn private_file(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, PRIVATE_FILE_MODE);
    options
}

/// Makes `builder` create directories private to the user (see the module notes per platform).
pub fn private_dir(builder: &mut DirBuilder) -> &mut DirBuilder {
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(builder, PRIVATE_DIR_MODE);
    builder
}

/// Flushes `dir` itself to disk, so a rename inside it is durable. Does nothing where a
/// directory cannot be flushed (Windows: see the module notes).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir).and_then(|handle| handle.sync_all())?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn files_and_directories_are_created_private() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("a/b");
        private_dir(DirBuilder::new().recursive(true))
            .create(&dir)
            .expect("dir");
        let file = dir.join("f");
        private_file(OpenOptions::new().write(true).create_new(true))
            .open(&file)
            .expect("file");
        let mode = |path: &Path| std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), PRIVATE_DIR_MODE);
        assert_eq!(mode(&root.path().join("a")), PRIVATE_DIR_MODE);
        assert_eq!(mode(&file), PRIVATE_FILE_MODE);
        sync_dir(&dir).expect("a directory flushes");
    }
}
