//! Wire types of orgs, directories and domains (reference §1.5, §1.6, §1.11).

use serde::Deserialize;

/// `OrgModel` from `GET /admin/v1/orgs[/{orgId}]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrgRecord {
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub attributes: Option<OrgAttributes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrgAttributes {
    #[serde(default)]
    pub name: Option<String>,
}

/// One item of `GET /admin/v2/orgs/{orgId}/directories`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryRecord {
    pub directory_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub icon: Option<String>,
}

/// One item of `GET /admin/v1/orgs/{orgId}/domains`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DomainRecord {
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    pub attributes: DomainAttributes,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DomainAttributes {
    pub name: String,
    #[serde(default)]
    pub claim: Option<DomainClaim>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DomainClaim {
    #[serde(rename = "type", default)]
    pub kind: Option<ClaimType>,
    #[serde(default)]
    pub status: Option<DomainClaimStatus>,
}

crate::open_enum! {
    /// How the org proved it owns a domain.
    pub enum ClaimType { Http => "http", Dns => "dns" }
}

crate::open_enum! {
    /// Where a domain claim stands; only `verified` makes accounts managed.
    pub enum DomainClaimStatus {
        Verified => "verified",
        Deleted => "deleted",
        Unverified => "unverified",
        Superseded => "superseded",
        MissingToken => "missing_token",
    }
}
