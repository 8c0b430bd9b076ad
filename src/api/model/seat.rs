//! Wire types of what seats are made of: workspaces (product sites, reference §1.13) and a
//! group's role assignments (§1.10, §1.14). Tolerant: unknown fields are ignored, roles and
//! product keys stay open strings, every optional field may be absent.

use serde::{Deserialize, Serialize};

/// Body of `POST /admin/v2/orgs/{orgId}/workspaces`. A page after the first sends only the
/// cursor: the API refuses a cursor next to any other property.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WorkspaceSearchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl WorkspaceSearchRequest {
    /// The first page (`limit` only) or a later one (`cursor` only).
    #[must_use]
    pub fn page(cursor: Option<String>, limit: u32) -> Self {
        match cursor {
            Some(cursor) => Self {
                cursor: Some(cursor),
                limit: None,
            },
            None => Self {
                cursor: None,
                limit: Some(limit),
            },
        }
    }
}

/// One workspace: a product site of the org.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Workspace {
    /// The site's resource id (an ARI, or a bare cloud id: see `convert::site`).
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub attributes: Option<WorkspaceAttributes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceAttributes {
    #[serde(default)]
    pub name: Option<String>,
    /// Product key of the site (`jira-software`, `confluence`, …), an open set.
    #[serde(default)]
    pub type_key: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub host_url: Option<String>,
}

/// One entry of `GET .../groups/{groupId}/role-assignments`: the roles every member of the
/// group holds on one resource.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRoleAssignment {
    pub resource_id: String,
    /// Product key owning the resource (`jira`, `confluence`, …), an open set.
    #[serde(default)]
    pub resource_owner: Option<String>,
    /// A role id, or a flag (the site's default group): shapes differ between sources, and
    /// dormant never reads a held role from it (`EMPTY_ROLES_IGNORE_DEFAULT_ROLE`).
    #[serde(default)]
    pub default_role: Option<serde_json::Value>,
    /// Absent or empty: the API did not say which role, counted as billed (reference §1.14).
    #[serde(default)]
    pub roles: Vec<RoleRef>,
}

/// One resource of a user's role assignments (`GET …/users/{accountId}/role-assignments`,
/// reference 1.7.5): each role held there and how (`direct`, `group_direct`, `inferred`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRoleAssignment {
    pub resource_id: String,
    #[serde(default)]
    pub role_assignments: Vec<RoleAssignment>,
}

/// A role held on a resource and the ways it is assigned.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub role: String,
    #[serde(default)]
    pub role_assignment_methods: Vec<String>,
}

impl UserRoleAssignment {
    /// The roles assigned to the user directly on this resource (not through a group).
    pub fn direct_roles(&self) -> impl Iterator<Item = &str> {
        self.role_assignments
            .iter()
            .filter(|assignment| {
                assignment
                    .role_assignment_methods
                    .iter()
                    .any(|method| method == "direct")
            })
            .map(|assignment| assignment.role.as_str())
    }
}

/// A role as the API spells it: a role id string, or an object carrying one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RoleRef {
    Id(String),
    Object {
        #[serde(alias = "roleId", alias = "role")]
        id: String,
    },
}

impl RoleRef {
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Id(id) | Self::Object { id } => id,
        }
    }
}
