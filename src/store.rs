//! Everything dormant keeps on the user's machine: paths, secrets, atomic files, cache. Decides
//! no policy: callers say what to keep, this module keeps it safely.

pub mod atomic;
mod audit;
mod cache;
mod paths;
mod secret;

pub use atomic::FileError;
pub use audit::{AUDIT_FILE, AuditCounts, AuditError, AuditLog, AuditRecord};
pub use cache::{CacheRead, Snapshot, SnapshotCache, SnapshotHeader, StoredSnapshots, describe_age};
pub use paths::{Paths, PathsError};
pub use secret::Secret;
