//! The `{directoryId}` path segment resolved: all directories (`-`) or one directory of the org.
//! Owns membership tests only; must not look anything up (the caller validates the id).

use crate::sim::model::{SimGroup, SimUser};
use serde::{Deserialize, Serialize};

/// The literal `-` in the path means every directory the caller manages (reference §1.1).
pub const ALL_DIRECTORIES: &str = "-";

/// Which directories a v2 request covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryScope {
    All,
    One(String),
}

impl DirectoryScope {
    /// `-` lists every user, including managed accounts in no directory (reference §1.7.3); a real
    /// directory lists its members only.
    #[must_use]
    pub fn contains_user(&self, user: &SimUser) -> bool {
        match self {
            Self::All => true,
            Self::One(directory) => user.directories.iter().any(|id| id == directory),
        }
    }

    #[must_use]
    pub fn contains_group(&self, group: &SimGroup) -> bool {
        match self {
            Self::All => true,
            Self::One(directory) => &group.directory_id == directory,
        }
    }
}
