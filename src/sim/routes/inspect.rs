//! Simulator-only endpoints under `/__sim/` for tests, benchmarks and demos: the action log, the
//! membership log, the ground-truth dump, a user's seats, activity injection and reset. Owns request handling; must not be reachable
//! under any Atlassian path.

use super::input::{QueryParams, json_body};
use super::{Handled, SimContext, json_ok};
use crate::sim::errors::SimError;
use crate::sim::state::site_roles;
use crate::sim::wire::seat::user_seats;
use crate::sim::wire::to_body;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route("/__sim/actions", get(actions))
        .route("/__sim/memberships", get(memberships))
        .route("/__sim/dump", get(dump))
        .route("/__sim/users/{account_id}/seats", get(seats))
        .route("/__sim/users/{account_id}/activity", post(activity))
        .route("/__sim/reset", post(reset))
}

/// `{"actions": [...]}` in order; `?since=N` returns only those with `seq > N`.
async fn actions(State(ctx): State<SimContext>, RawQuery(raw): RawQuery) -> Handled {
    let since = QueryParams::parse(raw.as_deref()).number("since")?.unwrap_or(0) as usize;
    let body = ctx.read(|state, _| {
        let actions = state.journal().actions();
        to_body(&json!({ "actions": actions.get(since..).unwrap_or_default() }))
    })?;
    Ok(json_ok(body))
}

/// `{"memberships": [...]}`: applied group membership changes in order (who, which group, when,
/// seats lost or gained); `?since=N` returns only those with `seq > N`.
async fn memberships(State(ctx): State<SimContext>, RawQuery(raw): RawQuery) -> Handled {
    let since = QueryParams::parse(raw.as_deref()).number("since")?.unwrap_or(0) as usize;
    let body = ctx.read(|state, _| {
        let changes = state.journal().memberships();
        to_body(&json!({ "memberships": changes.get(since..).unwrap_or_default() }))
    })?;
    Ok(json_ok(body))
}

/// The user's current seats (site, roles, billable, sources, activity) and kept history.
async fn seats(State(ctx): State<SimContext>, Path(account_id): Path<String>) -> Handled {
    let body = ctx.read(|state, _| {
        let user = state
            .index()
            .user(state.org(), &account_id)
            .ok_or_else(|| SimError::user_not_found(&account_id))?;
        let sites = site_roles(state.org(), state.index(), user);
        to_body(&user_seats(user, &sites))
    })?;
    Ok(json_ok(body))
}

/// The current `SimOrg`, exactly as stored.
async fn dump(State(ctx): State<SimContext>) -> Handled {
    let body = ctx.read(|state, _| to_body(state.org()))?;
    Ok(json_ok(body))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityBody {
    product: String,
}

/// Marks the user active on the product now (per the simulator clock): 204.
async fn activity(State(ctx): State<SimContext>, Path(account_id): Path<String>, body: Bytes) -> Handled {
    let ActivityBody { product } = json_body(&body)?;
    let now = ctx.now();
    ctx.lock().record_activity(&account_id, &product, now)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Back to the initial org; actions and events cleared: 204.
async fn reset(State(ctx): State<SimContext>) -> Handled {
    ctx.lock().reset();
    Ok(StatusCode::NO_CONTENT.into_response())
}
