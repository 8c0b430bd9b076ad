//! Everything dormant keeps on the user's machine: paths, secrets, atomic files, cache. Decides
//! no policy: callers say what to keep, this module keeps it safely.

mod secret;

pub use secret::Secret;
