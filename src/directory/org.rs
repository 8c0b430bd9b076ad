//! The loaded org as a whole: the aggregate every view and plan is built from.

use super::ids::{DirectoryId, GroupId};
use super::seat::{RoleGrant, Site};
use super::user::User;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The organization the directory belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    pub name: String,
}

/// One Atlassian user directory (original user management may have several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryInfo {
    pub id: DirectoryId,
    pub name: String,
}

/// A domain claimed by the org; accounts on verified domains are managed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub name: String,
    pub verified: bool,
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

/// A group of the org's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub description: Option<String>,
    pub directory_id: Option<DirectoryId>,
    /// Created and kept in sync by the identity provider: membership cannot change here.
    pub external_synced: bool,
    pub managed_by: Option<GroupManagedBy>,
    pub user_count: Option<u64>,
    /// The group's role assignments, one per site (reference 1.14): what every member holds.
    #[serde(default)]
    pub grants: Vec<RoleGrant>,
    /// `managementAccess.modifiable` when the API sent it; `Some(false)` is authoritative.
    #[serde(default)]
    pub modifiable: Option<bool>,
}

impl Group {
    /// Whether the identity provider owns the membership, so the API must not change it
    /// (`modifiable == false`, `managedBy == external` or `externalSynced`); such seats are
    /// freed in the `IdP`.
    #[must_use]
    pub fn is_idp_managed(&self) -> bool {
        self.modifiable == Some(false)
            || self.managed_by == Some(GroupManagedBy::External)
            || self.external_synced
    }
}

/// Where the directory's data came from, shown in the header so the admin knows its age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataSource {
    /// Loaded from the API just now (or at `loaded_at`).
    Api { base_url: String },
    /// Reopened from the local cache snapshot.
    Cache { base_url: String },
    /// Read from Atlassian's admin "Export users" CSV; `file_date` is when the file was last
    /// written, the best date the data has (the export itself carries none).
    CsvExport {
        path: std::path::PathBuf,
        file_date: DateTime<Utc>,
    },
}

/// Everything loaded about one org, held in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub org: Org,
    pub directories: Vec<DirectoryInfo>,
    pub domains: Vec<Domain>,
    pub groups: Vec<Group>,
    /// The org's product sites (workspaces); empty when the source does not know them.
    #[serde(default)]
    pub sites: Vec<Site>,
    pub users: Vec<User>,
    /// When the data was read from the API (kept when reopened from the cache).
    pub loaded_at: DateTime<Utc>,
    pub source: DataSource,
}
