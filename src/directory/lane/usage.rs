//! How each product seat of one user is used, measured against its idle threshold at an injected
//! instant. Must not read the clock.

use crate::directory::ids::ProductKey;
use crate::directory::policy::{IdleDays, Thresholds};
use crate::directory::user::{Activity, User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whole days from `then` to `now`; activity stamped in the future (clock skew) counts as today.
#[must_use]
pub fn days_since(then: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    let seconds = now.timestamp().saturating_sub(then.timestamp()).max(0);
    u32::try_from(seconds / 86_400).unwrap_or(u32::MAX)
}

/// The use of one product the user has access to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductUse {
    pub product: ProductKey,
    pub usage: Usage,
    pub threshold: IdleDays,
}

/// Last use of one product, keeping "never" apart from "long ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Usage {
    /// Last used `days` ago.
    Used { days: u32 },
    /// Never used. `unused_days` is how long the seat has been unused: exact (days since the
    /// user was added) when `added_known`, else a lower bound taken from the user's last use of
    /// any other product (they were in the org then), or `None` when nothing tells.
    NeverUsed {
        unused_days: Option<u32>,
        added_known: bool,
    },
}

/// What one product's use means for triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseState {
    /// Used within the threshold.
    Recent,
    /// Unused for longer than the threshold (used long ago, or never used for that long).
    Idle,
    /// Never used, but the user joined within the threshold.
    New,
    /// Never used and nothing says for how long (the date added to the org is unknown).
    Unclear,
}

impl Usage {
    #[must_use]
    pub fn state(self, threshold: IdleDays) -> UseState {
        let limit = threshold.get();
        match self {
            Usage::Used { days } if days > limit => UseState::Idle,
            Usage::Used { .. } => UseState::Recent,
            Usage::NeverUsed {
                unused_days: Some(days),
                ..
            } if days > limit => UseState::Idle,
            Usage::NeverUsed {
                added_known: true, ..
            } => UseState::New,
            Usage::NeverUsed { .. } => UseState::Unclear,
        }
    }

    /// Days the seat has been unused, exact or as a lower bound; `None` when unknown.
    #[must_use]
    pub fn unused_days(self) -> Option<u32> {
        match self {
            Usage::Used { days } => Some(days),
            Usage::NeverUsed { unused_days, .. } => unused_days,
        }
    }
}

impl ProductUse {
    #[must_use]
    pub fn state(&self) -> UseState {
        self.usage.state(self.threshold)
    }

    #[must_use]
    pub fn unused_days(&self) -> Option<u32> {
        self.usage.unused_days()
    }
}

/// Every product the user can use with its usage and threshold, without allocating; `None` when
/// activity is unknown (as distinct from an empty list: access to no product).
pub(crate) fn usages<'a>(
    user: &'a User,
    thresholds: &'a Thresholds,
    now: DateTime<Utc>,
) -> Option<impl Iterator<Item = (&'a ProductKey, Usage, IdleDays)> + 'a> {
    let Activity::Known(products) = &user.activity else {
        return None;
    };
    let added_days = user.added_to_org.map(|added| days_since(added, now));
    let longest_since_use = products
        .iter()
        .filter_map(|p| p.last_active.map(|at| days_since(at, now)))
        .max();
    let never_unused_days = match (added_days, longest_since_use) {
        (Some(added), Some(since_use)) => Some(added.max(since_use)),
        (added, since_use) => added.or(since_use),
    };
    Some(products.iter().map(move |p| {
        let usage = match p.last_active {
            Some(at) => Usage::Used {
                days: days_since(at, now),
            },
            None => Usage::NeverUsed {
                unused_days: never_unused_days,
                added_known: added_days.is_some(),
            },
        };
        (&p.product, usage, thresholds.for_product(&p.product))
    }))
}

/// Every product the user can use, in the order the API listed them; `None` when activity is
/// unknown.
#[must_use]
pub fn product_uses(user: &User, thresholds: &Thresholds, now: DateTime<Utc>) -> Option<Vec<ProductUse>> {
    usages(user, thresholds, now).map(|uses| {
        uses.map(|(product, usage, threshold)| ProductUse {
            product: product.clone(),
            usage,
            threshold,
        })
        .collect()
    })
}

/// Days since the user's last activity on any product; for the never active, days since they
/// were added. `None` when activity is unknown or nothing dates the account.
#[must_use]
pub fn idle_days(user: &User, now: DateTime<Utc>) -> Option<u32> {
    match &user.activity {
        Activity::Unknown => None,
        activity @ Activity::Known(_) => match activity.last_active() {
            Some(at) => Some(days_since(at, now)),
            None => user.added_to_org.map(|added| days_since(added, now)),
        },
    }
}

/// `1 day ago`, `today`, `12 days ago`.
pub(crate) fn ago(days: u32) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        n => format!("{n} days ago"),
    }
}
