//! Cursor paging over a listing's order: one page of matching positions plus where the next and
//! previous pages start. Owns the scan only; must not know what is being listed.
//!
//! The scan resumes at a stored position, so each page costs the distance to the next page's first
//! match, never the whole listing: paging 100,000 users is linear in total.

/// One page: the matching positions, in order, and the positions the neighbouring pages start at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub positions: Vec<usize>,
    /// Position of the first match after this page; `None` on the last page.
    pub next: Option<usize>,
    /// Position the previous page starts at; `None` on the first page.
    pub prev: Option<usize>,
}

/// Scans `forward` (positions at or after the page start, ascending) for `limit` matches and one
/// more, and `backward` (positions before the start, descending) for the previous page's start.
pub fn scan_page(
    forward: impl Iterator<Item = usize>,
    backward: impl Iterator<Item = usize>,
    limit: usize,
    mut matches: impl FnMut(usize) -> bool,
) -> Page {
    let mut positions = Vec::with_capacity(limit.min(1024));
    let mut next = None;
    for position in forward {
        if !matches(position) {
            continue;
        }
        if positions.len() == limit {
            next = Some(position);
            break;
        }
        positions.push(position);
    }
    let mut prev = None;
    let mut seen = 0;
    for position in backward {
        if matches(position) {
            prev = Some(position);
            seen += 1;
            if seen == limit {
                break;
            }
        }
    }
    Page {
        positions,
        next,
        prev,
    }
}

/// Forward and backward position iterators over `0..len` split at `start`.
pub fn range_split(
    start: usize,
    len: usize,
) -> (std::ops::Range<usize>, std::iter::Rev<std::ops::Range<usize>>) {
    let start = start.min(len);
    (start..len, (0..start).rev())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(start: usize, limit: usize) -> Page {
        let (forward, backward) = range_split(start, 10);
        scan_page(forward, backward, limit, |position| position % 2 == 0)
    }

    #[test]
    fn pages_through_matches_with_next_and_prev() {
        assert_eq!(
            page(0, 2),
            Page {
                positions: vec![0, 2],
                next: Some(4),
                prev: None
            }
        );
        assert_eq!(
            page(4, 2),
            Page {
                positions: vec![4, 6],
                next: Some(8),
                prev: Some(0)
            }
        );
        assert_eq!(
            page(8, 2),
            Page {
                positions: vec![8],
                next: None,
                prev: Some(4)
            }
        );
        assert_eq!(
            page(50, 2),
            Page {
                positions: vec![],
                next: None,
                prev: Some(6)
            }
        );
    }
}
