//! Where dormant keeps its files: the platform's config, cache and data directories, or one root
//! for demo mode and tests. Owns path layout only; must not read or write file contents.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// Name of the per-org snapshot directory inside the cache directory.
const SNAPSHOTS_DIR: &str = "snapshots";

/// The user's home directory could not be determined (or is not absolute), so dormant has
/// nowhere to keep files.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error("cannot find your home directory to keep dormant's config and cache in; {hint}")]
    NoHome { hint: &'static str },
    #[error(
        "the {which} directory {} is not an absolute path; set {hint} to an absolute path",
        path.display()
    )]
    NotAbsolute {
        which: &'static str,
        path: PathBuf,
        hint: &'static str,
    },
}

/// The three directories dormant uses. Created lazily, by whoever writes first, through
/// [`crate::store::atomic::create_private_dir`] (mode 0700 on Unix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    config: PathBuf,
    cache: PathBuf,
    data: PathBuf,
}

impl Paths {
    /// The platform's conventional directories for "dormant" (XDG on Linux, `Library` on macOS,
    /// `AppData` on Windows).
    pub fn platform() -> Result<Self, PathsError> {
        let dirs = ProjectDirs::from("", "", "dormant").ok_or(PathsError::NoHome { hint: HOME_HINT })?;
        let paths = Self {
            config: dirs.config_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        };
        // A relative HOME would scatter files relative to wherever dormant happens to run.
        for (which, path) in [
            ("config", &paths.config),
            ("cache", &paths.cache),
            ("data", &paths.data),
        ] {
            if !path.is_absolute() {
                return Err(PathsError::NotAbsolute {
                    which,
                    path: path.clone(),
                    hint: HOME_VAR,
                });
            }
        }
        Ok(paths)
    }

    /// Everything under one root (`root/config`, `root/cache`, `root/data`): demo mode and tests,
    /// so they never touch the admin's real files.
    #[must_use]
    pub fn under(root: &Path) -> Self {
        Self {
            config: root.join("config"),
            cache: root.join("cache"),
            data: root.join("data"),
        }
    }

    #[must_use]
    pub fn config_dir(&self) -> &Path {
        &self.config
    }

    #[must_use]
    pub fn cache_dir(&self) -> &Path {
        &self.cache
    }

    #[must_use]
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// Where per-org directory snapshots live; disposable, hence under the cache directory.
    #[must_use]
    pub fn snapshots_dir(&self) -> PathBuf {
        self.cache.join(SNAPSHOTS_DIR)
    }
}

#[cfg(windows)]
const HOME_HINT: &str = "check that USERPROFILE is set to your profile folder";
#[cfg(not(windows))]
const HOME_HINT: &str = "set the HOME environment variable to your home directory";

#[cfg(windows)]
const HOME_VAR: &str = "USERPROFILE";
#[cfg(not(windows))]
const HOME_VAR: &str = "HOME (or XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_keeps_everything_below_the_root() {
        let root = Path::new("/tmp/dormant-demo");
        let paths = Paths::under(root);
        for dir in [paths.config_dir(), paths.cache_dir(), paths.data_dir()] {
            assert!(dir.starts_with(root), "{}", dir.display());
        }
        assert_eq!(paths.snapshots_dir(), root.join("cache").join("snapshots"));
        assert_ne!(paths.config_dir(), paths.cache_dir());
    }

    #[test]
    fn no_home_error_says_what_to_set() {
        let message = PathsError::NoHome { hint: HOME_HINT }.to_string();
        assert!(
            message.contains("HOME") || message.contains("USERPROFILE"),
            "{message}"
        );
    }
}
