//! `dormant report`: renders the directory as a table, CSV or JSON. Pure: no I/O beyond the
//! writer it is given, no terminal queries, no clock (the caller passes `now`).
//!
//! Every format is built from the same [`ReportRow`]s, so they never disagree, and each keeps
//! "never active" apart from "activity unknown".

mod column;
mod csv_export;
mod json_export;
mod row;
pub mod sanitize;
mod table;

pub use csv_export::defuse_formula;
pub use row::{IdleDays, LastSeen, Report, ReportRow};

use crate::directory::{Directory, User};
use chrono::{DateTime, Utc};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// Output format of `dormant report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for a terminal; text is sanitized and long cells truncated.
    #[default]
    Table,
    /// Comma-separated with a header line; values verbatim except the formula defence.
    Csv,
    /// One array of objects, one object per line.
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Table, Format::Csv, Format::Json];

    /// The spelling on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `--format` value that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report format {given:?}; use table, csv or json")]
pub struct UnknownFormat {
    pub given: String,
}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownFormat {
                given: text.to_owned(),
            })
    }
}

/// Writes every user of `directory`, in directory order.
pub fn render(
    directory: &Directory,
    now: DateTime<Utc>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    render_users(directory, directory.users.iter(), now, format, out)
}

/// Writes the given users of `directory` in the order given (filtered and sorted by the caller);
/// product columns still cover every product of the org.
pub fn render_users<'a>(
    directory: &'a Directory,
    users: impl IntoIterator<Item = &'a User>,
    now: DateTime<Utc>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let report = Report::build(directory, users, now);
    match format {
        Format::Table => table::write(&report, out),
        Format::Csv => csv_export::write(&report, out),
        Format::Json => json_export::write(&report, out),
    }
}
