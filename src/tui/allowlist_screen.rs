//! `AllowlistScreen`: what the allowlist page (`A`) shows and where its cursor is: the entries of
//! the profile's file and of the config as last read from disk. Changed only by `update`; must
//! not read files (the runtime reads them and sends the listing back).

use super::layout;
use crate::store::allowlist_file::{AllowlistListing, ListedEntry};
use ratatui::layout::Rect;

/// Lines under the list that describe the selected entry (source, who, the whole reason).
pub const DETAIL_LINES: u16 = 3;

/// The allowlist page's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowlistScreen {
    /// The entries as last read; `None` until the first read answers.
    pub listing: Option<AllowlistListing>,
    /// Why the last read failed (the list, if any, is the one before).
    pub error: Option<String>,
    pub cursor: usize,
    /// First entry shown.
    pub offset: usize,
    /// A change is being written: another waits until it is on disk.
    pub busy: bool,
}

impl AllowlistScreen {
    /// The entry under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<&ListedEntry> {
        self.listing.as_ref()?.entries.get(self.cursor)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.listing.as_ref().map_or(0, |listing| listing.entries.len())
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries that fit in the page for a terminal of `area` (at least 1): the page's border,
    /// its column titles and the detail lines take the rest.
    #[must_use]
    pub fn rows_shown(area: Rect, filter_bar: bool) -> usize {
        let areas = layout::browse(area, filter_bar);
        let mut body = areas.table;
        if let Some(detail) = areas.detail {
            body = body.union(detail);
        }
        usize::from(body.height.saturating_sub(3 + DETAIL_LINES)).max(1)
    }

    /// Puts the cursor at `position` (clamped) and scrolls just enough to show it in `rows`.
    pub fn go_to(&mut self, position: usize, rows: usize) {
        let len = self.len();
        self.cursor = position.min(len.saturating_sub(1));
        self.offset = self.offset.min(len.saturating_sub(rows));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
    }

    /// Adopts a fresh listing, keeping the cursor near where it was.
    pub fn adopt(&mut self, listing: AllowlistListing, rows: usize) {
        self.listing = Some(listing);
        self.error = None;
        self.go_to(self.cursor, rows);
    }
}
