//! The simulator's ground truth: the org as the simulated Atlassian holds it. Serialized as-is by
//! `GET /__sim/dump`; endpoints render the wire format from it. Owns no HTTP concerns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The whole simulated organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimOrg {
    pub id: String,
    pub name: String,
    /// The instant the generated activity is relative to (`--epoch`), so a seed gives the same org.
    pub generated_at: DateTime<Utc>,
    pub directories: Vec<SimDirectory>,
    pub domains: Vec<SimDomain>,
    pub products: Vec<SimProduct>,
    pub groups: Vec<SimGroup>,
    pub users: Vec<SimUser>,
}

/// An Atlassian user directory; `idp` marks the one an identity provider syncs into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimDirectory {
    pub id: String,
    pub name: String,
    pub icon: String,
    pub idp: bool,
}

/// A domain claimed by the org (`claim_type` `dns|http`, `status` `verified|unverified|…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimDomain {
    pub id: String,
    pub name: String,
    pub claim_type: String,
    pub status: String,
}

/// One site of a product (a resource): `key` as the v2 API reports it, `id` its ARI
/// (`ari:cloud:{key}::site/{cloudId}`). A multi-site org holds several sites with the same `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimProduct {
    pub key: String,
    /// The v1 / last-active-dates product key (`jira-software`, `jira-service-desk`, …).
    pub v1_key: String,
    pub id: String,
    /// The product's display name (`Jira`, `Confluence`, …).
    pub name: String,
    /// The site's name: the workspace name, and `https://{site}.atlassian.net` its host.
    #[serde(default)]
    pub site: String,
    /// Most users a billable role may be held by on this site; a membership add that would exceed
    /// it is refused with "Product License Limit Exceeded". `None` = unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_limit: Option<u32>,
}

/// The name of an org's first site, derived from the org name (`Acme Corp` → `acme`), as the
/// v1 product URLs have always shown it.
#[must_use]
pub fn default_site_name(org_name: &str) -> String {
    let slug: String = org_name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if slug.is_empty() { "site".to_owned() } else { slug }
}

impl SimProduct {
    /// `{site}.atlassian.net`; a site without a name is served from the org's first site.
    #[must_use]
    pub fn host(&self, org_name: &str) -> String {
        if self.site.is_empty() {
            format!("{}.atlassian.net", default_site_name(org_name))
        } else {
            format!("{}.atlassian.net", self.site)
        }
    }
}

/// One role on one site (`resource_id` is a [`SimProduct::id`]), held by a group's members or by
/// one user directly. Roles are the canonical ids of reference §1.7.5 ([`role`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SimGrant {
    pub resource_id: String,
    pub role: String,
}

impl SimGrant {
    #[must_use]
    pub fn new(resource_id: &str, role: &str) -> Self {
        Self {
            resource_id: resource_id.to_owned(),
            role: role.to_owned(),
        }
    }
}

/// Canonical role ids (reference §1.7.5, §1.14) and which of them cost a seat.
pub mod role {
    pub const USER: &str = "atlassian/user";
    pub const ADMIN: &str = "atlassian/admin";
    pub const GUEST: &str = "atlassian/guest";
    pub const CUSTOMER: &str = "atlassian/customer";
    pub const USER_ACCESS_ADMIN: &str = "atlassian/user-access-admin";
    pub const BASIC: &str = "atlassian/basic";
    pub const CONTRIBUTOR: &str = "atlassian/contributor";
    pub const STAKEHOLDER: &str = "atlassian/stakeholder";

    /// Billable unless the reference lists the role as free; an unknown role counts as billable.
    #[must_use]
    pub fn is_billable(role: &str) -> bool {
        ![
            GUEST,
            CUSTOMER,
            USER_ACCESS_ADMIN,
            BASIC,
            CONTRIBUTOR,
            STAKEHOLDER,
        ]
        .contains(&role)
    }
}

/// A group. `grants` are the roles membership gives on each site (the group's role assignments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub directory_id: String,
    pub external_synced: bool,
    /// `external|admins|team-members|open`.
    pub managed_by: String,
    pub grants: Vec<SimGrant>,
    /// Membership makes the user an org/site admin.
    pub admin: bool,
    /// The product's default group: its role assignments are the sites' default roles.
    #[serde(default)]
    pub default_access: bool,
}

impl SimGroup {
    /// Members are changed in the identity provider, never through the API (reference §1.14).
    #[must_use]
    pub fn is_idp_managed(&self) -> bool {
        self.external_synced || self.managed_by == "external"
    }
}

/// One account's last activity on one site (`id`, a [`SimProduct::id`]) of product `key`;
/// `last_active: None` = access, never used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimProductAccess {
    pub key: String,
    pub id: String,
    pub last_active: Option<DateTime<Utc>>,
}

/// One account. `status` on the wire is derived by [`SimUser::status`], never stored.
// Each flag mirrors an independent wire field or ground-truth fact; they are not a state machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimUser {
    pub account_id: String,
    /// `atlassian|app|customer` (hostile mode adds unknown values).
    pub account_type: String,
    pub name: String,
    pub nickname: String,
    pub email: String,
    pub email_verified: bool,
    pub picture: String,
    /// `managed|unmanaged`.
    pub claim_status: String,
    /// `invited|synced`, `None` for unmanaged accounts.
    pub management_source: Option<String>,
    /// `active|inactive|closed`.
    pub account_status: String,
    /// `active|suspended|no_membership`.
    pub membership_status: String,
    pub for_deletion: bool,
    pub deactivated_on: Option<DateTime<Utc>>,
    pub added_to_org: DateTime<Utc>,
    pub platform_roles: Vec<String>,
    pub directories: Vec<String>,
    pub groups: Vec<String>,
    /// Roles held directly (role assignment method `direct`), not through a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub direct_grants: Vec<SimGrant>,
    /// The sites the user can use now, with the activity on each (served by `productAccess` and
    /// `last-active-dates`). Always the sites some group or direct grant gives a role on: changes
    /// of membership keep it so (see `state::seats`).
    pub product_access: Vec<SimProductAccess>,
    /// Activity on sites the user lost access to, kept so that a re-grant restores it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seat_history: Vec<SimProductAccess>,
    /// Models records whose v2 search result lacks `productAccess` even when expanded, so the
    /// client must fall back to `last-active-dates` or report activity as unknown.
    pub search_omits_activity: bool,
    pub mfa_enabled: bool,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub time_zone: Option<String>,
    /// Fields a newer API might send; hostile mode fills this, rendered verbatim on the wire.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl SimUser {
    /// The v2 composite `status`, derived as the reference (§1.7.4) defines it.
    #[must_use]
    pub fn status(&self) -> &str {
        if self.for_deletion {
            "for_deletion"
        } else if self.account_status != "active" {
            "deactivated"
        } else {
            match self.membership_status.as_str() {
                "suspended" => "suspended",
                "no_membership" => "not_invited",
                _ => "active",
            }
        }
    }

    /// Service accounts are recognised by their generated email domain.
    #[must_use]
    pub fn is_service_account(&self) -> bool {
        self.email.ends_with("@serviceaccount.atlassian.com")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(account: &str, membership: &str, for_deletion: bool) -> SimUser {
        SimUser {
            account_id: "a".into(),
            account_type: "atlassian".into(),
            name: "A".into(),
            nickname: "a".into(),
            email: "a@acme.example".into(),
            email_verified: true,
            picture: String::new(),
            claim_status: "managed".into(),
            management_source: Some("invited".into()),
            account_status: account.into(),
            membership_status: membership.into(),
            for_deletion,
            deactivated_on: None,
            added_to_org: DateTime::<Utc>::UNIX_EPOCH,
            platform_roles: vec![],
            directories: vec![],
            groups: vec![],
            direct_grants: vec![],
            product_access: vec![],
            seat_history: vec![],
            search_omits_activity: false,
            mfa_enabled: false,
            job_title: None,
            department: None,
            location: None,
            time_zone: None,
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn status_is_derived_from_account_and_membership() {
        assert_eq!(user("active", "active", false).status(), "active");
        assert_eq!(user("active", "suspended", false).status(), "suspended");
        assert_eq!(user("active", "no_membership", false).status(), "not_invited");
        assert_eq!(user("inactive", "active", false).status(), "deactivated");
        assert_eq!(user("active", "active", true).status(), "for_deletion");
    }
}
