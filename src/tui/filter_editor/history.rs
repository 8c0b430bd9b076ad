//! `FilterHistory`: the filters this profile applied, oldest first, as the console holds them
//! while the file (`store::filter_history`) is read at start and rewritten after each new one.
//! Decides when a save is due; must not do the I/O (effects do).

use crate::store::filter_history::remember;

/// Whether the history file has been read, and whether it may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// The file is being read; filters applied meanwhile are merged when it arrives.
    Loading,
    /// Read: every new filter rewrites the file.
    Loaded,
    /// The file could not be read (damaged, newer, unreadable): it is left as it is, and this
    /// session's filters are kept in memory only.
    Unsaved,
}

/// The filter history of the session's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterHistory {
    /// Oldest first, without repeats.
    pub entries: Vec<String>,
    pub stored: Stored,
}

impl Default for FilterHistory {
    fn default() -> FilterHistory {
        FilterHistory {
            entries: Vec::new(),
            stored: Stored::Loading,
        }
    }
}

impl FilterHistory {
    /// Remembers an applied filter; returns the list to save when the file should be rewritten.
    pub fn record(&mut self, filter: &str) -> Option<Vec<String>> {
        let changed = remember(&mut self.entries, filter);
        (changed && self.stored == Stored::Loaded).then(|| self.entries.clone())
    }

    /// The file's filters arrived: this session's go after them (they are newer). Returns the
    /// list to save when the session already added some.
    pub fn loaded(&mut self, stored: Vec<String>) -> Option<Vec<String>> {
        let session = std::mem::replace(&mut self.entries, stored);
        self.stored = Stored::Loaded;
        let mut changed = false;
        for filter in &session {
            changed |= remember(&mut self.entries, filter);
        }
        changed.then(|| self.entries.clone())
    }

    /// The file could not be read: keep it untouched for the rest of the session.
    pub fn unreadable(&mut self) {
        self.stored = Stored::Unsaved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_applied_before_the_file_arrives_are_merged_and_saved_then() {
        let mut history = FilterHistory::default();
        assert_eq!(history.record("lane:ready"), None, "not saved while loading");
        let saved = history.loaded(vec!["lane:ready".into(), "idle:>90".into()]);
        assert_eq!(saved, Some(vec!["idle:>90".to_owned(), "lane:ready".to_owned()]));
        assert_eq!(history.record("lane:ready"), None, "already the newest");
        assert_eq!(
            history.record("idle:>90"),
            Some(vec!["lane:ready".to_owned(), "idle:>90".to_owned()])
        );
        let mut fresh = FilterHistory::default();
        assert_eq!(fresh.loaded(vec!["a".into()]), None, "nothing new: no write");
    }

    #[test]
    fn an_unreadable_file_is_never_written() {
        let mut history = FilterHistory::default();
        history.unreadable();
        assert_eq!(history.record("lane:ready"), None);
        assert_eq!(history.entries, ["lane:ready"], "still walkable this session");
    }
}
