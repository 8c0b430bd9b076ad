//! The `csv` format: one header line, one record per user, for spreadsheets and scripts. Owns
//! escaping (the `csv` crate) and the formula-injection defence. Values are otherwise verbatim,
//! except control characters other than tab, CR and LF, which become U+FFFD: no name legitimately
//! holds an ESC, and CSV is often printed straight to a terminal.

use super::column::{CellStyle, all_columns, iso_timestamp};
use super::row::Report;
use std::borrow::Cow;
use std::io::{self, Write};

const STYLE: CellStyle = CellStyle {
    date: iso_timestamp,
    short_roles: false,
    reason_separator: "; ",
    list_separator: "; ",
    absent: "",
    no_access: "",
    idle_words: false,
};

/// First characters that make Excel, `LibreOffice` or Google Sheets evaluate a cell as a formula
/// (OWASP "CSV injection"); such cells get a leading `'`, which spreadsheets treat as "text".
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

pub(super) fn write(report: &Report<'_>, rows: &[u32], out: &mut dyn Write) -> io::Result<()> {
    let columns = all_columns(&report.products);
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(
            columns
                .iter()
                .map(|column| defuse_formula(&column.key(&report.products)).into_owned()),
        )
        .map_err(into_io)?;
    for &row in rows {
        let row = report.row(row);
        writer
            .write_record(columns.iter().map(|column| cell(&column.text(&row, &STYLE))))
            .map_err(into_io)?;
    }
    writer.flush()
}

/// Keeps the writer's own I/O error (and its kind, e.g. `BrokenPipe` when the reader quit early)
/// instead of `csv`'s blanket conversion to `ErrorKind::Other`.
fn into_io(error: csv::Error) -> io::Error {
    if !error.is_io_error() {
        return io::Error::other(error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// One CSV value: terminal controls replaced, then formulas defused.
fn cell(value: &str) -> String {
    let has_controls = value.chars().any(is_terminal_control);
    if !has_controls {
        return defuse_formula(value).into_owned();
    }
    let replaced: String = value
        .chars()
        .map(|c| if is_terminal_control(c) { '\u{fffd}' } else { c })
        .collect();
    defuse_formula(&replaced).into_owned()
}

/// Control characters a terminal acts on; tab, CR and LF are data the CSV quoting carries.
fn is_terminal_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\r' | '\n')
}

/// `value` made inert for spreadsheets: a leading `'` when it starts with a formula trigger.
#[must_use]
pub fn defuse_formula(value: &str) -> Cow<'_, str> {
    if value.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}
