//! Single-user and v1 user reads: v2 user details (§1.7.5), the v1 managed-accounts listing
//! (§1.7.1) and `last-active-dates` (§1.7.6). Owns request handling; shapes live in `wire`.

use super::input::QueryParams;
use super::{Handled, SimContext, json_ok};
use crate::api::assumptions::{LAST_ACTIVE_DATES_COVERS_UNMANAGED, V1_USERS_PAGE_SIZE};
use crate::sim::cursor::PageCursor;
use crate::sim::errors::SimError;
use crate::sim::state::{Page, SimState, range_split, scan_page};
use crate::sim::wire::user_v1::{V1User, render_last_active_dates, render_v1_user};
use crate::sim::wire::user_v2::{UserView, render};
use crate::sim::wire::{RenderContext, to_body};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use serde::Serialize;
use serde_json::json;

const V1_USERS_CURSOR: &str = "v1-users";

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/{account_id}",
            get(details),
        )
        .route("/admin/v1/orgs/{org_id}/users", get(managed_accounts))
        .route(
            "/admin/v1/orgs/{org_id}/directory/users/{account_id}/last-active-dates",
            get(last_active_dates),
        )
}

async fn details(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, account_id)): Path<(String, String, String)>,
) -> Handled {
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        let user = state
            .index()
            .user(state.org(), &account_id)
            .filter(|user| scope.contains_user(user))
            .ok_or_else(|| SimError::user_not_found(&account_id))?;
        to_body(&json!({ "data": render(render_ctx, user, UserView::Details) }))
    })?;
    Ok(json_ok(body))
}

#[derive(Serialize)]
struct V1UserPage<'a> {
    data: Vec<V1User<'a>>,
    meta: V1Meta,
    links: V1Links,
}

#[derive(Serialize)]
struct V1Meta {
    total: usize,
}

/// v1 `links`: full URLs; `prev` only when there is a previous page, `next` null on the last.
#[derive(Serialize)]
struct V1Links {
    #[serde(rename = "self")]
    self_link: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    next: Option<String>,
}

async fn managed_accounts(
    State(ctx): State<SimContext>,
    Path(org_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let cursor = QueryParams::parse(raw.as_deref()).single("cursor")?;
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let start = match &cursor {
            Some(cursor) => PageCursor::<()>::decode(V1_USERS_CURSOR, cursor)?.position,
            None => 0,
        };
        let page = managed_page(state, start);
        to_body(&v1_user_page(state, render_ctx, cursor.as_deref(), &page)?)
    })?;
    Ok(json_ok(body))
}

fn managed_page(state: &SimState, start: usize) -> Page {
    let users = &state.org().users;
    let managed = |position: usize| {
        users
            .get(position)
            .is_some_and(|user| user.claim_status == "managed")
    };
    let (forward, backward) = range_split(start, users.len());
    scan_page(forward, backward, V1_USERS_PAGE_SIZE, managed)
}

fn v1_user_page<'a>(
    state: &'a SimState,
    render_ctx: &RenderContext<'a>,
    cursor: Option<&str>,
    page: &Page,
) -> Result<V1UserPage<'a>, SimError> {
    let users = &state.org().users;
    let link = |cursor: Option<&str>| match cursor {
        Some(cursor) => render_ctx.org_v1_link(&["users"], &[("cursor", cursor)]),
        None => render_ctx.org_v1_link(&["users"], &[]),
    };
    let encode = |position: usize| PageCursor::new(V1_USERS_CURSOR, (), position).encode();
    let prev = page.prev.map(encode).transpose()?;
    let next = page.next.map(encode).transpose()?;
    Ok(V1UserPage {
        data: page
            .positions
            .iter()
            .filter_map(|&at| users.get(at))
            .map(|u| render_v1_user(render_ctx, u))
            .collect(),
        meta: V1Meta {
            total: users.iter().filter(|user| user.claim_status == "managed").count(),
        },
        links: V1Links {
            self_link: link(cursor),
            prev: prev.as_deref().map(|prev| link(Some(prev))),
            next: next.as_deref().map(|next| link(Some(next))),
        },
    })
}

async fn last_active_dates(
    State(ctx): State<SimContext>,
    Path((org_id, account_id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    // Every product fits one page, so this endpoint never issues a cursor: any cursor is foreign.
    if let Some(cursor) = QueryParams::parse(raw.as_deref()).single("cursor")? {
        return Err(SimError::invalid_cursor(format!(
            "The cursor {cursor:?} is not a valid page cursor"
        )));
    }
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let user = state
            .index()
            .user(state.org(), &account_id)
            .filter(|user| LAST_ACTIVE_DATES_COVERS_UNMANAGED || user.claim_status == "managed")
            .ok_or_else(|| SimError::user_not_found(&account_id))?;
        to_body(&render_last_active_dates(render_ctx, user))
    })?;
    Ok(json_ok(body))
}
