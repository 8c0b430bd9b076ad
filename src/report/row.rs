//! `ReportRow`: one user as every report format shows them, assembled once from the directory
//! index. Pure; owns what a row says, not how it is printed.

use crate::directory::{
    AccountId, Activity, ClaimStatus, Classification, DirectoryIndex, GroupId, Lane, ManagementSource,
    PlatformRole, ProductKey, User, UserStatus,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

/// Last activity, keeping "never used" apart from "we were not told".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastSeen {
    At(DateTime<Utc>),
    /// Activity is known and there is none.
    Never,
    /// The API gave no activity data for the account.
    Unknown,
}

impl LastSeen {
    /// The `activity` value of the report formats: `known`, `never` or `unknown`.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Self::At(_) => "known",
            Self::Never => "never",
            Self::Unknown => "unknown",
        }
    }

    #[must_use]
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            Self::At(time) => Some(time),
            Self::Never | Self::Unknown => None,
        }
    }
}

/// Whole days since the org-wide last activity, or why there is no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleDays {
    /// Never negative: activity stamped after `now` (clock skew) counts as 0 days.
    Days(u64),
    /// Never active: idle since added to the org, `None` when the date added is unknown.
    Never {
        since_added: Option<u64>,
    },
    Unknown,
}

impl IdleDays {
    /// The number the idle sort orders by and `idle:` compares: days since the last activity,
    /// for the never active days since added; `None` when nothing tells.
    #[must_use]
    pub fn days(self) -> Option<u64> {
        match self {
            Self::Days(days)
            | Self::Never {
                since_added: Some(days),
            } => Some(days),
            Self::Never { since_added: None } | Self::Unknown => None,
        }
    }

    /// The words people read: `412`, `never · 412` (never active, added 412 days ago), `never`
    /// (date added unknown), or `unknown` for no activity data.
    #[must_use]
    pub fn label(self, unknown: &str) -> String {
        match self {
            Self::Days(days) => days.to_string(),
            Self::Never {
                since_added: Some(days),
            } => format!("never · {days}"),
            Self::Never { since_added: None } => "never".to_owned(),
            Self::Unknown => unknown.to_owned(),
        }
    }
}

/// Whole days from `then` to `now`, 0 when `then` is later (clock skew).
fn days_between(then: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((now - then).num_days()).unwrap_or(0)
}

fn group_names(index: &DirectoryIndex) -> HashMap<&GroupId, &str> {
    index
        .directory()
        .groups
        .iter()
        .map(|group| (&group.id, group.name.as_str()))
        .collect()
}

/// One user, every value the report prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow<'a> {
    pub account_id: &'a AccountId,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub lane: Lane,
    /// Every reason for the lane, as the sentences the TUI and the plan show (never empty).
    pub reasons: Vec<String>,
    pub claim_status: &'a ClaimStatus,
    pub management_source: Option<&'a ManagementSource>,
    pub status: &'a UserStatus,
    pub roles: &'a [PlatformRole],
    /// One entry per [`Report::products`], in the same order; `None` when the account has no
    /// access to that product.
    pub products: Vec<Option<LastSeen>>,
    pub last_active: LastSeen,
    pub idle: IdleDays,
    pub added_to_org: Option<DateTime<Utc>>,
    /// Group names, sorted; a group missing from the directory shows as its id.
    pub groups: Vec<&'a str>,
}

/// The product columns of a report and what rows are made from. Rows are built one at a time,
/// by the writer, so CSV and JSON stream without holding every row.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// Every product key present anywhere in the org, sorted, so columns do not depend on which
    /// users are selected.
    pub products: Vec<&'a ProductKey>,
    index: &'a DirectoryIndex,
    group_names: HashMap<&'a GroupId, &'a str>,
}

impl<'a> Report<'a> {
    /// Columns for `products` (the org's, as `DirectoryIndex::products` lists them once per load),
    /// without scanning every user: what a screen redrawn on every key needs.
    #[must_use]
    pub fn with_products(index: &'a DirectoryIndex, products: &'a [ProductKey]) -> Self {
        Self {
            products: products.iter().collect(),
            index,
            group_names: group_names(index),
        }
    }

    /// The columns of `index`'s org.
    #[must_use]
    pub fn new(index: &'a DirectoryIndex) -> Self {
        let directory = &**index.directory();
        let products: Vec<&ProductKey> = directory
            .users
            .iter()
            .filter_map(|user| match &user.activity {
                Activity::Known(products) => Some(products.iter().map(|product| &product.product)),
                Activity::Unknown => None,
            })
            .flatten()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Self {
            products,
            index,
            group_names: group_names(index),
        }
    }

    /// The row of `row` (a position in the directory's users), with days idle counted up to the
    /// index's instant. Reasons are built here, so only for the rows printed.
    #[must_use]
    pub fn row(&self, row: u32) -> ReportRow<'a> {
        let triage = Triage::of(&self.index.classification(row));
        build_row(
            self.index.user(row),
            triage,
            &self.products,
            &self.group_names,
            self.index.as_of(),
        )
    }
}

/// The lane and its reasons in words, taken from a classification.
struct Triage {
    lane: Lane,
    reasons: Vec<String>,
}

impl Triage {
    fn of(classification: &Classification) -> Self {
        Self {
            lane: classification.lane,
            reasons: classification.reasons.iter().map(ToString::to_string).collect(),
        }
    }
}

fn build_row<'a>(
    user: &'a User,
    triage: Triage,
    products: &[&ProductKey],
    group_names: &HashMap<&GroupId, &'a str>,
    now: DateTime<Utc>,
) -> ReportRow<'a> {
    let last_active = match &user.activity {
        Activity::Unknown => LastSeen::Unknown,
        known @ Activity::Known(_) => known.last_active().map_or(LastSeen::Never, LastSeen::At),
    };
    let product_cells = products
        .iter()
        .map(|key| match &user.activity {
            Activity::Unknown => Some(LastSeen::Unknown),
            known @ Activity::Known(_) => known
                .product(key)
                .map(|product| product.last_active.map_or(LastSeen::Never, LastSeen::At)),
        })
        .collect();
    let idle = match last_active {
        LastSeen::At(time) => IdleDays::Days(days_between(time, now)),
        LastSeen::Never => IdleDays::Never {
            since_added: user.added_to_org.map(|added| days_between(added, now)),
        },
        LastSeen::Unknown => IdleDays::Unknown,
    };
    let mut groups: Vec<&str> = user
        .groups
        .iter()
        .map(|id| group_names.get(id).copied().unwrap_or(id.as_str()))
        .collect();
    groups.sort_unstable();
    ReportRow {
        account_id: &user.account_id,
        name: &user.name,
        email: user.email.as_deref(),
        lane: triage.lane,
        reasons: triage.reasons,
        claim_status: &user.claim_status,
        management_source: user.management_source.as_ref(),
        status: &user.status,
        roles: &user.platform_roles,
        products: product_cells,
        last_active,
        idle,
        added_to_org: user.added_to_org,
        groups,
    }
}
