//! The org directory in memory: domain types and the pure logic over them. Must not do I/O or
//! import tokio, reqwest or ratatui; depends on nothing else of ours.

mod allowlist;
mod escape;
mod ids;
mod impact;
mod index;
mod interner;
mod lane;
mod marks;
mod org;
mod policy;
mod product;
pub mod query;
mod rowset;
mod seat;
mod seat_lane;
mod sort;
mod user;
mod view;
mod warning;

pub use allowlist::{AllowEntry, Allowlist, Exclusion, Exclusions};
/// Quotes untrusted text in error messages (query, journal, plan and config errors).
pub use escape::escape_controls;
pub use ids::{AccountId, DirectoryId, GroupId, ProductId, ProductKey};
pub use impact::{Impact, ProductImpact, SiteImpact};
pub use index::{AccountKind, DirectoryIndex, SeatCell, SeatSite, Trait, UserSeats};
pub use interner::Interner;
pub use lane::{
    Classification, Classifier, Lane, LaneVerdict, ProductUse, Reason, SERVICE_ACCOUNT_EMAIL_SUFFIX,
    UnknownField, Usage, UseState, classify_all, days_since, idle_days, product_uses,
};
pub use marks::{
    BulkMark, MarkRefused, Marks, Reconciled, TargetSource, Targets, exclude_rows, include_rows,
    refuse_protected, targets,
};
pub use org::{DataSource, Directory, DirectoryInfo, Domain, Group, GroupManagedBy, Org};
/// For the config's per-profile threshold overrides (`store::config`), keyed like `[thresholds.products]`.
pub(crate) use policy::product_keyed;
pub use policy::{
    Billing, DEFAULT_BILL_DAY, DEFAULT_CONFIG_TOML, IdleDays, Money, MonthlyPrice, Policy, PriceTable,
    ProductBilling, SavingStart, Thresholds,
};
pub use product::KNOWN_PRODUCT_KEYS;
pub use query::{GRAMMAR as QUERY_GRAMMAR, Query, QueryError};
pub use rowset::RowSet;
pub use seat::{
    GroupsById, Role, RoleGrant, Seat, SeatActivity, SeatGrant, SeatSource, Site, groups_by_id, seats_of,
};
pub use seat_lane::{
    Handoff, Removal, SeatAction, SeatChange, SeatContext, SeatLane, SeatReview, SeatVerdict, removal,
    seat_action, seat_lanes,
};
pub use sort::{SortColumn, SortKey, SortKeyError};
pub use user::{
    AccountStatus, AccountType, Activity, ClaimStatus, ManagementSource, MembershipStatus, PlatformRole,
    ProductActivity, User, UserStatus,
};
pub use view::{LaneCounts, View};
pub use warning::{GraceDays, Warning, WarningPolicy, WarningStanding, Warnings};
