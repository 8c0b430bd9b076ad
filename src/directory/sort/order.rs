//! One precomputed ordering of all rows for one column, readable ascending or descending in
//! O(n) without comparing anything: equal keys form runs kept in name order both ways.

/// Rows sorted by (key, name rank); `run_starts` marks where the key changes.
#[derive(Debug, Clone, Default)]
pub(crate) struct SortOrder {
    order: Vec<u32>,
    run_starts: Vec<u32>,
}

impl SortOrder {
    /// Sorts rows by `keys[row]`, ties by `name_rank[row]` (a total order: name, then account id).
    pub(crate) fn build<K: Ord>(keys: &[K], name_rank: &[u32]) -> Self {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            keys[a].cmp(&keys[b]).then(name_rank[a].cmp(&name_rank[b]))
        });
        let mut run_starts = Vec::new();
        for (position, pair) in order.windows(2).enumerate() {
            if keys[pair[0] as usize] != keys[pair[1] as usize] {
                run_starts.push(position as u32 + 1);
            }
        }
        if !order.is_empty() {
            run_starts.insert(0, 0);
        }
        order.shrink_to_fit();
        run_starts.shrink_to_fit();
        Self { order, run_starts }
    }

    /// Calls `visit` with every row: keys ascending, or descending with ties still in name order.
    pub(crate) fn for_each(&self, descending: bool, mut visit: impl FnMut(u32)) {
        if !descending {
            self.order.iter().for_each(|&row| visit(row));
            return;
        }
        let mut end = self.order.len();
        for &start in self.run_starts.iter().rev() {
            let start = start as usize;
            self.order[start..end].iter().for_each(|&row| visit(row));
            end = start;
        }
    }
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
        let order = SortOrder::build(&keys, &name_rank);
        assert_eq!(collect(&order, false), vec![3, 1, 2, 0, 4]);
        assert_eq!(collect(&order, true), vec![4, 2, 0, 3, 1]);
        assert_eq!(
            collect(&SortOrder::build::<u8>(&[], &[]), true),
            Vec::<u32>::new()
        );
    }
}
