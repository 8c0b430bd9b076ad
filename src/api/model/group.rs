//! Wire types of v2 groups (reference §1.10).

use serde::{Deserialize, Serialize};

/// One group from `groups/search` or `groups/{groupId}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryGroup {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub directory_id: Option<String>,
    #[serde(default)]
    pub management_access: Option<ManagementAccess>,
    /// Created and kept by `IdP` sync: its membership cannot be changed through the API.
    #[serde(default)]
    pub external_synced: Option<bool>,
    #[serde(default)]
    pub managed_by: Option<GroupManagedBy>,
    #[serde(default)]
    pub counts: Option<GroupCounts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ManagementAccess {
    #[serde(default)]
    pub deletable: Option<bool>,
    #[serde(default)]
    pub modifiable: Option<bool>,
    #[serde(default)]
    pub readable: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct GroupCounts {
    #[serde(default)]
    pub users: Option<u64>,
    #[serde(default)]
    pub resources: Option<u64>,
}

crate::open_enum! {
    /// Who may change a group's membership.
    pub enum GroupManagedBy {
        External => "external",
        Admins => "admins",
        TeamMembers => "team-members",
        Open => "open",
    }
}

/// Body of `POST .../groups/search`. With a cursor the server ignores the filters; dormant
/// sends the same body plus the cursor so either reading works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSearchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    pub limit: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
}
