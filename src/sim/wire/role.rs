//! Role-assignment shapes (reference §1.10, §1.7.5, §1.14): a group's role assignments per site and
//! a user's roles per site with how each is held (`direct`, `group_direct`). Owns shapes only;
//! must not decide which rows are listed or derive roles (see `state::seats`).

use crate::sim::model::{SimGroup, SimProduct, SimUser};
use crate::sim::state::SiteRoles;
use serde::Serialize;

/// One site a group grants roles on.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRoleAssignment<'a> {
    resource_id: &'a str,
    resource_owner: &'a str,
    /// Whether the group is the site's default group (its roles are the default roles).
    default_role: bool,
    roles: Vec<&'a str>,
}

impl<'a> GroupRoleAssignment<'a> {
    #[must_use]
    pub fn resource_id(&self) -> &'a str {
        self.resource_id
    }

    #[must_use]
    pub fn roles(&self) -> &[&'a str] {
        &self.roles
    }
}

/// The group's role assignments, one row per site in the group's order (sites the org does not
/// list are rendered with their resource id as the owner is unknown).
#[must_use]
pub fn group_assignments<'a>(
    group: &'a SimGroup,
    site: impl Fn(&str) -> Option<&'a SimProduct>,
) -> Vec<GroupRoleAssignment<'a>> {
    let mut rows: Vec<GroupRoleAssignment<'a>> = Vec::new();
    for grant in &group.grants {
        if let Some(row) = rows.iter_mut().find(|row| row.resource_id == grant.resource_id) {
            if !row.roles.contains(&grant.role.as_str()) {
                row.roles.push(&grant.role);
            }
            continue;
        }
        rows.push(GroupRoleAssignment {
            resource_id: &grant.resource_id,
            resource_owner: site(&grant.resource_id).map_or("", |found| found.key.as_str()),
            default_role: group.default_access,
            roles: vec![&grant.role],
        });
    }
    rows
}

/// One site a user holds roles on.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRoleAssignment<'a> {
    resource_id: &'a str,
    resource_owner: &'a str,
    /// Deprecated in the reference; still served, as the real API does.
    roles: Vec<&'a str>,
    role_assignments: Vec<RoleAssignment<'a>>,
    directory_id: Option<&'a str>,
    user_directory_status: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment<'a> {
    role: &'a str,
    role_assignment_methods: Vec<&'static str>,
}

/// How a role is held: through a group, or assigned to the user directly.
pub const METHOD_GROUP: &str = "group_direct";
pub const METHOD_DIRECT: &str = "direct";

/// The user's roles on one site. `directoryId` is the directory of the first group granting a
/// role there (the user's first directory for direct roles).
#[must_use]
pub fn user_assignment<'a>(user: &'a SimUser, roles: &SiteRoles<'a>) -> UserRoleAssignment<'a> {
    let role_assignments = roles
        .roles()
        .into_iter()
        .map(|role| {
            let mut methods = Vec::with_capacity(2);
            for source in roles.sources.iter().filter(|source| source.role == role) {
                let method = if source.group.is_some() {
                    METHOD_GROUP
                } else {
                    METHOD_DIRECT
                };
                if !methods.contains(&method) {
                    methods.push(method);
                }
            }
            RoleAssignment {
                role,
                role_assignment_methods: methods,
            }
        })
        .collect();
    let directory_id = roles
        .sources
        .iter()
        .find_map(|source| source.group.map(|group| group.directory_id.as_str()))
        .or_else(|| user.directories.first().map(String::as_str));
    UserRoleAssignment {
        resource_id: &roles.site.id,
        resource_owner: &roles.site.key,
        roles: roles.roles(),
        role_assignments,
        directory_id,
        user_directory_status: Some(&user.membership_status),
    }
}
