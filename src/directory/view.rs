//! What the table shows: the rows a query matches, in sort order, with lane counts. Built from
//! the index in O(users) per keystroke; the TUI and the report read it, never re-sort it.

use super::index::DirectoryIndex;
use super::lane::Lane;
use super::marks::Marks;
use super::query::Query;
use super::rowset::RowSet;
use super::sort::SortKey;

/// Users per lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LaneCounts([usize; 4]);

impl LaneCounts {
    #[must_use]
    pub fn of(lanes: impl IntoIterator<Item = Lane>) -> Self {
        let mut counts = [0; 4];
        for lane in lanes {
            counts[lane.index()] += 1;
        }
        Self(counts)
    }

    #[must_use]
    pub fn get(&self, lane: Lane) -> usize {
        self.0[lane.index()]
    }

    #[must_use]
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// The visible rows (indices into `directory().users`) in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    rows: Vec<u32>,
    matched: RowSet,
    lane_counts: LaneCounts,
}

impl View {
    /// Filters with `query` and orders by `sort`.
    #[must_use]
    pub fn new(index: &DirectoryIndex, query: &Query, sort: &SortKey, marks: &Marks) -> Self {
        Self::from_matched(index, query.matches(index, marks), sort)
    }

    /// Orders an already evaluated filter (e.g. to re-sort without re-filtering).
    #[must_use]
    pub fn from_matched(index: &DirectoryIndex, matched: RowSet, sort: &SortKey) -> Self {
        let mut rows = Vec::with_capacity(matched.count());
        let mut counts = [0; 4];
        index.for_each_sorted(sort, &matched, |row| {
            rows.push(row);
            counts[index.lane(row).index()] += 1;
        });
        Self {
            rows,
            matched,
            lane_counts: LaneCounts(counts),
        }
    }

    /// Changes the order only; the filter result is kept.
    pub fn resort(&mut self, index: &DirectoryIndex, sort: &SortKey) {
        self.rows.clear();
        let rows = &mut self.rows;
        index.for_each_sorted(sort, &self.matched, |row| rows.push(row));
    }

    #[must_use]
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The filter result as a set (for "is this row visible").
    #[must_use]
    pub fn matched(&self) -> &RowSet {
        &self.matched
    }

    /// Lane sizes among the visible rows.
    #[must_use]
    pub fn lane_counts(&self) -> LaneCounts {
        self.lane_counts
    }

    /// Display position of `row`, to keep the cursor on the same user after a change.
    #[must_use]
    pub fn position_of(&self, row: u32) -> Option<usize> {
        self.rows.iter().position(|&r| r == row)
    }

    /// The rows between two display positions, inclusive, in either order (a range mark).
    #[must_use]
    pub fn range(&self, from: usize, to: usize) -> &[u32] {
        if self.rows.is_empty() {
            return &[];
        }
        let last = self.rows.len() - 1;
        let (low, high) = (from.min(to).min(last), from.max(to).min(last));
        &self.rows[low..=high]
    }

    /// Marked accounts the filter hides ("N marked, M hidden by the filter").
    #[must_use]
    pub fn hidden_marks(&self, index: &DirectoryIndex, marks: &Marks) -> usize {
        marks.hidden_by(index, &self.matched)
    }
}
