//! `Insight`: the shape of the problem over the filtered users (an idle-time histogram and billable
//! seats by product), computed once by `update` when the view changes, never while drawing.

use crate::directory::{Activity, DirectoryIndex, Lane, ProductKey, View};

/// Idle-time buckets, in display order.
pub const BUCKETS: [&str; 8] = [
    "0–30 d",
    "30–60 d",
    "60–90 d",
    "90–180 d",
    "180–365 d",
    "> 365 d",
    "never",
    "unknown",
];
const NEVER: usize = 6;
const UNKNOWN: usize = 7;

/// Billable seats one product holds among the filtered users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSeats {
    pub product: ProductKey,
    /// Active, billable users with access to the product (see `User::holds_billable_seats`).
    pub seats: usize,
    /// Of those, users in the cleanup-ready lane.
    pub cleanup_ready: usize,
}

/// The histogram and seat counts of one view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insight {
    /// Users per bucket of [`BUCKETS`].
    pub idle: [usize; 8],
    pub seats: Vec<ProductSeats>,
    pub users: usize,
    /// Filtered users left out of the seats because they hold no billable seat (suspended,
    /// deactivated, app or customer accounts).
    pub not_billable: usize,
    /// Filtered billable users whose products are not known (activity unknown).
    pub seats_unknown: usize,
}

impl Insight {
    /// Counts over every row of `view`. O(rows × products).
    #[must_use]
    pub fn of(index: &DirectoryIndex, view: &View, products: &[ProductKey]) -> Insight {
        let mut idle = [0; 8];
        let (mut not_billable, mut seats_unknown) = (0, 0);
        let mut seats: Vec<ProductSeats> = products
            .iter()
            .map(|product| ProductSeats {
                product: product.clone(),
                seats: 0,
                cleanup_ready: 0,
            })
            .collect();
        for &row in view.rows() {
            let user = index.user(row);
            idle[bucket(&user.activity, index.idle_days(row))] += 1;
            if !user.holds_billable_seats() {
                not_billable += 1;
                continue;
            }
            let ready = index.lane(row) == Lane::CleanupReady;
            let Activity::Known(products_used) = &user.activity else {
                seats_unknown += 1;
                continue;
            };
            for product in products_used {
                if let Some(entry) = seats.iter_mut().find(|entry| entry.product == product.product) {
                    entry.seats += 1;
                    entry.cleanup_ready += usize::from(ready);
                }
            }
        }
        Insight {
            idle,
            seats,
            users: view.len(),
            not_billable,
            seats_unknown,
        }
    }
}

/// The bucket of one user: never and unknown apart from any number of days.
fn bucket(activity: &Activity, idle_days: Option<u32>) -> usize {
    match activity {
        Activity::Unknown => UNKNOWN,
        known if known.is_never_active() => NEVER,
        Activity::Known(_) => match idle_days {
            None => UNKNOWN,
            Some(days) => match days {
                0..30 => 0,
                30..60 => 1,
                60..90 => 2,
                90..180 => 3,
                180..365 => 4,
                _ => 5,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_split_at_their_bounds() {
        let known = Activity::Known(Vec::new());
        // No products at all counts as never active.
        assert_eq!(bucket(&known, Some(10)), NEVER);
        assert_eq!(bucket(&Activity::Unknown, Some(10)), UNKNOWN);
    }
}
