//! `POST /admin/v2/orgs/{orgId}/workspaces` (reference §1.13): the org's product sites with their
//! names and hosts, filtered by `query`, sorted by `sort`, v2 cursor paging (a body with a cursor
//! must hold nothing else). Owns request handling; the shape lives in `wire::workspace`.

use super::input::{json_body, page_limit};
use super::{Handled, SimContext, json_ok};
use crate::api::assumptions::SEARCH_MAX_LIMIT;
use crate::sim::cursor::PageCursor;
use crate::sim::errors::SimError;
use crate::sim::state::{range_split, scan_page};
use crate::sim::wire::workspace::{render, site_name};
use crate::sim::wire::{CursorLinks, RenderContext, to_body};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use serde::{Deserialize, Serialize};
use serde_json::json;

const WORKSPACES_CURSOR: &str = "workspaces";
/// Sites per page when `limit` is absent.
pub const WORKSPACES_DEFAULT_LIMIT: u32 = 20;

pub(super) fn routes() -> Router<SimContext> {
    Router::new().route("/admin/v2/orgs/{org_id}/workspaces", post(search))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WorkspaceInput {
    cursor: Option<String>,
    query: Option<String>,
    limit: Option<u32>,
    sort: Option<Vec<SortInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SortInput {
    field: String,
    order: String,
}

/// Sort keys of a workspace listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SortField {
    #[default]
    Stored,
    Name,
    TypeKey,
}

/// A workspace listing as its cursor replays it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct WorkspaceQuery {
    /// Lower-cased text matched against name, host and type key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default)]
    field: SortField,
    #[serde(default)]
    descending: bool,
    limit: usize,
}

impl WorkspaceInput {
    fn into_query(self) -> Result<(WorkspaceQuery, usize), SimError> {
        if let Some(cursor) = self.cursor {
            if self.query.is_some() || self.limit.is_some() || self.sort.is_some() {
                return Err(SimError::invalid_request(
                    "A body with a cursor must contain only the cursor",
                ));
            }
            let cursor = PageCursor::<WorkspaceQuery>::decode(WORKSPACES_CURSOR, &cursor)?;
            return Ok((cursor.query, cursor.position));
        }
        let (field, descending) = match self.sort.as_deref().unwrap_or_default() {
            [] => (SortField::Stored, false),
            [SortInput { field, order }] => {
                let field = match field.as_str() {
                    "name" => SortField::Name,
                    "typeKey" => SortField::TypeKey,
                    other => {
                        return Err(SimError::invalid_request(format!(
                            "sort field {other:?} is not one of name, typeKey"
                        )));
                    }
                };
                match order.as_str() {
                    "asc" => (field, false),
                    "desc" => (field, true),
                    other => {
                        return Err(SimError::invalid_request(format!(
                            "sort order {other:?} is not one of asc, desc"
                        )));
                    }
                }
            }
            _ => return Err(SimError::invalid_request("sort takes one entry")),
        };
        Ok((
            WorkspaceQuery {
                text: self.query.map(|text| text.to_lowercase()),
                field,
                descending,
                limit: page_limit(self.limit, WORKSPACES_DEFAULT_LIMIT, SEARCH_MAX_LIMIT)?,
            },
            0,
        ))
    }
}

/// Site positions in the query's order.
fn ordered(ctx: &RenderContext<'_>, query: &WorkspaceQuery) -> Vec<usize> {
    let sites = &ctx.org.products;
    let mut order: Vec<usize> = (0..sites.len()).collect();
    match query.field {
        SortField::Stored => {}
        SortField::Name => order.sort_by_cached_key(|&at| (site_name(ctx, &sites[at]), at)),
        SortField::TypeKey => order.sort_by_cached_key(|&at| (sites[at].v1_key.clone(), at)),
    }
    if query.descending {
        order.reverse();
    }
    order
}

async fn search(State(ctx): State<SimContext>, Path(org_id): Path<String>, body: Bytes) -> Handled {
    let input: WorkspaceInput = json_body(&body)?;
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let (query, start) = input.into_query()?;
        let order = ordered(render_ctx, &query);
        let sites = &state.org().products;
        let matches = |position: usize| {
            order
                .get(position)
                .and_then(|&at| sites.get(at))
                .is_some_and(|site| {
                    query.text.as_deref().is_none_or(|text| {
                        site_name(render_ctx, site).to_lowercase().contains(text)
                            || site.host(&state.org().name).contains(text)
                            || site.v1_key.contains(text)
                    })
                })
        };
        let (forward, backward) = range_split(start, order.len());
        let page = scan_page(forward, backward, query.limit, matches);
        let data: Vec<_> = page
            .positions
            .iter()
            .filter_map(|&position| order.get(position))
            .filter_map(|&at| {
                sites
                    .get(at)
                    .map(|site| render(render_ctx, site, state.billable_holders(at)))
            })
            .collect();
        let links = CursorLinks::of(WORKSPACES_CURSOR, &query, start, &page)?;
        to_body(&json!({ "data": data, "links": links }))
    })?;
    Ok(json_ok(body))
}
