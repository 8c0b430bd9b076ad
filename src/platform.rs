//! What differs between Unix and Windows in how dormant stops and keeps files, one module per
//! concern (the OS keychain has its own, `store/credentials/platform.rs`). Must not hold policy:
//! only the mechanism each platform offers for the same intent.

pub mod files;
pub mod signals;
