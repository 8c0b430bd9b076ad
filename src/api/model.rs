//! Wire types of the Organizations REST API, exactly as the server sends them (reference §1).
//! Tolerant by construction: unknown fields are ignored, enums keep unknown values, optional
//! fields may be absent. Must not hold domain logic: `convert` turns these into `directory` types.

mod activity;
mod group;
mod org;
mod seat;
mod user;

pub use activity::{LastActiveData, LastActiveDates, ProductLastActive};
pub use group::{DirectoryGroup, GroupCounts, GroupManagedBy, GroupSearchRequest, ManagementAccess};
pub use org::{
    ClaimType, DirectoryRecord, DomainAttributes, DomainClaim, DomainClaimStatus, DomainRecord,
    OrgAttributes, OrgRecord,
};
pub use seat::{
    GroupRoleAssignment, RoleAssignment, RoleRef, UserRoleAssignment, Workspace, WorkspaceAttributes,
    WorkspaceSearchRequest,
};
pub use user::{
    AccountStatus, AccountType, ClaimStatus, DirectoryUser, GroupRef, ManagedAccount, ManagedAccountProduct,
    ManagedAccountsPage, ManagementSource, MembershipStatus, PlatformRole, ProductAccess, SortBy,
    UserSearchRequest, UserStatus,
};

use serde::{Deserialize, Serialize};
use url::Url;

/// A list page. v2 links are bare opaque cursors; v1 links are URLs carrying `?cursor=`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub links: Option<PageLinks>,
}

impl<T> Page<T> {
    /// The cursor of the next page, `None` on the last one.
    #[must_use]
    pub fn next_cursor(&self) -> Option<String> {
        self.links.as_ref().and_then(PageLinks::next_cursor)
    }
}

/// `{ "data": {...} }` around a single record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Single<T> {
    pub data: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PageLinks {
    #[serde(rename = "self", default)]
    pub self_link: Option<String>,
    #[serde(default)]
    pub prev: Option<String>,
    #[serde(default)]
    pub next: Option<String>,
}

impl PageLinks {
    /// `next` as a cursor: a URL's `cursor` query value (v1), or the bare string itself (v2).
    /// dormant never follows a server-given URL, so the key cannot be sent to another host.
    #[must_use]
    pub fn next_cursor(&self) -> Option<String> {
        let next = self
            .next
            .as_deref()
            .map(str::trim)
            .filter(|next| !next.is_empty())?;
        if next.starts_with("http://") || next.starts_with("https://") {
            let url = Url::parse(next).ok()?;
            url.query_pairs()
                .find(|(name, _)| name == "cursor")
                .map(|(_, value)| value.into_owned())
        } else {
            Some(next.to_owned())
        }
    }
}

/// `GET .../users/count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Count {
    pub count: u64,
}

/// The error envelope of every non-2xx answer (reference §1.4). `status` is a string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorEnvelope {
    #[serde(default)]
    pub errors: Vec<ErrorItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorItem {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests;
