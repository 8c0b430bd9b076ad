//! One precomputed ordering of all rows for one column, readable ascending or descending in
//! O(n) without comparing anything: equal keys form runs kept in name order both ways.

use crate::directory::rowset::RowSet;

/// Rows sorted by (key, name rank); `run_starts` has a bit at each position where the key
/// changes (a bit per row rather than a list, since many columns have near-unique keys).
#[derive(Debug, Clone)]
pub(crate) struct SortOrder {
    order: Vec<u32>,
    run_starts: RowSet,
}

impl Default for SortOrder {
    fn default() -> Self {
        Self {
            order: Vec::new(),
            run_starts: RowSet::empty(0),
        }
    }
}

impl SortOrder {
    /// Sorts rows by `keys[row]`, ties by name rank. `by_name[rank]` is the row of that rank
    /// (ranks order rows by name, then account id, so the result is total). Keys and ranks are
    /// packed into one integer per row, so the sort compares machine words only.
    pub(crate) fn by_key(keys: impl Iterator<Item = u64>, name_rank: &[u32], by_name: &[u32]) -> Self {
        let mut packed: Vec<u128> = keys
            .zip(name_rank)
            .map(|(key, &rank)| (u128::from(key) << 32) | u128::from(rank))
            .collect();
        packed.sort_unstable();
        let order = packed
            .iter()
            .map(|&p| by_name[(p & 0xffff_ffff) as usize])
            .collect();
        let run_starts = runs(packed.len(), |a, b| packed[a] >> 32 == packed[b] >> 32);
        Self { order, run_starts }
    }

    /// Adopts an order sorted by the caller; `same_key(a, b)` tells whether two neighbouring
    /// rows (by row number) share a key.
    pub(crate) fn from_sorted(order: Vec<u32>, same_key: impl Fn(u32, u32) -> bool) -> Self {
        let run_starts = runs(order.len(), |a, b| same_key(order[a], order[b]));
        Self { order, run_starts }
    }

    /// Calls `visit` with every row: keys ascending, or descending with ties still in name order.
    pub(crate) fn for_each(&self, descending: bool, mut visit: impl FnMut(u32)) {
        if !descending {
            self.order.iter().for_each(|&row| visit(row));
            return;
        }
        let mut end = self.order.len();
        for start in (0..end).rev() {
            if self.run_starts.contains(start) {
                self.order[start..end].iter().for_each(|&row| visit(row));
                end = start;
            }
        }
    }

    /// Rows in ascending order (the name column doubles as the name-rank → row table).
    pub(crate) fn rows(&self) -> &[u32] {
        &self.order
    }
}

/// The positions, among `len` sorted ones, where a run of equal keys starts.
fn runs(len: usize, same: impl Fn(usize, usize) -> bool) -> RowSet {
    RowSet::from_predicate(len, |at| at == 0 || !same(at - 1, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(order: &SortOrder, descending: bool) -> Vec<u32> {
        let mut rows = Vec::new();
        order.for_each(descending, |row| rows.push(row));
        rows
    }

    #[test]
    fn descending_reverses_keys_but_keeps_ties_in_name_order() {
        let keys = [2, 1, 2, 1, 3];
        let name_rank = [4, 3, 2, 1, 0];
        let by_name = [4, 3, 2, 1, 0];
        let order = SortOrder::by_key(keys.into_iter(), &name_rank, &by_name);
        assert_eq!(collect(&order, false), vec![3, 1, 2, 0, 4]);
        assert_eq!(collect(&order, true), vec![4, 2, 0, 3, 1]);
        let empty = SortOrder::by_key(std::iter::empty(), &[], &[]);
        assert_eq!(collect(&empty, true), Vec::<u32>::new());
        let sorted = SortOrder::from_sorted(vec![2, 0, 1], |a, b| a.min(b) == 0 && a.max(b) == 1);
        assert_eq!(collect(&sorted, true), vec![0, 1, 2]);
    }
}
