//! Whether the profile in use may change the org at all. Decided once from the config by the
//! caller; plan building and the commit engine require it, so a read-only profile meets the same
//! refusal in every command and in the console. Owns no other rule.

use crate::store::config::Profile;
use std::path::{Path, PathBuf};

/// What the session may do to the org. Only [`Permission::of_profile`] (or an explicit
/// [`Permission::ReadWrite`] where no profile exists, as in tests) grants writes; a read-only
/// profile always yields [`Permission::ReadOnly`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Permission {
    /// Plans may be built and committed.
    #[default]
    ReadWrite,
    /// Nothing is planned, committed, resumed, undone or warned.
    ReadOnly(ReadOnly),
}

/// Why a session is read-only, worded as the refusal the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadOnly {
    #[error(
        "profile {profile} is read-only (`read_only = true` under [profiles.{profile}] in {}): nothing \
         was planned or changed; to act on users, set `read_only = false` there (`dormant status` shows \
         the profile, its config file and its mode)",
        config.display()
    )]
    Profile { profile: String, config: PathBuf },
    #[error(
        "this console session is read-only (`--read-only`, the profile's `read_only = true`, or no API \
         key): nothing was planned or changed"
    )]
    Session,
}

impl Permission {
    /// The permission of `profile`, read from the config file at `config`.
    #[must_use]
    pub fn of_profile(profile: &Profile, config: &Path) -> Self {
        if profile.read_only {
            Self::ReadOnly(ReadOnly::Profile {
                profile: profile.name.to_string(),
                config: config.to_path_buf(),
            })
        } else {
            Self::ReadWrite
        }
    }

    /// `Ok` when writes are allowed, else why not.
    pub fn check(&self) -> Result<(), ReadOnly> {
        match self {
            Self::ReadWrite => Ok(()),
            Self::ReadOnly(why) => Err(why.clone()),
        }
    }
}
