//! v2 user listings: `POST …/users/search`, the deprecated `GET …/users` and `GET …/users/count`
//! (reference §1.7.3–1.7.5). Owns request handling and page rendering; matching lives in state.

mod request;

use super::input::{QueryParams, json_body};
use super::{Handled, SimContext, json_ok};
use crate::sim::errors::SimError;
use crate::sim::state::{Page, SimState, UserExpand, UserQuery};
use crate::sim::wire::user_v2::{MultiDirectoryUser, UserView, render};
use crate::sim::wire::{CursorLinks, RenderContext, to_body};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, post};
use request::{USERS_CURSOR, UserSearchInput};
use serde::Serialize;
use serde_json::json;

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/search",
            post(search),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users",
            get(list),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/count",
            get(count),
        )
}

async fn search(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id)): Path<(String, String)>,
    body: Bytes,
) -> Handled {
    let input: UserSearchInput = json_body(&body)?;
    serve_page(&ctx, &org_id, &directory_id, input)
}

async fn list(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let input = UserSearchInput::from_query(&QueryParams::parse(raw.as_deref()))?;
    serve_page(&ctx, &org_id, &directory_id, input)
}

async fn count(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let input = UserSearchInput::from_query(&QueryParams::parse(raw.as_deref()))?;
    let filter = input.filter()?;
    let count = ctx.read(|state, _| {
        state.check_org(&org_id)?;
        let scope = state.scope(&directory_id)?;
        Ok(state.count_users(&scope, &filter))
    })?;
    Ok(json_ok(to_body(&json!({ "count": count }))?))
}

#[derive(Serialize)]
struct UserPage<'a> {
    data: Vec<MultiDirectoryUser<'a>>,
    links: CursorLinks,
}

fn serve_page(ctx: &SimContext, org_id: &str, directory_id: &str, input: UserSearchInput) -> Handled {
    let body = ctx.read(|state, render| {
        state.check_org(org_id)?;
        let scope = state.scope(directory_id)?;
        let (query, start) = input.into_query(scope)?;
        let page = state.search_users(&query, start);
        to_body(&user_page(state, render, &query, start, &page)?)
    })?;
    Ok(json_ok(body))
}

fn user_page<'a>(
    state: &'a SimState,
    render_ctx: &RenderContext<'a>,
    query: &UserQuery,
    start: usize,
    page: &Page,
) -> Result<UserPage<'a>, SimError> {
    let expand: UserExpand = query.expand;
    let view = UserView::Item {
        expand,
        scope: &query.scope,
    };
    let data = page
        .positions
        .iter()
        .filter_map(|&position| state.user_at(query.order, position))
        .map(|user| render(render_ctx, user, view))
        .collect();
    Ok(UserPage {
        data,
        links: CursorLinks::of(USERS_CURSOR, query, start, page)?,
    })
}
