//! v2 groups: `POST …/groups/search`, `GET …/groups/{groupId}` and
//! `DELETE …/groups/{groupId}/memberships/{accountId}` (reference §1.10). Owns request handling and
//! validation; matching and the membership change live in `state`.

use super::input::{QueryParams, bounded, json_body, page_limit, resume};
use super::{Handled, SimContext, access, json_ok, request_line};
use crate::api::assumptions::{
    FILTER_LIST_MAX, GROUP_SEARCH_DEFAULT_LIMIT, RESOURCE_IDS_MAX, SEARCH_MAX_LIMIT,
};
use crate::sim::errors::SimError;
use crate::sim::state::{
    DirectoryScope, GroupExpand, GroupFilter, GroupOrder, GroupQuery, Mutation, SimState,
};
use crate::sim::wire::group::render;
use crate::sim::wire::{CursorLinks, RenderContext, to_body};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::Method;
use axum::routing::{delete, get, post};
use serde::Deserialize;
use serde_json::json;

const GROUPS_CURSOR: &str = "groups";

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/search",
            post(search),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups",
            get(list),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/{group_id}",
            get(details),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/{group_id}/memberships",
            post(add_membership),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/{group_id}/memberships/{account_id}",
            delete(remove_membership),
        )
}

/// `MultiDirectoryGroupSearchRequest`; unknown fields are refused like the user search.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GroupSearchInput {
    cursor: Option<String>,
    limit: Option<u32>,
    sort_by: Option<Vec<SortBy>>,
    account_ids: Option<Vec<String>>,
    directory_ids: Option<Vec<String>>,
    role_ids: Option<Vec<String>>,
    resource_owners: Option<Vec<String>>,
    resource_ids: Option<Vec<String>>,
    search_term: Option<String>,
    group_ids: Option<Vec<String>>,
    group_names: Option<Vec<String>>,
    expand: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SortBy {
    field: String,
    direction: String,
}

impl GroupSearchInput {
    fn into_query(self, scope: DirectoryScope) -> Result<(GroupQuery, usize), SimError> {
        let explicit_limit = self
            .limit
            .map(|limit| page_limit(Some(limit), GROUP_SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT))
            .transpose()?;
        if let Some(cursor) = &self.cursor {
            return resume(GROUPS_CURSOR, cursor, &scope, explicit_limit);
        }
        if self.group_names.is_some() && (self.search_term.is_some() || self.group_ids.is_some()) {
            return Err(SimError::invalid_request(
                "groupNames cannot be combined with searchTerm or groupIds",
            ));
        }
        let mut expand = GroupExpand::default();
        for value in self.expand.unwrap_or_default() {
            match value.as_str() {
                "counts.users" => expand.users = true,
                "counts.resources" => expand.resources = true,
                other => {
                    return Err(SimError::invalid_request(format!(
                        "expand value {other:?} is not one of counts.resources, counts.users"
                    )));
                }
            }
        }
        let order = match self.sort_by.as_deref().unwrap_or_default() {
            [] => GroupOrder::Stored,
            [SortBy { field, direction }] if field == "name" && direction == "asc" => GroupOrder::NameAsc,
            [SortBy { field, direction }] if field == "name" && direction == "desc" => GroupOrder::NameDesc,
            _ => {
                return Err(SimError::invalid_request(
                    "sortBy takes one entry: field name, direction asc or desc",
                ));
            }
        };
        let filter = GroupFilter {
            group_ids: bounded("groupIds", self.group_ids, FILTER_LIST_MAX)?,
            group_names: self
                .group_names
                .unwrap_or_default()
                .iter()
                .map(|name| name.to_lowercase())
                .collect(),
            directory_ids: bounded("directoryIds", self.directory_ids, FILTER_LIST_MAX)?,
            account_ids: bounded("accountIds", self.account_ids, FILTER_LIST_MAX)?,
            resource_ids: bounded("resourceIds", self.resource_ids, RESOURCE_IDS_MAX)?,
            resource_owners: self.resource_owners.unwrap_or_default(),
            role_ids: bounded("roleIds", self.role_ids, FILTER_LIST_MAX)?,
            search_term: self.search_term.map(|term| term.to_lowercase()),
        };
        let limit = explicit_limit.unwrap_or(GROUP_SEARCH_DEFAULT_LIMIT as usize);
        Ok((
            GroupQuery {
                scope,
                filter,
                expand,
                order,
                limit,
            },
            0,
        ))
    }
}

async fn search(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id)): Path<(String, String)>,
    body: Bytes,
) -> Handled {
    let input: GroupSearchInput = json_body(&body)?;
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let (query, start) = input.into_query(scope)?;
        group_page(state, render_ctx, &query, start)
    })?;
    Ok(json_ok(body))
}

/// The deprecated `GET …/groups` listing (reference §1.10, §1.14): the search's filters as query
/// parameters (`resourceIds`, `resourceOwners`, `roleIds`, `groupIds`, `searchTerm`), same pages.
async fn list(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let params = QueryParams::parse(raw.as_deref());
    let input = GroupSearchInput {
        cursor: params.single("cursor")?,
        limit: params.number("limit")?,
        resource_ids: params.list("resourceIds"),
        resource_owners: params.list("resourceOwners"),
        role_ids: params.list("roleIds"),
        group_ids: params.list("groupIds"),
        search_term: params.single("searchTerm")?,
        ..GroupSearchInput::default()
    };
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let (query, start) = input.into_query(scope)?;
        group_page(state, render_ctx, &query, start)
    })?;
    Ok(json_ok(body))
}

/// `{ data, links }` of one page of a group query.
fn group_page(
    state: &SimState,
    render_ctx: &RenderContext<'_>,
    query: &GroupQuery,
    start: usize,
) -> Result<Vec<u8>, SimError> {
    let order = state.group_order(query.order);
    let page = state.search_groups(query, &order, start);
    let data: Vec<_> = page
        .positions
        .iter()
        .filter_map(|&position| order.get(position))
        .filter_map(|&at| {
            state
                .org()
                .groups
                .get(at)
                .map(|group| render(render_ctx, group, at, query.expand))
        })
        .collect();
    let links = CursorLinks::of(GROUPS_CURSOR, query, start, &page)?;
    to_body(&json!({ "data": data, "links": links }))
}

async fn details(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, group_id)): Path<(String, String, String)>,
) -> Handled {
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let at = state
            .index()
            .group_position(&group_id)
            .ok_or_else(|| SimError::group_not_found(&group_id))?;
        let group = state
            .org()
            .groups
            .get(at)
            .filter(|group| scope.contains_group(group))
            .ok_or_else(|| SimError::group_not_found(&group_id))?;
        let expand = GroupExpand {
            users: true,
            resources: true,
        };
        to_body(&json!({ "data": render(render_ctx, group, at, expand) }))
    })?;
    Ok(json_ok(body))
}

async fn remove_membership(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, group_id, account_id)): Path<(String, String, String, String)>,
    method: Method,
    uri: OriginalUri,
) -> Handled {
    let mutation = Mutation::RemoveMembership {
        org_id,
        directory_id,
        group_id,
        account_id,
    };
    access::apply(&ctx, &mutation, &method, &uri)
}

/// The body of a membership add: `{ "accountId": "…" }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MembershipInput {
    account_id: String,
}

/// `POST …/groups/{groupId}/memberships`: 204 added; 409 already a member or licence limit;
/// 403 for IdP-managed groups; 404 unknown group or user; 400 an unreadable body (journaled).
async fn add_membership(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, group_id)): Path<(String, String, String)>,
    method: Method,
    uri: OriginalUri,
    body: Bytes,
) -> Handled {
    let input: MembershipInput = match json_body(&body) {
        Ok(input) => input,
        Err(error) => {
            let now = ctx.now();
            ctx.lock()
                .record_refusal(&request_line(&method, &uri), now, None, "bad_body");
            return Err(error);
        }
    };
    let mutation = Mutation::AddMembership {
        org_id,
        directory_id,
        group_id,
        account_id: input.account_id,
    };
    access::apply(&ctx, &mutation, &method, &uri)
}
