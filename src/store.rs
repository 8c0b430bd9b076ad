//! Everything dormant keeps on the user's machine: paths, credentials, atomic files, cache. Decides
//! no policy: callers say what to keep, this module keeps it safely.

pub mod allowlist_file;
pub mod atomic;
mod audit;
mod cache;
pub mod config;
pub mod credentials;
pub mod filter_history;
mod operator;
mod org_file;
mod paths;
pub(crate) mod versioned;

pub use allowlist_file::{AllowlistFile, AllowlistFileError};
pub use atomic::FileError;
pub use audit::{AUDIT_FILE, AuditAction, AuditCounts, AuditError, AuditLog, AuditRecord, AuditState};
pub use cache::{CacheRead, Snapshot, SnapshotCache, SnapshotHeader, StoredSnapshots, describe_age};
pub use filter_history::{FilterHistoryError, FilterHistoryFile};
pub use operator::Operator;
pub use org_file::{MarksStore, OrgFileError, OrgFiles};
pub use paths::{Paths, PathsError};
