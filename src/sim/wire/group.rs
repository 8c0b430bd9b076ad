//! v2 group shapes (`MultiDirectoryGroup` search items and `…/groups/{groupId}` details, reference
//! §1.10). Owns shapes only; must not decide which groups are listed.

use super::RenderContext;
use super::user_v2::SelfLink;
use crate::sim::cursor::item_link;
use crate::sim::model::SimGroup;
use crate::sim::state::GroupExpand;
use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiDirectoryGroup<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    directory_id: &'a str,
    management_access: ManagementAccess,
    external_synced: bool,
    managed_by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<GroupCounts>,
    links: SelfLink,
}

/// What an org admin may do with the group: IdP-synced groups are read-only here, and groups that
/// grant access or admin rights cannot be deleted.
#[derive(Debug, Serialize)]
struct ManagementAccess {
    deletable: bool,
    modifiable: bool,
    readable: bool,
}

#[derive(Debug, Serialize)]
struct GroupCounts {
    #[serde(skip_serializing_if = "Option::is_none")]
    users: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resources: Option<usize>,
}

/// Renders the group at stored position `group_at`; `expand` chooses the counts (details pass both).
#[must_use]
pub fn render<'a>(
    ctx: &RenderContext<'a>,
    group: &'a SimGroup,
    group_at: usize,
    expand: GroupExpand,
) -> MultiDirectoryGroup<'a> {
    let counts = (expand.users || expand.resources).then(|| GroupCounts {
        users: expand.users.then(|| ctx.index.member_count(group_at)),
        resources: expand.resources.then(|| resource_count(group)),
    });
    MultiDirectoryGroup {
        id: &group.id,
        name: &group.name,
        description: group.description.as_deref(),
        directory_id: &group.directory_id,
        management_access: ManagementAccess {
            deletable: !group.is_idp_managed() && !group.admin && group.grants.is_empty(),
            modifiable: !group.is_idp_managed(),
            readable: true,
        },
        external_synced: group.external_synced,
        managed_by: &group.managed_by,
        counts,
        links: SelfLink {
            self_link: item_link(&group.id),
        },
    }
}

/// Distinct sites the group grants a role on.
fn resource_count(group: &SimGroup) -> usize {
    let mut sites: Vec<&str> = group
        .grants
        .iter()
        .map(|grant| grant.resource_id.as_str())
        .collect();
    sites.sort_unstable();
    sites.dedup();
    sites.len()
}
