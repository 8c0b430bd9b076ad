//! `Event` (everything `update` reacts to) and `Msg` (facts reported back by effects). Owned
//! values only: nothing here is shared with the task that produced it.

use super::app::Prepared;
use super::failure::Failure;
use crate::api::LoadProgress;
use crate::batch::{BatchReport, CommitProgress, HistoryEntry, Plan};
use crate::directory::Exclusion;
use crate::store::allowlist_file::AllowlistListing;
use crate::types::BatchId;
use crate::warn::WarningRun;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use std::path::PathBuf;

/// One input to `update`.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved (ages on screen count from `now`).
    Tick(DateTime<Utc>),
    Msg(Msg),
}

/// What a background effect found out. Load messages carry their generation; stale ones are dropped.
/// Every failure carries its [`Failure`] kind (a refused key is not a full disk) and its text.
#[derive(Debug, Clone)]
pub enum Msg {
    LoadProgressed {
        generation: u64,
        progress: LoadProgress,
    },
    /// The saved snapshot, shown while the fresh load runs.
    CacheOpened {
        generation: u64,
        data: Box<Prepared>,
    },
    /// A warning about the snapshot (corrupt, another version): the load goes on without it.
    CacheIgnored {
        generation: u64,
        warning: String,
    },
    DirectoryLoaded {
        generation: u64,
        data: Box<Prepared>,
        summary: String,
    },
    LoadFailed {
        generation: u64,
        error: Failure,
    },
    MarksSaved,
    MarksSaveFailed {
        error: Failure,
    },
    ExclusionsSaved {
        count: usize,
    },
    /// The profile's filter history, oldest first; or why the file cannot be read (it is then
    /// left untouched for the session).
    FilterHistoryLoaded(Result<Vec<String>, Failure>),
    FilterHistorySaveFailed {
        error: Failure,
    },
    ExclusionsSaveFailed {
        error: Failure,
    },
    /// The fresh load could not be saved as a snapshot; only the next start's instant view is lost.
    SnapshotSaveFailed {
        error: Failure,
    },
    CommitProgressed(Box<CommitProgress>),
    /// A commit or resume run ended (or could not start: the error says why).
    CommitFinished(Result<Box<BatchReport>, Failure>),
    UnfinishedFound(Result<usize, Failure>),
    HistoryLoaded(Result<Vec<HistoryEntry>, Failure>),
    UndoPlanned {
        batch_id: BatchId,
        plan: Result<Box<Plan>, Failure>,
    },
    ResultsExported(Result<Vec<PathBuf>, Failure>),
    /// The view's CSV and JSON were written to these paths, with this many users.
    ViewExported(Result<(Vec<PathBuf>, usize), Failure>),
    /// The `IdP` handoff CSV is at `path`, with `rows` synced users.
    HandoffWritten(Result<(PathBuf, usize), Failure>),
    /// A warning run is on disk, with its notices CSV at `notices`.
    WarningsRecorded {
        run: Box<WarningRun>,
        notices: PathBuf,
    },
    WarningsFailed {
        error: Failure,
    },
    /// The allowlist page's entries as they are on disk (or why they could not be read).
    AllowlistRead(Result<Box<AllowlistListing>, Failure>),
    /// A removal or reason edit of an exclusion ended: the change (or why it was not made) and
    /// the entries as they are on disk after it, when they could be read.
    AllowlistChanged {
        result: Result<AllowlistEdit, Failure>,
        listing: Option<Box<AllowlistListing>>,
    },
    /// A warning run was withdrawn (or why not).
    WarningsWithdrawn(Result<Box<crate::warn::Withdrawal>, Failure>),
}

/// An exclusion changed on disk: `before` as it was, `after` (none when removed), and a note when
/// the change log could not be written (the change itself stands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistEdit {
    pub before: Exclusion,
    pub after: Option<Exclusion>,
    pub unlogged: Option<Failure>,
}
