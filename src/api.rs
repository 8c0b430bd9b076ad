//! Typed async client for the Atlassian admin APIs. Must not know about ratatui, channels or
//! the UI; speaks only the wire format in `model` and converts to `directory` types in one place.

pub mod assumptions;
mod client;
pub mod convert;
mod error;
pub mod load;
pub mod model;
mod pacing;
mod redact;
mod response;
mod retry;

pub use client::{
    ALL_DIRECTORIES, Client, ClientConfig, ClientStats, DEFAULT_BASE_URL, MAX_RESPONSE_BYTES,
    MembershipChange, is_loopback, parse_base_url,
};
pub use error::{ApiError, CREATE_KEY_HINT, Endpoint, OrgSummary};
pub use load::{LoadOptions, LoadOutcome, LoadPhase, LoadProgress, LoadStats, load_directory};
/// Server text made safe to print (control and bidi characters removed, length capped).
pub use redact::printable;
pub use response::decode as decode_response;
pub use retry::{Repeat, RetryPolicy};
