//! v2 directory access changes: `POST …/users/{accountId}/suspend` and `…/restore` (reference §1.8).
//! Owns request handling; the decision and the journal live in `state`.

use super::{Handled, SimContext, no_content, request_line};
use crate::api::assumptions::V2_MUTATION_SUCCESS_STATUS;
use crate::sim::state::Mutation;
use axum::Router;
use axum::extract::{OriginalUri, Path, State};
use axum::http::Method;
use axum::routing::post;

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/{account_id}/suspend",
            post(suspend),
        )
        .route(
            "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/{account_id}/restore",
            post(restore),
        )
}

async fn suspend(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, account_id)): Path<(String, String, String)>,
    method: Method,
    uri: OriginalUri,
) -> Handled {
    let mutation = Mutation::Suspend {
        org_id,
        directory_id,
        account_id,
    };
    apply(&ctx, &mutation, &method, &uri)
}

async fn restore(
    State(ctx): State<SimContext>,
    Path((org_id, directory_id, account_id)): Path<(String, String, String)>,
    method: Method,
    uri: OriginalUri,
) -> Handled {
    let mutation = Mutation::Restore {
        org_id,
        directory_id,
        account_id,
    };
    apply(&ctx, &mutation, &method, &uri)
}

/// Applies a v2 mutation; success (also a harmless repeat) is `V2_MUTATION_SUCCESS_STATUS`, no body.
pub(super) fn apply(ctx: &SimContext, mutation: &Mutation, method: &Method, uri: &OriginalUri) -> Handled {
    let now = ctx.now();
    ctx.lock().apply(mutation, &request_line(method, uri), now)?;
    Ok(no_content(V2_MUTATION_SUCCESS_STATUS))
}
