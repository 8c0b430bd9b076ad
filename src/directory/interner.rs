//! Sharing of repeated id text while a directory is built: every user of a group, directory or
//! product holds the same `Arc<str>` instead of a copy (at 100,000 users the copies alone were
//! ~50 MiB). Used by whatever builds a `Directory` (the API conversion); must not do I/O or know
//! where the text came from.

use std::collections::HashSet;
use std::sync::Arc;

/// The texts seen so far, each once. Lives for one load: dropping it leaves the shared texts with
/// the users that hold them.
#[derive(Debug, Default)]
pub struct Interner {
    texts: HashSet<Arc<str>>,
}

impl Interner {
    /// The shared copy of `text`, made on first sight.
    pub fn share(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.texts.get(text) {
            return Arc::clone(known);
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(Arc::clone(&shared));
        shared
    }

    /// An id newtype (`GroupId`, `ProductKey`, …) holding the shared copy of `text`.
    pub fn id<T: From<Arc<str>>>(&mut self, text: &str) -> T {
        T::from(self.share(text))
    }

    /// Distinct texts held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{GroupId, ProductKey};

    #[test]
    fn equal_texts_share_one_allocation() {
        let mut interner = Interner::default();
        let first: GroupId = interner.id("g-1");
        let again: GroupId = interner.id(&String::from("g-1"));
        let other: GroupId = interner.id("g-2");
        assert_eq!(first, again);
        assert!(std::ptr::eq(first.as_str(), again.as_str()));
        assert!(!std::ptr::eq(first.as_str(), other.as_str()));
        assert_eq!(interner.len(), 2);
    }

    #[test]
    fn different_id_kinds_share_equal_text() {
        let mut interner = Interner::default();
        let group: GroupId = interner.id("jira");
        let product: ProductKey = interner.id("jira");
        assert!(std::ptr::eq(group.as_str(), product.as_str()));
        assert_eq!(product.as_str(), "jira");
        assert_eq!(interner.len(), 1);
    }
}
