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

/// A product instance on the org's site (`key` as the v2 API reports it, `id` its ARI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimProduct {
    pub key: String,
    /// The v1 / last-active-dates product key (`jira-software`, `jira-service-desk`, …).
    pub v1_key: String,
    pub id: String,
    pub name: String,
}

/// A group. `grants` lists the product keys membership gives access to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub directory_id: String,
    pub external_synced: bool,
    /// `external|admins|team-members|open`.
    pub managed_by: String,
    pub grants: Vec<String>,
    /// Membership makes the user an org/site admin.
    pub admin: bool,
}

/// One account's last activity on one product; `last_active: None` = access, never used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimProductAccess {
    pub key: String,
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
    /// Ground-truth activity per product the user can use (served by `last-active-dates`).
    pub product_access: Vec<SimProductAccess>,
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
            product_access: vec![],
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
