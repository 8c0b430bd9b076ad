//! Per-user facts packed for scanning: the `type:` traits as bit flags, the account kind shown
//! in the type column, and the status as a small code. Owns no policy.

use crate::directory::lane::{is_admin_role, is_service_email};
use crate::directory::user::{AccountType, ClaimStatus, ManagementSource, User, UserStatus};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One `type:` value; a user has any number of them (a synced admin is both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trait {
    Managed,
    Unmanaged,
    Synced,
    Invited,
    Admin,
    Service,
    App,
    Customer,
}

impl Trait {
    pub const ALL: [Trait; 8] = [
        Trait::Managed,
        Trait::Unmanaged,
        Trait::Synced,
        Trait::Invited,
        Trait::Admin,
        Trait::Service,
        Trait::App,
        Trait::Customer,
    ];

    #[must_use]
    pub fn query_name(self) -> &'static str {
        match self {
            Trait::Managed => "managed",
            Trait::Unmanaged => "unmanaged",
            Trait::Synced => "synced",
            Trait::Invited => "invited",
            Trait::Admin => "admin",
            Trait::Service => "service",
            Trait::App => "app",
            Trait::Customer => "customer",
        }
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// All traits of `user` as bits.
    pub(crate) fn bits_of(user: &User) -> u8 {
        let has = |flag: bool, t: Trait| if flag { t.bit() } else { 0 };
        let service = user.email.as_deref().is_some_and(is_service_email);
        let admin = user.platform_roles.iter().any(is_admin_role);
        has(user.claim_status == ClaimStatus::Managed, Trait::Managed)
            | has(user.claim_status == ClaimStatus::Unmanaged, Trait::Unmanaged)
            | has(
                user.management_source == Some(ManagementSource::Synced),
                Trait::Synced,
            )
            | has(
                user.management_source == Some(ManagementSource::Invited),
                Trait::Invited,
            )
            | has(admin, Trait::Admin)
            | has(service, Trait::Service)
            | has(user.account_type == AccountType::App, Trait::App)
            | has(user.account_type == AccountType::Customer, Trait::Customer)
    }
}

/// The one word the type column shows: the most telling trait, in this order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Admin,
    Service,
    App,
    Customer,
    Synced,
    Invited,
    Managed,
    Unmanaged,
    Other,
}

impl AccountKind {
    /// Every word the TYPE column can show, in its order of precedence (the `type:` values).
    pub const ALL: [AccountKind; 9] = [
        AccountKind::Admin,
        AccountKind::Service,
        AccountKind::App,
        AccountKind::Customer,
        AccountKind::Synced,
        AccountKind::Invited,
        AccountKind::Managed,
        AccountKind::Unmanaged,
        AccountKind::Other,
    ];

    pub(crate) fn from_bits(bits: u8) -> AccountKind {
        let ranked = [
            (Trait::Admin, AccountKind::Admin),
            (Trait::Service, AccountKind::Service),
            (Trait::App, AccountKind::App),
            (Trait::Customer, AccountKind::Customer),
            (Trait::Synced, AccountKind::Synced),
            (Trait::Invited, AccountKind::Invited),
            (Trait::Managed, AccountKind::Managed),
            (Trait::Unmanaged, AccountKind::Unmanaged),
        ];
        ranked
            .into_iter()
            .find(|(t, _)| bits & t.bit() != 0)
            .map_or(AccountKind::Other, |(_, kind)| kind)
    }
}

impl fmt::Display for AccountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccountKind::Admin => "admin",
            AccountKind::Service => "service",
            AccountKind::App => "app",
            AccountKind::Customer => "customer",
            AccountKind::Synced => "synced",
            AccountKind::Invited => "invited",
            AccountKind::Managed => "managed",
            AccountKind::Unmanaged => "unmanaged",
            AccountKind::Other => "other",
        })
    }
}

/// Status as a code in table order; unknown values share the last code.
pub(crate) fn status_code(status: &UserStatus) -> u8 {
    match status {
        UserStatus::Active => 0,
        UserStatus::Suspended => 1,
        UserStatus::Deactivated => 2,
        UserStatus::NotInvited => 3,
        UserStatus::ForDeletion => 4,
        UserStatus::Other(_) => 5,
    }
}
