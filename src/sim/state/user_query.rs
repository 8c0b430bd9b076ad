//! The v2 user search as state sees it: filters, expansions, order and page size, already validated
//! and normalised (lower-cased where matching is case-insensitive). Serializable because the page
//! cursor carries it. Owns matching and paging; must not parse HTTP requests.

use super::SimState;
use super::index::OrgIndex;
use super::paging::{Page, range_split, scan_page};
use super::scope::DirectoryScope;
use crate::sim::model::{SimOrg, SimUser};
use serde::{Deserialize, Serialize};

/// Filters of reference §1.7.4; an empty list or `None` does not filter. Lists match any of their
/// values; different filters must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub directory_ids: Vec<String>,
    /// Product instance ARIs: users with access to any of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    /// Matched against `platformRoles`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_ids: Vec<String>,
    /// Lower-cased domains, matched against the part after `@`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_domains: Vec<String>,
    /// Lower-cased full addresses, exact match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_status: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub membership_status: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_enabled: Option<bool>,
    /// Lower-cased; a substring of the name, nickname or email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_term: Option<String>,
}

fn any_in(values: &[String], wanted: &[String]) -> bool {
    wanted.is_empty() || values.iter().any(|value| wanted.contains(value))
}

fn one_of(value: &str, wanted: &[String]) -> bool {
    wanted.is_empty() || wanted.iter().any(|w| w == value)
}

impl UserFilter {
    #[must_use]
    pub fn matches(&self, user: &SimUser, org: &SimOrg, index: &OrgIndex) -> bool {
        one_of(&user.account_id, &self.account_ids)
            && any_in(&user.directories, &self.directory_ids)
            && any_in(&user.groups, &self.group_ids)
            && any_in(&user.platform_roles, &self.role_ids)
            && one_of(user.status(), &self.status)
            && one_of(&user.account_status, &self.account_status)
            && one_of(&user.membership_status, &self.membership_status)
            && self
                .claim_status
                .as_ref()
                .is_none_or(|claim| claim == &user.claim_status)
            && self.mfa_enabled.is_none_or(|mfa| mfa == user.mfa_enabled)
            && self.matches_email(user)
            && self.matches_resources(user, org, index)
            && self.matches_search_term(user)
    }

    fn matches_email(&self, user: &SimUser) -> bool {
        if self.emails.is_empty() && self.email_domains.is_empty() {
            return true;
        }
        let email = user.email.to_lowercase();
        let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
        one_of(&email, &self.emails) && one_of(domain, &self.email_domains)
    }

    fn matches_resources(&self, user: &SimUser, org: &SimOrg, index: &OrgIndex) -> bool {
        self.resource_ids.is_empty()
            || user.product_access.iter().any(|access| {
                index
                    .product(org, &access.key)
                    .is_some_and(|product| self.resource_ids.contains(&product.id))
            })
    }

    fn matches_search_term(&self, user: &SimUser) -> bool {
        self.search_term.as_ref().is_none_or(|term| {
            [&user.name, &user.nickname, &user.email]
                .iter()
                .any(|field| field.to_lowercase().contains(term))
        })
    }
}

/// Fields a search adds to each user when asked (`expand`); everything else is always rendered.
// One flag per independent `expand` value of the wire.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserExpand {
    pub platform_roles: bool,
    pub product_access: bool,
    pub groups: bool,
    pub resource_counts: bool,
}

/// Result order: stored order, or `sortBy` `nick_name` (case-insensitive).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserOrder {
    #[default]
    Stored,
    NicknameAsc,
    NicknameDesc,
}

/// A whole user search: what the first request asked for, replayed by every cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    pub scope: DirectoryScope,
    #[serde(default)]
    pub filter: UserFilter,
    #[serde(default)]
    pub expand: UserExpand,
    #[serde(default)]
    pub order: UserOrder,
    pub limit: usize,
}

impl SimState {
    /// One page of users matching `query`, starting at `start` in the query's order. Positions in
    /// the returned page are positions in that order; map them with [`SimState::user_at`].
    #[must_use]
    pub fn search_users(&self, query: &UserQuery, start: usize) -> Page {
        let org = self.org();
        let index = self.index();
        let len = org.users.len();
        let matches = |position: usize| {
            self.user_at(query.order, position)
                .is_some_and(|user| query.scope.contains_user(user) && query.filter.matches(user, org, index))
        };
        if let Some(positions) = self.candidate_positions(query) {
            let forward = positions.iter().copied().filter(|&p| p >= start);
            let backward = positions.iter().rev().copied().filter(|&p| p < start);
            scan_page(forward, backward, query.limit, matches)
        } else {
            let (forward, backward) = range_split(start, len);
            scan_page(forward, backward, query.limit, matches)
        }
    }

    /// How many users match, for `users/count`.
    #[must_use]
    pub fn count_users(&self, scope: &DirectoryScope, filter: &UserFilter) -> usize {
        let org = self.org();
        org.users
            .iter()
            .filter(|user| scope.contains_user(user) && filter.matches(user, org, self.index()))
            .count()
    }

    /// The user at `position` of `order`.
    #[must_use]
    pub fn user_at(&self, order: UserOrder, position: usize) -> Option<&SimUser> {
        let users = &self.org().users;
        let at = match order {
            UserOrder::Stored => Some(position),
            UserOrder::NicknameAsc => self.index().by_nickname(position),
            UserOrder::NicknameDesc => users
                .len()
                .checked_sub(position + 1)
                .and_then(|rank| self.index().by_nickname(rank)),
        };
        at.and_then(|at| users.get(at))
    }

    /// With `accountIds` or `emails`, only the few users they name need checking: their positions
    /// in the query's order, ascending. `None` means every position is a candidate.
    fn candidate_positions(&self, query: &UserQuery) -> Option<Vec<usize>> {
        let index = self.index();
        let stored: Vec<usize> = if !query.filter.account_ids.is_empty() {
            query
                .filter
                .account_ids
                .iter()
                .filter_map(|id| index.user_position(id))
                .collect()
        } else if !query.filter.emails.is_empty() {
            query
                .filter
                .emails
                .iter()
                .flat_map(|email| index.email_positions(email))
                .copied()
                .collect()
        } else {
            return None;
        };
        let len = self.org().users.len();
        let mut positions: Vec<usize> = stored
            .into_iter()
            .filter_map(|at| match query.order {
                UserOrder::Stored => Some(at),
                UserOrder::NicknameAsc => index.nickname_rank(at),
                UserOrder::NicknameDesc => index.nickname_rank(at).map(|rank| len - 1 - rank),
            })
            .collect();
        positions.sort_unstable();
        positions.dedup();
        Some(positions)
    }
}
