//! Everything that differs between Unix and Windows, one module per concern, so the rest of the
//! crate has no `cfg(unix)`/`cfg(windows)` of its own. Must not hold policy: only the mechanism
//! each platform offers for the same intent.

pub mod signals;
