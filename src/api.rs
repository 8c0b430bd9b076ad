//! Typed async client for the Atlassian admin APIs. Must not know about ratatui, channels or
//! the UI; speaks only the wire format in `model` and converts to `directory` types in one place.

pub mod assumptions;
