//! User management API (reference §2): permissions, profile, and lifecycle disable/enable, each
//! refusal in the `{"key", "context"?}` envelope. Owns request handling; the lifecycle rule and the
//! change live in `state`.

use super::input::QueryParams;
use super::{Handled, SimContext, json_ok, no_content, request_line};
use crate::api::assumptions::UM_UNKNOWN_PRIVILEGE_VIOLATION;
use crate::sim::errors::SimError;
use crate::sim::model::SimUser;
use crate::sim::state::{Mutation, SimState};
use crate::sim::wire::profile::{PRIVILEGES, permissions, profile};
use crate::sim::wire::to_body;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::Method;
use axum::routing::{get, post};
use serde::Deserialize;

/// Lifecycle calls answer 204 with no body (reference §2).
const LIFECYCLE_SUCCESS_STATUS: u16 = 204;

pub(super) fn routes() -> Router<SimContext> {
    Router::new()
        .route("/users/{account_id}/manage", get(manage))
        .route("/users/{account_id}/manage/profile", get(get_profile))
        .route("/users/{account_id}/manage/lifecycle/disable", post(disable))
        .route("/users/{account_id}/manage/lifecycle/enable", post(enable))
}

/// A managed account of the org, or the User management refusal.
fn managed_user<'s>(state: &'s SimState, account_id: &str) -> Result<&'s SimUser, SimError> {
    let user = state
        .index()
        .user(state.org(), account_id)
        .ok_or_else(SimError::um_account_not_found)?;
    if user.claim_status == "managed" {
        Ok(user)
    } else {
        Err(SimError::um_forbidden())
    }
}

async fn manage(
    State(ctx): State<SimContext>,
    Path(account_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let wanted = QueryParams::parse(raw.as_deref())
        .list("privileges")
        .unwrap_or_default();
    if wanted
        .iter()
        .any(|privilege| !PRIVILEGES.contains(&privilege.as_str()))
    {
        return Err(SimError::um_field_violation(
            "privileges",
            UM_UNKNOWN_PRIVILEGE_VIOLATION,
        ));
    }
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let body = ctx.read(|state, _| to_body(&permissions(managed_user(state, &account_id)?, &wanted)))?;
    Ok(json_ok(body))
}

async fn get_profile(State(ctx): State<SimContext>, Path(account_id): Path<String>) -> Handled {
    let body =
        ctx.read(|state, _| to_body(&profile(managed_user(state, &account_id)?, &state.org().name)))?;
    Ok(json_ok(body))
}

/// The optional disable body: a message shown to the user at login.
#[derive(Debug, Default, Deserialize)]
struct DisableBody {
    #[serde(rename = "message")]
    _message: Option<String>,
}

async fn disable(
    State(ctx): State<SimContext>,
    Path(account_id): Path<String>,
    method: Method,
    uri: OriginalUri,
    body: Bytes,
) -> Handled {
    let request = request_line(&method, &uri);
    let now = ctx.now();
    if !body.iter().all(u8::is_ascii_whitespace) && serde_json::from_slice::<DisableBody>(&body).is_err() {
        ctx.lock()
            .record_refusal(&request, now, Some(&account_id), "bad_body");
        return Err(SimError::um_body_parse_failure());
    }
    ctx.lock()
        .apply(&Mutation::Disable { account_id }, &request, now)?;
    Ok(no_content(LIFECYCLE_SUCCESS_STATUS))
}

async fn enable(
    State(ctx): State<SimContext>,
    Path(account_id): Path<String>,
    method: Method,
    uri: OriginalUri,
) -> Handled {
    let now = ctx.now();
    ctx.lock().apply(
        &Mutation::Enable { account_id },
        &request_line(&method, &uri),
        now,
    )?;
    Ok(no_content(LIFECYCLE_SUCCESS_STATUS))
}
