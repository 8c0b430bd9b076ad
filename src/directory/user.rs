//! One account as dormant reasons about it, converted from whatever the API sent.

use super::ids::{AccountId, DirectoryId, GroupId, ProductId, ProductKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::open_enum! {
    /// Whether the org has verified the account's email domain.
    pub enum ClaimStatus { Managed => "managed", Unmanaged => "unmanaged" }
}

crate::open_enum! {
    /// How a managed account came to the org.
    pub enum ManagementSource { Invited => "invited", Synced => "synced" }
}

crate::open_enum! {
    /// The v2 composite status of the account in the org.
    pub enum UserStatus {
        Active => "active",
        Suspended => "suspended",
        NotInvited => "not_invited",
        Deactivated => "deactivated",
        ForDeletion => "for_deletion",
    }
}

crate::open_enum! {
    /// The Atlassian account's own status, independent of the org membership.
    pub enum AccountStatus { Active => "active", Inactive => "inactive", Closed => "closed" }
}

crate::open_enum! {
    /// The account's membership in the directories the caller can see.
    pub enum MembershipStatus { Active => "active", Suspended => "suspended", NoMembership => "no_membership" }
}

crate::open_enum! {
    /// What kind of principal the account is.
    pub enum AccountType { Atlassian => "atlassian", App => "app", Customer => "customer" }
}

crate::open_enum! {
    /// Org-level roles that make an account an administrator.
    pub enum PlatformRole {
        OrgAdmin => "atlassian/org-admin",
        SiteAdmin => "atlassian/site-admin",
        UserAccessAdmin => "atlassian/user-access-admin",
        AiAccess => "atlassian/ai-access",
    }
}

/// Last activity on one product the account has access to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductActivity {
    pub product: ProductKey,
    /// The product instance (site) id, when the API gave one.
    pub product_id: Option<ProductId>,
    /// `None` means the account has access but never used the product.
    pub last_active: Option<DateTime<Utc>>,
}

/// Per-product activity, keeping "we were told nothing" apart from "never active".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    /// The API returned no activity data for this account.
    Unknown,
    /// Activity per product with access; an empty list means access to no product.
    Known(Vec<ProductActivity>),
}

impl Activity {
    /// The most recent activity on any product; `None` when never active or unknown.
    #[must_use]
    pub fn last_active(&self) -> Option<DateTime<Utc>> {
        match self {
            Activity::Unknown => None,
            Activity::Known(products) => products.iter().filter_map(|p| p.last_active).max(),
        }
    }

    /// True when activity is known and no product was ever used.
    #[must_use]
    pub fn is_never_active(&self) -> bool {
        matches!(self, Activity::Known(products) if products.iter().all(|p| p.last_active.is_none()))
    }

    /// Activity on one product, when the account has access to it.
    #[must_use]
    pub fn product(&self, key: &ProductKey) -> Option<&ProductActivity> {
        match self {
            Activity::Unknown => None,
            Activity::Known(products) => products.iter().find(|p| &p.product == key),
        }
    }
}

/// One account in the org, as loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub account_id: AccountId,
    pub account_type: AccountType,
    pub name: String,
    pub nickname: Option<String>,
    pub email: Option<String>,
    pub claim_status: ClaimStatus,
    /// `None` when the API says it does not know (unmanaged accounts, older records).
    pub management_source: Option<ManagementSource>,
    pub status: UserStatus,
    pub account_status: AccountStatus,
    pub membership_status: MembershipStatus,
    pub platform_roles: Vec<PlatformRole>,
    pub added_to_org: Option<DateTime<Utc>>,
    pub activity: Activity,
    pub groups: Vec<GroupId>,
    pub directories: Vec<DirectoryId>,
}

impl User {
    /// Whether the account's product access costs a seat: an active Atlassian account.
    /// Suspended, deactivated and pending accounts, apps and customers hold no billable seat.
    #[must_use]
    pub fn holds_billable_seats(&self) -> bool {
        self.status == UserStatus::Active && self.account_type == AccountType::Atlassian
    }

    /// The part of the email after `@`, lower-cased; `None` without an email.
    #[must_use]
    pub fn email_domain(&self) -> Option<String> {
        let email = self.email.as_deref()?;
        let (_, domain) = email.rsplit_once('@')?;
        Some(domain.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn product(key: &str, day: Option<u32>) -> ProductActivity {
        ProductActivity {
            product: ProductKey::from(key),
            product_id: None,
            last_active: day.map(|d| {
                Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0)
                    .single()
                    .expect("valid date")
            }),
        }
    }

    #[test]
    fn unknown_is_not_never_active() {
        assert!(!Activity::Unknown.is_never_active());
        assert!(Activity::Known(vec![]).is_never_active());
        assert!(Activity::Known(vec![product("jira", None)]).is_never_active());
        assert!(!Activity::Known(vec![product("jira", Some(3))]).is_never_active());
    }

    #[test]
    fn last_active_is_the_latest_product() {
        let activity = Activity::Known(vec![product("jira", Some(3)), product("confluence", Some(9))]);
        assert_eq!(activity.last_active(), product("x", Some(9)).last_active);
        assert_eq!(Activity::Unknown.last_active(), None);
    }
}
