//! A fixed-size set of row numbers (one bit per user) for filtering without per-user allocation.

/// Rows `0..len` of one loaded directory; bits past `len` are always clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSet {
    words: Vec<u64>,
    len: usize,
}

impl RowSet {
    #[must_use]
    pub fn empty(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    #[must_use]
    pub fn full(len: usize) -> Self {
        let mut set = Self {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        set.clear_tail();
        set
    }

    /// Builds the set of rows for which `keep` holds, a word at a time.
    #[must_use]
    pub fn from_predicate(len: usize, mut keep: impl FnMut(usize) -> bool) -> Self {
        let mut words = vec![0_u64; len.div_ceil(64)];
        for (word_index, word) in words.iter_mut().enumerate() {
            let base = word_index * 64;
            let mut bits = 0_u64;
            for bit in 0..64.min(len - base) {
                bits |= u64::from(keep(base + bit)) << bit;
            }
            *word = bits;
        }
        Self { words, len }
    }

    /// The number of rows the set ranges over (the directory size), not the number of members.
    #[must_use]
    pub fn universe(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn contains(&self, row: usize) -> bool {
        row < self.len && self.words[row / 64] & (1 << (row % 64)) != 0
    }

    pub fn insert(&mut self, row: usize) {
        if row < self.len {
            self.words[row / 64] |= 1 << (row % 64);
        }
    }

    #[must_use]
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn intersect_with(&mut self, other: &RowSet) {
        for (word, theirs) in self.words.iter_mut().zip(&other.words) {
            *word &= theirs;
        }
    }

    pub fn union_with(&mut self, other: &RowSet) {
        for (word, theirs) in self.words.iter_mut().zip(&other.words) {
            *word |= theirs;
        }
    }

    pub fn complement(&mut self) {
        for word in &mut self.words {
            *word = !*word;
        }
        self.clear_tail();
    }

    /// Member rows in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(word_index, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(word_index * 64 + bit)
            })
        })
    }

    fn clear_tail(&mut self) {
        let used = self.len % 64;
        if used != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1 << used) - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complement_and_counts_respect_the_universe() {
        let mut set = RowSet::from_predicate(130, |row| row % 3 == 0);
        assert_eq!(set.count(), 44);
        set.complement();
        assert_eq!(set.count(), 86);
        assert!(!set.contains(129) && set.contains(128) && !set.contains(130));
        assert_eq!(RowSet::full(130).count(), 130);
        assert_eq!(RowSet::full(128).count(), 128);
        let mut both = RowSet::full(130);
        both.intersect_with(&set);
        assert_eq!(both, set);
        let mut any = RowSet::empty(130);
        any.union_with(&set);
        assert_eq!(any.iter().count(), 86);
        assert_eq!(any.iter().next(), Some(1));
    }
}
