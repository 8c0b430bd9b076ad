//! Where the lane rules put reasons: collected for display, or only tallied when just the lane is
//! needed (every load classifies the whole org; reasons are built for the rows that are shown).

use super::reason::Reason;

pub(crate) trait ReasonSink {
    /// Records one reason; `reason` runs only if the sink keeps reasons.
    fn add(&mut self, reason: impl FnOnce() -> Reason);
    fn count(&self) -> usize;
}

impl ReasonSink for Vec<Reason> {
    fn add(&mut self, reason: impl FnOnce() -> Reason) {
        self.push(reason());
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// Counts reasons without building them.
#[derive(Debug, Default)]
pub(crate) struct Tally(pub(crate) usize);

impl ReasonSink for Tally {
    fn add(&mut self, _reason: impl FnOnce() -> Reason) {
        self.0 += 1;
    }

    fn count(&self) -> usize {
        self.0
    }
}
