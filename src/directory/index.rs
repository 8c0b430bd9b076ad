//! The per-load precomputation every keystroke runs on: lanes and reasons, lower-cased text,
//! days idle per product, packed traits, group and domain postings, and every sort order. Built
//! once per load (and lanes again when exclusions change); read-only otherwise. No I/O.

mod build;
mod seats;
mod text;
mod traits;

pub(crate) use seats::{ROLE_BITS, SeatColumns, role_bit};
pub use seats::{SeatCell, SeatSite, UserSeats};
pub(crate) use text::lowercase as text_lowercase;
pub(crate) use traits::status_code;
pub use traits::{AccountKind, Trait};

use super::allowlist::Exclusions;
use super::ids::{AccountId, GroupId, ProductKey};
use super::lane::{Classification, Classifier, Lane};
use super::org::Directory;
use super::policy::Policy;
use super::query::{Query, QueryError};
use super::rowset::RowSet;
use super::sort::{SortColumn, SortKey, SortKeyError, SortOrder};
use super::user::User;
use super::view::LaneCounts;
use super::warning::Warnings;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use text::TextIndex;

/// "No number of days": unknown activity, no access, or nothing dates the account.
pub(crate) const NO_DAYS: u32 = u32::MAX;
/// "No email domain".
pub(crate) const NO_DOMAIN: u32 = u32::MAX;

/// A loaded directory with everything precomputed for filtering, sorting and triage. Owns the
/// directory (shared, so a background task can snapshot it) so rows and users never disagree.
#[derive(Debug, Clone)]
pub struct DirectoryIndex {
    pub(crate) directory: Arc<Directory>,
    pub(crate) policy: Policy,
    pub(crate) as_of: DateTime<Utc>,
    pub(crate) classifier: Classifier,
    pub(crate) lanes: Vec<Lane>,
    pub(crate) lane_counts: LaneCounts,
    pub(crate) allowlisted: RowSet,
    pub(crate) text: TextIndex,
    pub(crate) idle_days: Vec<u32>,
    pub(crate) never_active: RowSet,
    pub(crate) activity_unknown: RowSet,
    pub(crate) traits: Vec<u8>,
    pub(crate) statuses: Vec<u8>,
    pub(crate) products: Vec<ProductColumn>,
    pub(crate) domains: Vec<String>,
    pub(crate) domain_of: Vec<u32>,
    pub(crate) groups: Vec<GroupPosting>,
    /// (32-bit hash of the account id, row), sorted: `row_of` without cloning 100,000 ids.
    pub(crate) by_account: Vec<(u32, u32)>,
    pub(crate) orders: Orders,
    pub(crate) seats: SeatColumns,
}

/// Days unused per row for one product (`NO_DAYS` without access or data).
#[derive(Debug, Clone)]
pub(crate) struct ProductColumn {
    pub(crate) key: ProductKey,
    pub(crate) unused_days: Vec<u32>,
    pub(crate) never_used: RowSet,
    /// Never used and the date added is unknown: `unused_days` is only a lower bound.
    pub(crate) lower_bound: RowSet,
    pub(crate) last_used_order: SortOrder,
}

/// The members of one group (also for group ids users reference but the group list lacks).
#[derive(Debug, Clone)]
pub(crate) struct GroupPosting {
    pub(crate) id: GroupId,
    pub(crate) name_lower: String,
    pub(crate) members: Vec<u32>,
}

/// One precomputed order per sortable column.
#[derive(Debug, Clone, Default)]
pub(crate) struct Orders {
    pub(crate) name: SortOrder,
    pub(crate) email: SortOrder,
    pub(crate) last_active: SortOrder,
    pub(crate) days_idle: SortOrder,
    pub(crate) lane: SortOrder,
    pub(crate) kind: SortOrder,
    pub(crate) status: SortOrder,
    pub(crate) groups: SortOrder,
    pub(crate) added: SortOrder,
    /// Most idle billable seat first, per product (`None`: any product); rows without one last.
    pub(crate) seat_idle: Vec<(Option<ProductKey>, SortOrder)>,
    /// Rank of each row in name order (`name.rows()[rank]` is the row of a rank).
    pub(crate) name_rank: Vec<u32>,
}

impl DirectoryIndex {
    /// Classifies and indexes `directory` as of `now` (injected: the same instant for every row).
    #[must_use]
    pub fn build(
        directory: Arc<Directory>,
        policy: &Policy,
        exclusions: &Exclusions,
        now: DateTime<Utc>,
    ) -> Self {
        build::build(directory, policy.clone(), exclusions, Warnings::default(), now)
    }

    /// [`DirectoryIndex::build`] with the warnings given so far (what `require_warning` needs).
    #[must_use]
    pub fn build_warned(
        directory: Arc<Directory>,
        policy: &Policy,
        exclusions: &Exclusions,
        warnings: Warnings,
        now: DateTime<Utc>,
    ) -> Self {
        build::build(directory, policy.clone(), exclusions, warnings, now)
    }

    /// Re-runs classification after the exclusions changed, keeping text, days and orders.
    pub fn reclassify(&mut self, exclusions: &Exclusions) {
        let warnings = self.classifier.warnings().clone();
        self.classifier =
            Classifier::new(&self.directory, &self.policy, exclusions, self.as_of).with_warnings(warnings);
        build::refresh_lanes(self);
    }

    /// Re-runs classification with the warnings given so far (`require_warning` gates cleanup on
    /// them), keeping exclusions, text, days and orders.
    pub fn apply_warnings(&mut self, warnings: Warnings) {
        self.classifier = self.classifier.clone().with_warnings(warnings);
        build::refresh_lanes(self);
    }

    #[must_use]
    pub fn directory(&self) -> &Arc<Directory> {
        &self.directory
    }

    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The instant days idle were measured from.
    #[must_use]
    pub fn as_of(&self) -> DateTime<Utc> {
        self.as_of
    }

    /// Number of users (rows are `0..len`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.lanes.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lanes.is_empty()
    }

    /// The user at `row`; rows are positions in `directory().users`.
    #[must_use]
    pub fn user(&self, row: u32) -> &User {
        &self.directory.users[row as usize]
    }

    /// The lane of `row` with every reason, built on demand (microseconds; the index keeps only
    /// lanes, so 100,000 users cost no reason strings until they are shown).
    #[must_use]
    pub fn classification(&self, row: u32) -> Classification {
        self.classifier.classify(self.user(row))
    }

    /// The classifier this index was built with (same policy, exclusions and instant).
    #[must_use]
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Whether `row` is protected by the allowlist or an exclusion (the `excluded` term).
    #[must_use]
    pub fn is_allowlisted(&self, row: u32) -> bool {
        self.allowlisted.contains(row as usize)
    }

    #[must_use]
    pub fn lane(&self, row: u32) -> Lane {
        self.lanes[row as usize]
    }

    /// Lane sizes over the whole org.
    #[must_use]
    pub fn lane_counts(&self) -> LaneCounts {
        self.lane_counts
    }

    /// Days since last activity on any product (the never active: since added).
    #[must_use]
    pub fn idle_days(&self, row: u32) -> Option<u32> {
        Some(self.idle_days[row as usize]).filter(|&days| days != NO_DAYS)
    }

    /// Days `product` has been unused by `row` (a lower bound for never-used seats of accounts
    /// whose date added is unknown); `None` without access or data.
    #[must_use]
    pub fn product_unused_days(&self, row: u32, product: &ProductKey) -> Option<u32> {
        let column = self.products.iter().find(|c| &c.key == product)?;
        Some(column.unused_days[row as usize]).filter(|&days| days != NO_DAYS)
    }

    #[must_use]
    pub fn kind(&self, row: u32) -> AccountKind {
        AccountKind::from_bits(self.traits[row as usize])
    }

    #[must_use]
    pub fn has_trait(&self, row: u32, wanted: Trait) -> bool {
        self.traits[row as usize] & wanted.bit() != 0
    }

    /// Product keys present in the org, sorted: the per-product query terms and sort columns.
    #[must_use]
    pub fn products(&self) -> Vec<ProductKey> {
        self.products.iter().map(|c| c.key.clone()).collect()
    }

    /// Parses a filter with this org's product keys as term names, and checks that every
    /// group, domain and product it names exists in this org ([`Query::resolve`]).
    pub fn parse_query(&self, text: &str) -> Result<Query, QueryError> {
        let query = Query::parse(text, &self.products())?;
        query.resolve(self)?;
        Ok(query)
    }

    /// Parses `FIELD[:asc|:desc]` with this org's product keys as columns.
    pub fn parse_sort(&self, text: &str) -> Result<SortKey, SortKeyError> {
        SortKey::parse(text, &self.products())
    }

    /// The row of an account, if it is in this load (marks and exclusions are keyed by id).
    #[must_use]
    pub fn row_of(&self, account: &AccountId) -> Option<u32> {
        let hash = build::account_hash(account);
        let first = self.by_account.partition_point(|&(h, _)| h < hash);
        self.by_account[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, row)| row)
            .find(|&row| self.directory.users[row as usize].account_id == *account)
    }

    /// Calls `visit` for each row of `rows` in `sort` order; a product the org lacks sorts by name.
    pub fn for_each_sorted(&self, sort: &SortKey, rows: &RowSet, mut visit: impl FnMut(u32)) {
        let order = match &sort.column {
            SortColumn::Name => &self.orders.name,
            SortColumn::Email => &self.orders.email,
            SortColumn::LastActive => &self.orders.last_active,
            SortColumn::LastActiveOn(product) => self
                .products
                .iter()
                .find(|c| &c.key == product)
                .map_or(&self.orders.name, |c| &c.last_used_order),
            SortColumn::DaysIdle => &self.orders.days_idle,
            SortColumn::Lane => &self.orders.lane,
            SortColumn::Type => &self.orders.kind,
            SortColumn::Status => &self.orders.status,
            SortColumn::Groups => &self.orders.groups,
            SortColumn::AddedToOrg => &self.orders.added,
            SortColumn::SeatIdle(product) => self
                .orders
                .seat_idle
                .iter()
                .find(|(key, _)| key == product)
                .map_or(&self.orders.name, |(_, order)| order),
        };
        order.for_each(sort.descending, |row| {
            if rows.contains(row as usize) {
                visit(row);
            }
        });
    }
}
