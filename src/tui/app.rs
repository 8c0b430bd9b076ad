//! `App`: every piece of state the console shows, owned by the UI task alone. Changed only by
//! `update`; read by `render`. Must not do I/O or hold anything shared with background tasks.

use super::action::Mode;
use super::allowlist_screen::AllowlistScreen;
use super::batch_state::BatchUi;
use super::filter_editor::FilterEditor;
use super::filter_editor::history::FilterHistory;
use super::group_picker::GroupPicker;
use super::insight::Insight;
use super::keymap::Keymap;
use super::layout;
use super::selection::Selection;
use super::theme::Theme;
use crate::directory::{
    AccountId, DirectoryIndex, Exclusion, Exclusions, Impact, Marks, Policy, ProductKey, Query, QueryError,
    SortColumn, SortKey, View,
};
use crate::report::Report;
use crate::store::config::SavedView;
use crate::types::{BatchCap, BatchId, OrgId};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use std::collections::BTreeMap;

/// How the session was started: what the console may do and how it labels itself.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap,
    pub policy: Policy,
    pub exclusions: Exclusions,
    /// No key can mark (`--read-only` or config).
    pub read_only: bool,
    /// Marks are written to a directory that outlives the session (false for `dormant demo`,
    /// whose directories are deleted at exit), so quitting with marks asks first.
    pub marks_survive_exit: bool,
    /// Shown until the org's own name is loaded: the org id, or "demo".
    pub label: String,
    pub theme: Theme,
    /// Most accounts one batch may act on (the profile's cap).
    pub cap: BatchCap,
    /// Every view by name (the built-in ones and the config's `[views.NAME]`): the view picker.
    pub views: BTreeMap<String, SavedView>,
}

/// Where the data on screen came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The snapshot of an earlier run, saved at this time; a fresh load may be running.
    Cache { saved_at: DateTime<Utc> },
    /// Loaded from the API at this time.
    Live { loaded_at: DateTime<Utc> },
    /// Read from an Atlassian "Export users" CSV last written at this time (the file's path is
    /// the directory's `DataSource::CsvExport`).
    CsvExport { file_date: DateTime<Utc> },
}

/// A directory ready for the screen: built off the UI task, adopted whole by `update`.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub index: DirectoryIndex,
    pub origin: Origin,
    /// The revision of the session's exclusions the index was classified with; an older one is
    /// classified again on arrival.
    pub exclusions_revision: u64,
    /// Marks saved by an earlier session for this org (first data of the session only).
    pub saved_marks: Option<Marks>,
}

/// The loaded directory with everything derived from it that the screen shows.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub index: DirectoryIndex,
    pub origin: Origin,
    pub view: View,
    pub impact: Impact,
    /// Product keys of the org, sorted: product columns and sort choices.
    pub products: Vec<ProductKey>,
}

impl Loaded {
    /// The user row under `cursor`, if the view has one there.
    #[must_use]
    pub fn row_at(&self, cursor: usize) -> Option<u32> {
        self.view.rows().get(cursor).copied()
    }

    #[must_use]
    pub fn report(&self) -> Report<'_> {
        Report::with_products(&self.index, &self.products)
    }
}

/// What a running or finished load looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Running {
        requests: u64,
        users: usize,
        total: Option<u64>,
        phase: &'static str,
    },
    Failed(String),
}

/// The full-screen page in front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Browse,
    Details,
    Insight,
    /// The help page, listing the keys of `of` (the screen it was opened from) first.
    Help {
        scroll: u16,
        of: Mode,
    },
    /// The pending batch's preview (`p`), where it is confirmed.
    Preview,
    /// Every outcome of the last batch.
    Results,
    /// Batches run from this machine (`H`).
    History,
    /// Every exclusion and allowlist entry (`A`).
    Allowlist,
}

/// A one-line editor for the prompts (exclude reason, grace days, count); the caret is always at
/// the end. The filter bar has a full editor, [`FilterEditor`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
}

/// What a confirmation popup will do on `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    ClearMarks,
    /// Commit the pending batch (20 users or fewer).
    Commit,
    /// Resume the unfinished batches found at start.
    Resume,
    /// Stop the running batch after the account in flight (and then quit, when asked by quit).
    StopBatch {
        then_quit: bool,
    },
    /// Withdraw warning run `run` (`warned` records, `mailed` of them delivered by dormant).
    Withdraw {
        run: BatchId,
        warned: usize,
        mailed: usize,
    },
    /// Remove the exclusion `shown` (as the allowlist page showed it) from the profile's file.
    RemoveExclusion {
        shown: Exclusion,
    },
}

/// A popup over the screen that takes every key until it closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Filter(FilterEditor),
    Sort {
        selected: usize,
    },
    /// The reason for excluding `selection` (switchable between all marks, the visible ones and
    /// the cursor row).
    Exclude {
        reason: LineInput,
        selection: Selection,
    },
    /// Confirming a warning of `selection`, with the grace period in days as typed.
    Warn {
        days: LineInput,
        selection: Selection,
    },
    Confirm(Confirm),
    /// Confirming a batch of more than 20 users: the admin types how many.
    TypeCount {
        input: LineInput,
        expected: usize,
    },
    /// A new reason for the exclusion `shown` (the allowlist page).
    Reason {
        input: LineInput,
        shown: Exclusion,
    },
    /// The view picker, on the `selected`th view of `Settings::views` (name order).
    Views {
        selected: usize,
    },
    /// The group picker.
    Groups(Box<GroupPicker>),
}

/// The view last applied from the picker, with the filter and sort it set: it is "in force"
/// while both are still what it set (a filter or sort changed by hand ends it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveView {
    pub name: String,
    pub filter: String,
    /// `None`: the view names no sort and the table kept its own.
    pub sort: Option<SortKey>,
}

/// How much a status message matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// The filter as typed, the last query that parsed (the one applied) and the current error.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub text: String,
    pub applied: Query,
    pub error: Option<QueryError>,
}

/// The console's whole state.
#[derive(Debug, Clone)]
pub struct App {
    pub settings: Settings,
    pub data: Option<Loaded>,
    pub load: LoadState,
    /// Bumped by every load request; messages of older loads are dropped.
    pub generation: u64,
    pub fresh_generation: Option<u64>,
    pub filter: Filter,
    /// The filters this profile applied (↑/↓ in the filter bar), kept across sessions.
    pub filter_history: FilterHistory,
    pub sort: SortKey,
    pub marks: Marks,
    pub marks_restored: bool,
    /// Set when saving marks failed; cleared by the next successful save.
    pub marks_save_error: Option<String>,
    pub exclusions: Exclusions,
    pub exclusions_revision: u64,
    pub cursor: usize,
    /// First visible table row.
    pub offset: usize,
    pub range_anchor: Option<AccountId>,
    pub screen: Screen,
    pub popup: Option<Popup>,
    pub status: Option<(Level, String)>,
    /// The view applied from the picker (see [`App::view_in_force`]).
    pub active_view: Option<ActiveView>,
    pub insight: Option<Insight>,
    pub batch: BatchUi,
    /// The allowlist page (`A`).
    pub allowlist: AllowlistScreen,
    pub area: Rect,
    pub now: DateTime<Utc>,
    pub quit: bool,
}

impl App {
    /// A console with nothing loaded yet, sized `area`, at `now`.
    #[must_use]
    pub fn new(settings: Settings, area: Rect, now: DateTime<Utc>) -> App {
        let exclusions = settings.exclusions.clone();
        App {
            settings,
            data: None,
            load: LoadState::Idle,
            generation: 0,
            fresh_generation: None,
            filter: Filter::default(),
            filter_history: FilterHistory::default(),
            sort: SortKey {
                column: SortColumn::DaysIdle,
                descending: true,
            },
            marks: Marks::default(),
            marks_restored: false,
            marks_save_error: None,
            exclusions,
            exclusions_revision: 0,
            cursor: 0,
            offset: 0,
            range_anchor: None,
            screen: Screen::Browse,
            popup: None,
            status: None,
            active_view: None,
            insight: None,
            batch: BatchUi::default(),
            allowlist: AllowlistScreen::default(),
            area,
            now,
            quit: false,
        }
    }

    /// The directory row under the cursor.
    #[must_use]
    pub fn cursor_row(&self) -> Option<u32> {
        self.data.as_ref().and_then(|data| data.row_at(self.cursor))
    }

    /// Table rows that fit on screen (at least 1).
    #[must_use]
    pub fn page_rows(&self) -> usize {
        layout::browse(self.area, self.filter_bar_shown()).table_body_rows()
    }

    /// The filter bar shows while editing or while a filter is applied.
    #[must_use]
    pub fn filter_bar_shown(&self) -> bool {
        matches!(self.popup, Some(Popup::Filter(_))) || !self.filter.text.is_empty()
    }

    /// Whether quitting now would lose marks, so `q` asks first.
    #[must_use]
    pub fn quitting_loses_marks(&self) -> bool {
        !self.marks.is_empty() && (!self.settings.marks_survive_exit || self.marks_save_error.is_some())
    }

    /// The columns the sort chooser lists: the fixed ones, then last activity per org product.
    #[must_use]
    pub fn sort_choices(&self) -> Vec<SortColumn> {
        let mut choices = vec![
            SortColumn::DaysIdle,
            SortColumn::LastActive,
            SortColumn::Name,
            SortColumn::Email,
            SortColumn::Lane,
            SortColumn::Type,
            SortColumn::Status,
            SortColumn::Groups,
            SortColumn::AddedToOrg,
        ];
        if let Some(data) = &self.data {
            choices.extend(data.products.iter().cloned().map(SortColumn::LastActiveOn));
        }
        choices
    }

    /// The loaded org's id, once known. Every loader hands over the org it was asked for (the
    /// configured or discovered id, or the export placeholder), so the directory's id is one;
    /// `None` as well if a server's org record ever named an unusable id (marks are then kept for
    /// the session only, as before the first load).
    #[must_use]
    pub fn org_id(&self) -> Option<OrgId> {
        let data = self.data.as_ref()?;
        OrgId::try_from(data.index.directory().org.id.clone()).ok()
    }

    /// The keymap mode the next key is read in: the open popup's, else the page's (the details
    /// and insight pages read the browse keys).
    #[must_use]
    pub fn key_mode(&self) -> Mode {
        match (&self.popup, self.screen) {
            (Some(Popup::Filter(_)), _) => Mode::Filter,
            (Some(Popup::Sort { .. }), _) => Mode::Sort,
            (Some(Popup::Exclude { .. }), _) => Mode::Exclude,
            (Some(Popup::Warn { .. }), _) => Mode::Warn,
            (Some(Popup::Confirm(_)), _) => Mode::Confirm,
            (Some(Popup::TypeCount { .. }), _) => Mode::TypeCount,
            (Some(Popup::Reason { .. }), _) => Mode::Reason,
            (Some(Popup::Views { .. }), _) => Mode::ViewPicker,
            (Some(Popup::Groups(_)), _) => Mode::GroupPicker,
            (None, Screen::Preview) => Mode::Preview,
            (None, Screen::Results) => Mode::Results,
            (None, Screen::History) => Mode::History,
            (None, Screen::Allowlist) => Mode::Allowlist,
            (None, Screen::Help { .. }) => Mode::Help,
            (None, Screen::Browse | Screen::Details | Screen::Insight) => Mode::Browse,
        }
    }

    /// The name of the view applied from the picker while its filter and sort are unchanged.
    #[must_use]
    pub fn view_in_force(&self) -> Option<&str> {
        let view = self.active_view.as_ref()?;
        let same_sort = view.sort.as_ref().is_none_or(|sort| *sort == self.sort);
        (view.filter == self.filter.text && same_sort).then_some(view.name.as_str())
    }

    pub(crate) fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some((level, text.into()));
    }
}
