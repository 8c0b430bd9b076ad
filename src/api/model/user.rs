//! Wire types of users: the v2 directory user (`users/search`, reference §1.7.4), its search
//! body, and the v1 managed account (`GET /admin/v1/orgs/{orgId}/users`, §1.7.1).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::open_enum! {
    /// `accountType`; the v2 spec lists only `atlassian`, v1 adds `app` and `customer`.
    pub enum AccountType { Atlassian => "atlassian", App => "app", Customer => "customer" }
}

crate::open_enum! {
    /// v2 composite `status`.
    pub enum UserStatus {
        Active => "active",
        Suspended => "suspended",
        NotInvited => "not_invited",
        Deactivated => "deactivated",
        ForDeletion => "for_deletion",
    }
}

crate::open_enum! {
    /// `accountStatus` (v1 search adds `partial`).
    pub enum AccountStatus { Active => "active", Inactive => "inactive", Closed => "closed", Partial => "partial" }
}

crate::open_enum! {
    /// `membershipStatus` in the directories the caller can see.
    pub enum MembershipStatus { Active => "active", Suspended => "suspended", NoMembership => "no_membership" }
}

crate::open_enum! {
    /// `claimStatus`: whether the email domain is verified by the org.
    pub enum ClaimStatus { Managed => "managed", Unmanaged => "unmanaged" }
}

crate::open_enum! {
    /// `managementSource` of managed accounts.
    pub enum ManagementSource { Invited => "invited", Synced => "synced" }
}

crate::open_enum! {
    /// `platformRoles[]` (expand `platformRoles`).
    pub enum PlatformRole {
        OrgAdmin => "atlassian/org-admin",
        SiteAdmin => "atlassian/site-admin",
        UserAccessAdmin => "atlassian/user-access-admin",
        AiAccess => "atlassian/ai-access",
    }
}

/// `MultiDirectoryUser`. Expanded parts are `None` when the server did not send them, which is
/// how "no activity data" stays distinct from "no product used" (`Some(vec![])`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryUser {
    pub account_id: String,
    pub account_type: AccountType,
    pub status: UserStatus,
    pub account_status: AccountStatus,
    pub membership_status: MembershipStatus,
    pub claim_status: ClaimStatus,
    #[serde(default)]
    pub added_to_org: Option<DateTime<Utc>>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub platform_roles: Option<Vec<PlatformRole>>,
    #[serde(default)]
    pub management_source: Option<ManagementSource>,
    #[serde(default)]
    pub mfa_enabled: Option<bool>,
    #[serde(default)]
    pub product_access: Option<Vec<ProductAccess>>,
    #[serde(default)]
    pub groups: Option<Vec<GroupRef>>,
    #[serde(default)]
    pub deactivated_on: Option<DateTime<Utc>>,
    #[serde(default)]
    pub for_deletion: Option<bool>,
}

/// `productAccess[]`: no `lastActiveTimestamp` means access but never used.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductAccess {
    pub key: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub last_active_timestamp: Option<DateTime<Utc>>,
}

/// `groups[]` (expand `groups`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GroupRef {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Body of `POST .../directories/{directoryId}/users/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSearchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    pub limit: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
    /// Exact accounts to read (at most `FILTER_LIST_MAX`): the batch re-read before acting.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_status: Option<ClaimStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<UserStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub membership_status: Vec<MembershipStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort_by: Vec<SortBy>,
}

/// One `sortBy` entry; the API sorts users by `nick_name` only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SortBy {
    pub field: String,
    /// `asc` or `desc`.
    pub direction: String,
}

/// `GET /admin/v1/orgs/{orgId}/users`: managed accounts only, `snake_case`, URL links.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ManagedAccountsPage {
    pub data: Vec<ManagedAccount>,
    #[serde(default)]
    pub links: Option<super::PageLinks>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ManagedAccount {
    pub account_id: String,
    pub account_type: AccountType,
    pub account_status: AccountStatus,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub access_billable: Option<bool>,
    #[serde(default)]
    pub last_active: Option<DateTime<Utc>>,
    #[serde(default)]
    pub product_access: Vec<ManagedAccountProduct>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ManagedAccountProduct {
    pub key: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub last_active: Option<DateTime<Utc>>,
}
