//! `dormant summary`: a report for whoever pays. Seats and ESTIMATED monthly spend per product and
//! site, billable seats by idle band, what cleaning up the cleanup-ready lane would save (the
//! console's `Impact` arithmetic), the last quarter's batches and warning runs with the seats they
//! freed, and what is pending. Rendered as Markdown or as one self-contained HTML file.
//!
//! Pure: the caller loads the directory, reads the history and passes the clock in; this module
//! writes only to the writer it is given. Both formats are drawn from one [`doc::Doc`], so they
//! never disagree, and every org-provided string is escaped for the format it lands in.

mod chart;
mod cleanup;
pub mod doc;
pub mod escape;
mod history;
mod html;
mod markdown;
mod spend;

pub use history::{
    BatchFacts, BatchLine, Deadline, Handoff, Pending, QUARTER_DAYS, Quarter, WarnLine, pending_of,
    quarter_of,
};
pub use spend::{Band, BandCount, ProductSpend, SITE_NOT_REPORTED, SiteSpend, Spend, spend_of};

use crate::directory::{DataSource, DirectoryIndex, Impact, Lane, Marks, RowSet};
use chrono::{DateTime, Utc};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// Everything the summary shows, computed once; both formats render this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub org_name: String,
    /// Where the data came from, in words (org-provided parts included: escape when rendering).
    pub source: String,
    pub data_loaded_at: DateTime<Utc>,
    pub generated_at: DateTime<Utc>,
    pub currency: String,
    pub spend: Spend,
    /// Users in the cleanup-ready lane.
    pub cleanup_ready: usize,
    /// What suspending every cleanup-ready user would free: `Impact::of` over them, as the
    /// console's header shows it for the same marks.
    pub cleanup: Impact,
    /// The same saving split per site (seats counted like the impact; `free` is always 0).
    pub cleanup_sites: Vec<SiteSpend>,
    pub quarter: Quarter,
    pub pending: Pending,
}

impl Summary {
    /// The summary of `index` with the runs in `facts` (this machine's history), at `now`:
    /// idle days count to the data's instant, the quarter and the deadlines to `now`.
    #[must_use]
    pub fn build(index: &DirectoryIndex, facts: &[BatchFacts], now: DateTime<Utc>) -> Summary {
        let directory = index.directory();
        let ready: Vec<u32> = (0..u32::try_from(index.len()).unwrap_or(u32::MAX))
            .filter(|&row| index.lane(row) == Lane::CleanupReady)
            .collect();
        let mut marks = Marks::default();
        marks.mark_rows(index, &ready);
        let cleanup = Impact::of(index, &marks, &RowSet::full(index.len()));
        Summary {
            org_name: directory.org.name.clone(),
            source: match &directory.source {
                // No URL: the page must not link anywhere, and the address adds nothing for its reader.
                DataSource::Api { .. } => "the admin API".to_owned(),
                DataSource::Cache { .. } => "the snapshot saved by the last online run".to_owned(),
                DataSource::CsvExport { path, .. } => format!("the admin CSV export {}", path.display()),
            },
            data_loaded_at: directory.loaded_at,
            generated_at: now,
            // The config checks only that the currency has no blank; it is shown beside every
            // figure, so anything but letters and digits is dropped.
            currency: index
                .policy()
                .prices
                .currency
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect(),
            spend: spend_of(index),
            cleanup_ready: ready.len(),
            cleanup_sites: cleanup::cleanup_sites(index, &ready),
            cleanup,
            quarter: quarter_of(index, facts, now),
            pending: pending_of(index, facts, now),
        }
    }
}

/// Output format of `dormant summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SummaryFormat {
    /// GitHub-flavoured Markdown tables.
    #[default]
    Markdown,
    /// One self-contained HTML file with inline CSS and SVG charts.
    Html,
}

impl SummaryFormat {
    pub const ALL: [SummaryFormat; 2] = [SummaryFormat::Markdown, SummaryFormat::Html];

    /// The spelling on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SummaryFormat::Markdown => "md",
            SummaryFormat::Html => "html",
        }
    }
}

impl fmt::Display for SummaryFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `--format` value that is neither `md` nor `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown summary format {given:?}; use md or html")]
pub struct UnknownSummaryFormat {
    pub given: String,
}

impl FromStr for SummaryFormat {
    type Err = UnknownSummaryFormat;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(SummaryFormat::Markdown),
            "html" => Ok(SummaryFormat::Html),
            _ => Err(UnknownSummaryFormat {
                given: text.to_owned(),
            }),
        }
    }
}

/// Writes `summary` in `format`.
pub fn render(summary: &Summary, format: SummaryFormat, out: &mut dyn Write) -> io::Result<()> {
    let doc = doc::Doc::of(summary);
    match format {
        SummaryFormat::Markdown => markdown::write(&doc, out),
        SummaryFormat::Html => html::write(&doc, out),
    }
}
