//! What seats are made of, read per org and per group (never per user): the org's sites
//! (workspaces) and each granting group's role assignments, read side by side with the user
//! paging. Groups that report no resource or no member are not read. Must not decide what is billed.

use super::all_pages;
use crate::api::assumptions::SEARCH_MAX_LIMIT;
use crate::api::client::{ALL_DIRECTORIES, Client};
use crate::api::convert;
use crate::api::error::ApiError;
use crate::api::model::{DirectoryGroup, GroupRoleAssignment, Workspace, WorkspaceSearchRequest};
use crate::directory::{Group, Interner, Site};
use tokio::task::JoinSet;

/// Role-assignment reads in flight at once: groups are few, and the user pages come first.
const GRANT_READS_IN_FLIGHT: usize = 4;

/// What reading the seats' sources did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeatStats {
    pub sites: usize,
    /// The workspaces endpoint answered 404: sites unnamed.
    pub sites_unavailable: bool,
    /// Groups whose role assignments were read.
    pub groups_read: usize,
    /// Groups reporting no resource (`counts.resources == 0`): nothing to read.
    pub groups_without_resources: usize,
    /// Groups with no member (`counts.users == 0`): their grants make no seat, not read.
    pub groups_without_members: usize,
    /// Groups gone between the listing and their read (404): left without grants.
    pub groups_gone: usize,
}

/// Every workspace of the org, paged (the cursor alone in later bodies); `None` when the
/// endpoint is not there (404: the org itself is checked by the org read beside this one).
pub async fn workspaces(client: &Client, org_id: &str) -> Result<Option<Vec<Workspace>>, ApiError> {
    let listed = all_pages("workspaces", |cursor| async move {
        let request = WorkspaceSearchRequest::page(cursor, SEARCH_MAX_LIMIT);
        client.workspaces_page(org_id, &request).await
    })
    .await;
    match listed {
        Ok(workspaces) => Ok(Some(workspaces)),
        Err(ApiError::OrgNotFound { .. } | ApiError::NotFound { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The sites of the org's workspaces, in the order listed; a workspace naming no product, or a
/// site listed twice, is left out. No workspaces endpoint: no sites (seats still carry their
/// site ids, from the grants and the activity).
pub fn sites(
    workspaces: Option<Vec<Workspace>>,
    interner: &mut Interner,
    stats: &mut SeatStats,
) -> Vec<Site> {
    let Some(workspaces) = workspaces else {
        stats.sites_unavailable = true;
        return Vec::new();
    };
    let mut sites: Vec<Site> = Vec::with_capacity(workspaces.len());
    for site in workspaces
        .into_iter()
        .filter_map(|workspace| convert::site(workspace, interner))
    {
        if !sites.iter().any(|known| known.id == site.id) {
            sites.push(site);
        }
    }
    stats.sites = sites.len();
    sites
}

/// One group to read: its position in the group list, directory segment and id.
#[derive(Debug, Clone)]
pub struct GrantRead {
    at: usize,
    directory: String,
    group_id: String,
}

/// The groups whose role assignments must be read: all but those reporting no resource or no
/// member (their grants stay empty).
#[must_use]
pub fn to_read(groups: &[DirectoryGroup], stats: &mut SeatStats) -> Vec<GrantRead> {
    let mut reads = Vec::new();
    for (at, group) in groups.iter().enumerate() {
        let counts = group.counts.unwrap_or(crate::api::model::GroupCounts {
            users: None,
            resources: None,
        });
        if counts.resources == Some(0) {
            stats.groups_without_resources += 1;
            continue;
        }
        if counts.users == Some(0) {
            // What a group without members grants is nobody's seat.
            stats.groups_without_members += 1;
            continue;
        }
        reads.push(GrantRead {
            at,
            directory: group
                .directory_id
                .clone()
                .unwrap_or_else(|| ALL_DIRECTORIES.to_owned()),
            group_id: group.id.clone(),
        });
    }
    reads
}

/// A group's role assignments, or `None` when the group is gone.
pub type GrantAnswer = (usize, Option<Vec<GroupRoleAssignment>>);

/// Reads the role assignments of `reads`, a few at a time.
pub async fn role_assignments(
    client: &Client,
    org_id: &str,
    reads: Vec<GrantRead>,
) -> Result<Vec<GrantAnswer>, ApiError> {
    let mut answers = Vec::with_capacity(reads.len());
    let mut waiting = reads.into_iter();
    let mut tasks: JoinSet<Result<GrantAnswer, ApiError>> = JoinSet::new();
    loop {
        while tasks.len() < GRANT_READS_IN_FLIGHT {
            let Some(read) = waiting.next() else { break };
            let (client, org_id) = (client.clone(), org_id.to_owned());
            tasks.spawn(async move {
                let listing = format!("role assignments of group {}", read.group_id);
                let pages = all_pages(&listing, |cursor| {
                    let (client, org_id, read) = (&client, &org_id, &read);
                    async move {
                        client
                            .group_role_assignments_page(
                                org_id,
                                &read.directory,
                                &read.group_id,
                                cursor.as_deref(),
                            )
                            .await
                    }
                })
                .await;
                match pages {
                    Ok(assignments) => Ok((read.at, Some(assignments))),
                    // The org was read moments ago: a 404 here means the group was deleted since.
                    Err(ApiError::OrgNotFound { .. } | ApiError::NotFound { .. }) => Ok((read.at, None)),
                    Err(other) => Err(other),
                }
            });
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        answers.push(joined.map_err(super::interrupted)??);
    }
    Ok(answers)
}

/// Gives each group the grants read for it.
pub fn apply(
    groups: &mut [Group],
    sites: &[Site],
    answers: Vec<GrantAnswer>,
    interner: &mut Interner,
    stats: &mut SeatStats,
) {
    for (at, answer) in answers {
        let Some(group) = groups.get_mut(at) else { continue };
        match answer {
            Some(assignments) => {
                stats.groups_read += 1;
                group.grants = assignments
                    .iter()
                    .map(|assignment| convert::grant(assignment, sites, interner))
                    .collect();
            }
            None => stats.groups_gone += 1,
        }
    }
}
