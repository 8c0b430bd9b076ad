//! `dormant summary`: loads the org like `dormant report` (API, `--offline` snapshot or
//! `--from-csv`), reads this machine's batch history, and writes the summary for whoever pays as
//! Markdown or self-contained HTML, to stdout or atomically to `-o FILE`. Wiring only: figures
//! and rendering live in `report::summary`, history in `batch`, files in `store`.

use super::report::{ReportError, load_directory};
use super::settings::{ApiArgs, GlobalArgs, Settings};
use crate::batch::{BatchStore, HistoryEntry, HistoryError};
use crate::report::summary::{self, BatchFacts, QUARTER_DAYS, Summary, SummaryFormat};
use crate::store::AuditAction;
use crate::store::{FileError, atomic};
use chrono::{DateTime, Duration, Utc};
use clap::Args;
use std::io::{self, BufWriter, Write as _};
use std::path::PathBuf;
use thiserror::Error;

/// Flags of `dormant summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Output format: md (Markdown tables) or html (one self-contained page with charts).
    #[arg(long, default_value_t = SummaryFormat::Markdown)]
    format: SummaryFormat,
    /// Write to FILE (replaced atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Summarise the snapshot saved by the last online run, without calling the API.
    #[arg(long)]
    offline: bool,
    /// Summarise Atlassian's admin "Export users" CSV instead of the API (no key needed).
    #[arg(long, value_name = "FILE", conflicts_with = "offline")]
    from_csv: Option<PathBuf>,
    #[command(flatten)]
    api: ApiArgs,
}

/// Why `dormant summary` wrote no summary.
#[derive(Debug, Error)]
pub enum SummaryError {
    #[error(transparent)]
    Load(#[from] ReportError),
    #[error("could not read this machine's batch history for the summary: {0}")]
    History(#[from] HistoryError),
    #[error("could not write the summary: {0}")]
    File(#[from] FileError),
    #[error("could not write the summary to stdout: {0}")]
    Stdout(#[source] io::Error),
}

impl SummaryError {
    /// Whether the command line or environment is what needs fixing (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Load(error) => error.is_usage(),
            Self::History(_) | Self::File(_) | Self::Stdout(_) => false,
        }
    }
}

/// Runs `dormant summary` to completion.
pub async fn run(args: SummaryArgs, global: &GlobalArgs) -> Result<(), SummaryError> {
    let settings = Settings::load(global, &args.api).map_err(ReportError::from)?;
    let directory = load_directory(&settings, args.from_csv.as_deref(), args.offline).await?;
    let index = settings.index(directory);
    let now = Utc::now();
    let since = now - Duration::days(QUARTER_DAYS);
    let facts = history_facts(&BatchStore::new(&settings.paths), since)?;
    let summary = Summary::build(&index, &facts, now);
    match &args.output {
        Some(path) => {
            atomic::write_with(path, |out| summary::render(&summary, args.format, out))?;
            let mut stderr = io::stderr().lock();
            if writeln!(stderr, "dormant: summary written to {}", path.display()).is_err() {
                // The file is written; a closed stderr only loses this note.
            }
            Ok(())
        }
        None => write_stdout(&summary, args.format),
    }
}

/// Every run of the history; batches started since `since` with their journal and their `IdP`
/// handoff file when written (older ones are not shown, so their journals are not read). A
/// journal that cannot be read leaves that batch's seats unknown instead of failing the summary.
pub fn history_facts(store: &BatchStore, since: DateTime<Utc>) -> Result<Vec<BatchFacts>, HistoryError> {
    let entries: Vec<HistoryEntry> = store.history()?;
    Ok(entries
        .into_iter()
        .map(|entry| {
            let journaled = !matches!(entry.action, AuditAction::Warn | AuditAction::Withdraw);
            if !journaled || entry.started_at < since {
                return BatchFacts::new(entry, None, None);
            }
            let journal = store.read(&entry.batch_id).ok();
            let handoff = entry.journal.with_extension("idp-handoff.csv");
            let handoff = handoff.is_file().then_some(handoff);
            BatchFacts::new(entry, journal.as_ref(), handoff)
        })
        .collect())
}

/// Writes to stdout through one buffered writer; a reader that stops early is a normal end.
fn write_stdout(summary: &Summary, format: SummaryFormat) -> Result<(), SummaryError> {
    let mut out = BufWriter::new(io::stdout().lock());
    match summary::render(summary, format, &mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            drop(out.into_parts());
            Ok(())
        }
        result => result.map_err(SummaryError::Stdout),
    }
}
