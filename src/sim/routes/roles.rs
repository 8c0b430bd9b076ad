//! Role-assignment reads (reference §1.7.5, §1.10, §1.14): `GET …/groups/{groupId}/role-assignments`
//! and `GET …/users/{accountId}/role-assignments`, v2 cursor paging with the query's filters
//! replayed by each cursor. Owns request handling and row filtering; shapes live in `wire::role`,
//! role derivation in `state::seats`.

use super::input::{QueryParams, ReplayedSearch, page_limit, resume};
use super::{Handled, SimContext, json_ok};
use crate::api::assumptions::{FILTER_LIST_MAX, RESOURCE_IDS_MAX, SEARCH_MAX_LIMIT};
use crate::sim::errors::SimError;
use crate::sim::state::{DirectoryScope, Page, range_split, scan_page, site_roles};
use crate::sim::wire::role::{group_assignments, user_assignment};
use crate::sim::wire::{CursorLinks, to_body};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::json;

const GROUP_ROLES_CURSOR: &str = "group-roles";
const USER_ROLES_CURSOR: &str = "user-roles";
/// Rows per page when `limit` is absent (the reference gives no default; users search's is used).
pub const ROLE_ASSIGNMENTS_DEFAULT_LIMIT: u32 = 50;

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/{group_id}/role-assignments",
            get(group_roles),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/{account_id}/role-assignments",
            get(user_roles),
        )
}

/// A role-assignment listing as its cursor replays it: whose roles, filters, page size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RoleQuery {
    scope: DirectoryScope,
    /// The group id or account id in the path.
    subject: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    resource_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    resource_owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    role_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    directory_ids: Vec<String>,
    limit: usize,
}

impl ReplayedSearch for RoleQuery {
    fn scope(&self) -> &DirectoryScope {
        &self.scope
    }
    fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }
}

impl RoleQuery {
    /// From the query string, or from its cursor (whose filters then replace the others).
    fn parse(
        kind: &str,
        raw: Option<&str>,
        scope: DirectoryScope,
        subject: &str,
    ) -> Result<(Self, usize), SimError> {
        let params = QueryParams::parse(raw);
        let explicit_limit = params
            .number("limit")?
            .map(|limit| page_limit(Some(limit), ROLE_ASSIGNMENTS_DEFAULT_LIMIT, SEARCH_MAX_LIMIT))
            .transpose()?;
        if let Some(cursor) = params.single("cursor")? {
            let (query, start): (Self, usize) = resume(kind, &cursor, &scope, explicit_limit)?;
            if query.subject != subject {
                return Err(SimError::invalid_cursor(
                    "The cursor was issued for another group or user",
                ));
            }
            return Ok((query, start));
        }
        let list = |name: &str, max: usize| -> Result<Vec<String>, SimError> {
            super::input::bounded(name, params.list(name), max)
        };
        Ok((
            Self {
                scope,
                subject: subject.to_owned(),
                resource_ids: list("resourceIds", RESOURCE_IDS_MAX)?,
                resource_owners: list("resourceOwners", FILTER_LIST_MAX)?,
                role_ids: list("roleIds", FILTER_LIST_MAX)?,
                directory_ids: list("directoryIds", FILTER_LIST_MAX)?,
                limit: explicit_limit.unwrap_or(ROLE_ASSIGNMENTS_DEFAULT_LIMIT as usize),
            },
            0,
        ))
    }

    /// Whether a row on `resource_id` of product `owner` (v2 key, v1 key) with `roles` is listed.
    fn keeps(&self, resource_id: &str, owner: [&str; 2], roles: &[&str], directory: Option<&str>) -> bool {
        (self.resource_ids.is_empty() || self.resource_ids.iter().any(|id| id == resource_id))
            && (self.resource_owners.is_empty()
                || self
                    .resource_owners
                    .iter()
                    .any(|wanted| owner.contains(&wanted.as_str())))
            && (self.role_ids.is_empty()
                || roles.iter().any(|role| self.role_ids.iter().any(|id| id == role)))
            && (self.directory_ids.is_empty()
                || directory.is_some_and(|directory| self.directory_ids.iter().any(|id| id == directory)))
    }
}

/// The page of `count` filtered rows starting at `start`.
fn page_of(count: usize, start: usize, limit: usize) -> Page {
    let (forward, backward) = range_split(start, count);
    scan_page(forward, backward, limit, |_| true)
}

/// `{ data, links }` of one page of `rows`.
fn page_body<T: Serialize>(
    kind: &str,
    query: &RoleQuery,
    start: usize,
    rows: Vec<T>,
) -> Result<Vec<u8>, SimError> {
    let page = page_of(rows.len(), start, query.limit);
    let mut rows: Vec<Option<T>> = rows.into_iter().map(Some).collect();
    let data: Vec<T> = page
        .positions
        .iter()
        .filter_map(|&at| rows.get_mut(at).and_then(Option::take))
        .collect();
    let links = CursorLinks::of(kind, query, start, &page)?;
    to_body(&json!({ "data": data, "links": links }))
}

async fn group_roles(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, group_id)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let body = ctx.read(|state, _| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let group = state
            .index()
            .group(state.org(), &group_id)
            .filter(|group| scope.contains_group(group))
            .ok_or_else(|| SimError::group_not_found(&group_id))?;
        let (query, start) = RoleQuery::parse(GROUP_ROLES_CURSOR, raw.as_deref(), scope, &group_id)?;
        let site = |id: &str| state.index().site(state.org(), id);
        let rows: Vec<_> = group_assignments(group, site)
            .into_iter()
            .filter(|row| {
                let owner = site(row.resource_id())
                    .map_or(["", ""], |found| [found.key.as_str(), found.v1_key.as_str()]);
                query.keeps(row.resource_id(), owner, row.roles(), Some(&group.directory_id))
            })
            .collect();
        page_body(GROUP_ROLES_CURSOR, &query, start, rows)
    })?;
    Ok(json_ok(body))
}

async fn user_roles(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, account_id)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let body = ctx.read(|state, _| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let user = state
            .index()
            .user(state.org(), &account_id)
            .filter(|user| scope.contains_user(user))
            .ok_or_else(|| SimError::user_not_found(&account_id))?;
        let (query, start) = RoleQuery::parse(USER_ROLES_CURSOR, raw.as_deref(), scope, &account_id)?;
        let rows: Vec<_> = site_roles(state.org(), state.index(), user)
            .iter()
            .filter(|site| {
                let directory = site
                    .sources
                    .iter()
                    .find_map(|source| source.group.map(|group| group.directory_id.as_str()))
                    .or_else(|| user.directories.first().map(String::as_str));
                query.keeps(
                    &site.site.id,
                    [site.site.key.as_str(), site.site.v1_key.as_str()],
                    &site.roles(),
                    directory,
                )
            })
            .map(|site| user_assignment(user, site))
            .collect();
        page_body(USER_ROLES_CURSOR, &query, start, rows)
    })?;
    Ok(json_ok(body))
}
