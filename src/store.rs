//! Everything dormant keeps on the user's machine: paths, secrets, atomic files, cache. Decides
//! no policy: callers say what to keep, this module keeps it safely.

pub mod atomic;
mod cache;
mod org_file;
mod paths;
mod secret;

pub use atomic::FileError;
pub use cache::{CacheRead, Snapshot, SnapshotCache, SnapshotHeader, StoredSnapshots, describe_age};
pub use org_file::{ExclusionsStore, MarksStore, OrgFileError, OrgFiles};
pub use paths::{Paths, PathsError};
pub use secret::Secret;
