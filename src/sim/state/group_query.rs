//! The v2 group search as state sees it: validated, normalised filters, expansions, order and page
//! size, serializable for the page cursor. Owns matching and paging; must not parse HTTP requests.

use super::SimState;
use super::paging::{Page, range_split, scan_page};
use super::scope::DirectoryScope;
use crate::sim::model::SimGroup;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Filters of reference §1.10; empty does not filter, lists match any value, filters all match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    /// Lower-cased exact names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub directory_ids: Vec<String>,
    /// Groups any of these accounts belongs to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<String>,
    /// Product instance ARIs the group grants.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<String>,
    /// Product keys (v2 or v1 spelling) the group grants a role on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_owners: Vec<String>,
    /// Roles the group grants (on any site).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_ids: Vec<String>,
    /// Lower-cased substring of the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_term: Option<String>,
}

/// `expand` of `counts.users` / `counts.resources`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupExpand {
    pub users: bool,
    pub resources: bool,
}

/// Stored order, or `sortBy` `name`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupOrder {
    #[default]
    Stored,
    NameAsc,
    NameDesc,
}

/// A whole group search, replayed by every cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupQuery {
    pub scope: DirectoryScope,
    #[serde(default)]
    pub filter: GroupFilter,
    #[serde(default)]
    pub expand: GroupExpand,
    #[serde(default)]
    pub order: GroupOrder,
    pub limit: usize,
}

impl SimState {
    /// Stored group positions in `order` (an org has tens of groups, so this is built per request).
    #[must_use]
    pub fn group_order(&self, order: GroupOrder) -> Vec<usize> {
        let groups = &self.org().groups;
        let mut positions: Vec<usize> = (0..groups.len()).collect();
        let name = |at: usize| groups[at].name.to_lowercase();
        match order {
            GroupOrder::Stored => {}
            GroupOrder::NameAsc => positions.sort_by_cached_key(|&at| (name(at), at)),
            GroupOrder::NameDesc => {
                positions.sort_by_cached_key(|&at| (name(at), at));
                positions.reverse();
            }
        }
        positions
    }

    /// One page of groups; positions index into `self.group_order(query.order)`.
    #[must_use]
    pub fn search_groups(&self, query: &GroupQuery, order: &[usize], start: usize) -> Page {
        let org = self.org();
        let member_of: HashSet<&str> = query
            .filter
            .account_ids
            .iter()
            .filter_map(|id| self.index().user(org, id))
            .flat_map(|user| user.groups.iter().map(String::as_str))
            .collect();
        let matches = |position: usize| {
            order
                .get(position)
                .and_then(|&at| org.groups.get(at))
                .is_some_and(|group| {
                    query.scope.contains_group(group) && self.group_matches(&query.filter, group, &member_of)
                })
        };
        let (forward, backward) = range_split(start, order.len());
        scan_page(forward, backward, query.limit, matches)
    }

    fn group_matches(&self, filter: &GroupFilter, group: &SimGroup, member_of: &HashSet<&str>) -> bool {
        let org = self.org();
        let owner_matches = |resource_id: &str| {
            filter.resource_owners.is_empty()
                || self.index().site(org, resource_id).is_some_and(|site| {
                    filter
                        .resource_owners
                        .iter()
                        .any(|owner| *owner == site.key || *owner == site.v1_key)
                })
        };
        // Resource and role filters must hold for one and the same role assignment.
        let grants_match = (filter.resource_ids.is_empty()
            && filter.resource_owners.is_empty()
            && filter.role_ids.is_empty())
            || group.grants.iter().any(|grant| {
                (filter.resource_ids.is_empty() || filter.resource_ids.contains(&grant.resource_id))
                    && (filter.role_ids.is_empty() || filter.role_ids.contains(&grant.role))
                    && owner_matches(&grant.resource_id)
            });
        (filter.group_ids.is_empty() || filter.group_ids.contains(&group.id))
            && (filter.group_names.is_empty() || filter.group_names.contains(&group.name.to_lowercase()))
            && (filter.directory_ids.is_empty() || filter.directory_ids.contains(&group.directory_id))
            && (filter.account_ids.is_empty() || member_of.contains(group.id.as_str()))
            && grants_match
            && filter
                .search_term
                .as_ref()
                .is_none_or(|term| group.name.to_lowercase().contains(term))
    }
}
