//! The directory model: lanes, the query language, marks and triage, warnings, and its invariants.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod users;
}

#[path = "directory/lanes.rs"]
mod lanes;
#[path = "directory/props.rs"]
mod props;
#[path = "directory/query.rs"]
mod query;
#[path = "directory/query_select.rs"]
mod query_select;
#[path = "directory/query_warned.rs"]
mod query_warned;
#[path = "directory/seats.rs"]
mod seats;
#[path = "directory/triage.rs"]
mod triage;
#[path = "directory/warnings.rs"]
mod warnings;
