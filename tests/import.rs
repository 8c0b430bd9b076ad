//! Importing an Atlassian user export (`--from-csv`) through the real binary.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod home;
}

#[path = "import/csv_export.rs"]
mod csv_export;
