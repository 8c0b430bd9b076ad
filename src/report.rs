//! `dormant report`: renders a classified directory as a table, CSV or JSON, filtered and sorted
//! by `--filter` / `--sort`. Pure: no I/O beyond the writer it is given, no terminal queries, no
//! clock (days idle count up to the index's instant).
//!
//! Every format is built from the same [`ReportRow`]s, so they never disagree; each shows the
//! lane and its reasons, and keeps "never active" apart from "activity unknown".

mod caret;
mod column;
mod csv_export;
mod json_export;
mod number;
mod row;
pub mod sanitize;
mod selection;
pub mod summary;
mod table;

pub use caret::SelectionError;
pub use csv_export::defuse_formula;
pub use number::thousands;
pub use row::{IdleDays, LastSeen, Report, ReportRow};
pub use selection::{RowOrder, Selection, check_syntax};

use crate::directory::DirectoryIndex;
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

/// Writes the users `selection` picks from `index`, in its order; product columns still cover
/// every product of the org, so the columns do not depend on the filter.
pub fn render(
    index: &DirectoryIndex,
    selection: &Selection,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    render_rows(index, &selection.rows(index), format, out)
}

/// Writes the given rows of `index` (positions in its directory's users) in the order given.
pub fn render_rows(
    index: &DirectoryIndex,
    rows: &[u32],
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let report = Report::new(index);
    match format {
        Format::Table => table::write(&report, rows, out),
        Format::Csv => csv_export::write(&report, rows, out),
        Format::Json => json_export::write(&report, rows, out),
    }
}
