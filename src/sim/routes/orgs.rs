//! Org-level reads: `GET /admin/v1/orgs`, `GET /admin/v1/orgs/{orgId}`, `GET …/domains` (v1) and
//! `GET /admin/v2/orgs/{orgId}/directories` (reference §1.5, §1.6, §1.11). Owns request handling.

use super::input::{QueryParams, page_limit};
use super::{Handled, SimContext, json_ok};
use crate::api::assumptions::{DIRECTORIES_DEFAULT_LIMIT, FILTER_LIST_MAX, SEARCH_MAX_LIMIT};
use crate::sim::cursor::PageCursor;
use crate::sim::errors::SimError;
use crate::sim::state::{range_split, scan_page};
use crate::sim::wire::org::{directory_item, domain_model, org_model};
use crate::sim::wire::{CursorLinks, to_body};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

const DIRECTORIES_CURSOR: &str = "directories";

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route("/admin/v1/orgs", get(orgs))
        .route("/admin/v1/orgs/{org_id}", get(org))
        .route("/admin/v1/orgs/{org_id}/domains", get(domains))
        .route("/admin/v2/orgs/{org_id}/directories", get(directories))
}

/// The simulator issues no cursors for single-page v1 listings, so any cursor is foreign.
fn refuse_cursor(raw: Option<&str>) -> Result<(), SimError> {
    match QueryParams::parse(raw).single("cursor")? {
        Some(cursor) => Err(SimError::invalid_cursor(format!(
            "The cursor {cursor:?} is not a valid page cursor"
        ))),
        None => Ok(()),
    }
}

async fn orgs(State(ctx): State<SimContext>, RawQuery(raw): RawQuery) -> Handled {
    refuse_cursor(raw.as_deref())?;
    let body = ctx.read(|_, render| {
        to_body(&json!({
            "data": [org_model(render)],
            "links": { "self": render.link(&["admin", "v1", "orgs"], &[]), "prev": null, "next": null },
        }))
    })?;
    Ok(json_ok(body))
}

async fn org(State(ctx): State<SimContext>, Path(org_id): Path<String>) -> Handled {
    let body = ctx.read(|state, render| {
        state.check_org(&org_id)?;
        to_body(&json!({ "data": org_model(render) }))
    })?;
    Ok(json_ok(body))
}

async fn domains(
    State(ctx): State<SimContext>,
    Path(org_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Handled {
    refuse_cursor(raw.as_deref())?;
    let body = ctx.read(|state, render| {
        state.check_org(&org_id)?;
        let data: Vec<Value> = state
            .org()
            .domains
            .iter()
            .map(|domain| domain_model(render, domain))
            .collect();
        to_body(&json!({ "data": data, "links": { "self": render.org_v1_link(&["domains"], &[]) } }))
    })?;
    Ok(json_ok(body))
}

/// Directory filters a cursor replays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct DirectoryQuery {
    account_id: Option<String>,
    directory_ids: Vec<String>,
    /// Lower-cased substring of the name.
    search_term: Option<String>,
    limit: usize,
}

async fn directories(
    State(ctx): State<SimContext>,
    Path(org_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let params = QueryParams::parse(raw.as_deref());
    let limit = params.number("limit")?;
    let cursor = params.single("cursor")?;
    let body = ctx.read(|state, _| {
        state.check_org(&org_id)?;
        let (query, start) = if let Some(cursor) = &cursor {
            let PageCursor {
                mut query, position, ..
            } = PageCursor::<DirectoryQuery>::decode(DIRECTORIES_CURSOR, cursor)?;
            if let Some(limit) = limit {
                query.limit = page_limit(Some(limit), DIRECTORIES_DEFAULT_LIMIT, SEARCH_MAX_LIMIT)?;
            }
            (query, position)
        } else {
            let directory_ids = params.list("directoryIds").unwrap_or_default();
            if directory_ids.len() > FILTER_LIST_MAX {
                return Err(SimError::invalid_request(format!(
                    "directoryIds takes at most {FILTER_LIST_MAX} values"
                )));
            }
            let query = DirectoryQuery {
                account_id: params.single("accountId")?,
                directory_ids,
                search_term: params.single("searchTerm")?.map(|term| term.to_lowercase()),
                limit: page_limit(limit, DIRECTORIES_DEFAULT_LIMIT, SEARCH_MAX_LIMIT)?,
            };
            (query, 0)
        };
        let org = state.org();
        let member = query.account_id.as_ref().map(|id| state.index().user(org, id));
        let matches = |position: usize| {
            org.directories.get(position).is_some_and(|directory| {
                (query.directory_ids.is_empty() || query.directory_ids.contains(&directory.id))
                    && query
                        .search_term
                        .as_ref()
                        .is_none_or(|term| directory.name.to_lowercase().contains(term))
                    && member
                        .is_none_or(|user| user.is_some_and(|user| user.directories.contains(&directory.id)))
            })
        };
        let (forward, backward) = range_split(start, org.directories.len());
        let page = scan_page(forward, backward, query.limit, matches);
        let data: Vec<Value> = page
            .positions
            .iter()
            .filter_map(|&at| org.directories.get(at))
            .map(directory_item)
            .collect();
        let links = CursorLinks::of(DIRECTORIES_CURSOR, &query, start, &page)?;
        to_body(&json!({ "data": data, "links": links }))
    })?;
    Ok(json_ok(body))
}
