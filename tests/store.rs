//! The local store: atomic files and snapshots, config validation (golden errors), and the keychain seam.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "store/audit.rs"]
mod audit;
#[path = "store/cache.rs"]
mod cache;
#[path = "store/config.rs"]
mod config;
#[path = "store/credentials.rs"]
mod credentials;
