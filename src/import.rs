//! Atlassian's admin "Export users" CSV as a data source: reads the file (bounded) and turns it
//! into a `Directory` marked [`DataSource::CsvExport`]. Owns the export's format; must not call
//! the API, decide lanes or sanitise names for display (the renderers do).
//!
//! Columns are found by header (see `columns`), cells read by `cell`, rows merged by `rows`. A row
//! that cannot be read is skipped and reported with its line; the rest still load.

mod cell;
mod columns;
mod rows;

use crate::directory::{DataSource, Directory, Org};
use crate::store::FileError;
use crate::store::atomic;
use crate::types::OrgId;
use chrono::{DateTime, Utc};
use columns::Columns;
use rows::Rows;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Largest export dormant reads (an org of a million users with a dozen products is ~300 MB).
pub const MAX_EXPORT_BYTES: u64 = 512 << 20;

/// The org id of a directory read from an export when no org is configured: the export names none.
pub const UNKNOWN_ORG_ID: &str = "csv-export";

/// [`UNKNOWN_ORG_ID`] as an org id: what a keyless session without a configured org keeps its
/// marks and batches under.
#[must_use]
pub fn unknown_org_id() -> OrgId {
    // The constant is a plain word, which every org id rule accepts (a unit test holds this).
    OrgId::try_from(UNKNOWN_ORG_ID.to_owned()).unwrap_or_else(|error| unreachable!("{error}"))
}

/// The org a directory read from an export belongs to: the configured one when known (so marks
/// and batches line up with the API's), else [`UNKNOWN_ORG_ID`], named "user export" on screen.
#[must_use]
pub fn export_org(org_id: Option<&OrgId>) -> Org {
    match org_id {
        Some(id) if id.as_str() != UNKNOWN_ORG_ID => Org {
            id: id.to_string(),
            name: id.to_string(),
        },
        _ => Org {
            id: UNKNOWN_ORG_ID.to_owned(),
            name: "user export".to_owned(),
        },
    }
}

/// A row, or a cell of it, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The line in the file (1 is the header).
    pub line: u64,
    /// True when the user was still loaded (one cell unreadable), false when the row was skipped.
    pub kept: bool,
    pub reason: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.kept { "read in part" } else { "skipped" };
        write!(f, "line {} {what}: {}", self.line, self.reason)
    }
}

/// An export read: the directory of every readable row, and what could not be read.
#[derive(Debug, Clone)]
pub struct CsvImport {
    pub directory: Directory,
    /// In file order.
    pub problems: Vec<RowProblem>,
}

impl CsvImport {
    /// One line for the admin: how many problems, and the first `shown` of them.
    #[must_use]
    pub fn problem_summary(&self, shown: usize) -> Option<String> {
        if self.problems.is_empty() {
            return None;
        }
        let skipped = self.problems.iter().filter(|problem| !problem.kept).count();
        let first: Vec<String> = self
            .problems
            .iter()
            .take(shown)
            .map(ToString::to_string)
            .collect();
        let more = self.problems.len().saturating_sub(shown);
        let more = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        Some(format!(
            "{} row problem(s) in the export ({skipped} row(s) skipped): {}{more}",
            self.problems.len(),
            first.join("; ")
        ))
    }
}

/// Why an export could not be read at all.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("cannot read the user export: {0}")]
    Read(#[from] FileError),
    #[error("cannot read the date of the user export {}: {reason}", path.display())]
    FileDate {
        path: PathBuf,
        #[source]
        reason: std::io::Error,
    },
    #[error(
        "{} is not an Atlassian \"Export users\" CSV: its header has no {}; export it from \
         admin.atlassian.com → Directory → Users → Export users (found columns: {})",
        path.display(),
        missing.join(" and no "),
        found.join(", ")
    )]
    NotAnExport {
        path: PathBuf,
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
    #[error("{} is empty: an export starts with a header line", path.display())]
    Empty { path: PathBuf },
}

/// Reads the export at `path` (at most [`MAX_EXPORT_BYTES`]) dated by the file's modification
/// time, for the org `org` (the export names no org).
pub fn read_export(path: &Path, org: Org) -> Result<CsvImport, ImportError> {
    let bytes = atomic::read_bounded(path, MAX_EXPORT_BYTES)?;
    let modified = std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .map_err(|reason| ImportError::FileDate {
            path: path.to_path_buf(),
            reason,
        })?;
    parse_export(&bytes, path, DateTime::<Utc>::from(modified), org)
}

/// Parses an export already in memory; `path` and `file_date` only label the result.
pub fn parse_export(
    bytes: &[u8],
    path: &Path,
    file_date: DateTime<Utc>,
    org: Org,
) -> Result<CsvImport, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        None => {
            return Err(ImportError::Empty {
                path: path.to_path_buf(),
            });
        }
        Some(Err(error)) => {
            return Err(not_an_export(
                path,
                Columns::default().missing(),
                vec![error.to_string()],
            ));
        }
    };
    let headers: Vec<String> = header
        .iter()
        .map(|field| String::from_utf8_lossy(field).into_owned())
        .collect();
    let columns = Columns::detect(headers.iter().map(String::as_str));
    let missing = columns.missing();
    if !missing.is_empty() {
        return Err(not_an_export(path, missing, headers));
    }
    let mut rows = Rows::new(&columns);
    for (index, record) in records.enumerate() {
        // The header is line 1; a record's own position is used when the reader knows it.
        let fallback = u64::try_from(index).map_or(u64::MAX, |index| index.saturating_add(2));
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(fallback, csv::Position::line);
                rows.skip(line, format!("not readable as CSV ({error})"));
                continue;
            }
        };
        let line = record.position().map_or(fallback, csv::Position::line);
        if record.len() != headers.len() {
            rows.skip(
                line,
                format!(
                    "it has {} fields where the header has {}",
                    record.len(),
                    headers.len()
                ),
            );
            continue;
        }
        let cells: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        match cells {
            Ok(cells) => rows.add(line, &cells),
            Err(_) => rows.skip(
                line,
                "it is not UTF-8 text (save the export as UTF-8 CSV)".to_owned(),
            ),
        }
    }
    let (users, groups, problems) = rows.finish();
    Ok(CsvImport {
        directory: Directory {
            org,
            directories: Vec::new(),
            domains: Vec::new(),
            groups,
            sites: Vec::new(),
            users,
            loaded_at: file_date,
            source: DataSource::CsvExport {
                path: path.to_path_buf(),
                file_date,
            },
        },
        problems,
    })
}

fn not_an_export(path: &Path, missing: Vec<&'static str>, found: Vec<String>) -> ImportError {
    ImportError::NotAnExport {
        path: path.to_path_buf(),
        missing,
        found: found.into_iter().map(|header| format!("{header:?}")).collect(),
    }
}

#[cfg(test)]
mod tests;
