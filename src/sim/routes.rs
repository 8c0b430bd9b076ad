//! The simulator's HTTP surface: every Organizations, User management and `/__sim` endpoint, as
//! one axum router over the shared state. Owns routing and the lock discipline (short synchronous
//! critical sections, never held across `.await`); must not do auth, rate limiting, fault
//! injection or request statistics — the transport wraps this router with those.

mod access;
mod events;
mod groups;
mod input;
mod inspect;
mod lifecycle;
mod orgs;
mod roles;
mod user_search;
mod users;
mod workspaces;

use super::clock::Clock;
use super::errors::SimError;
use super::model::SimOrg;
use super::state::{RequestLine, SimState};
use super::wire::RenderContext;
use axum::Router;
use axum::extract::OriginalUri;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use url::Url;

/// The simulator's endpoints over `org`. `base_url` is where the simulator is reachable; absolute
/// links (v1 `links`, org relationships) are built from it. `clock` stamps every change.
pub fn router(org: SimOrg, base_url: Url, clock: Clock) -> Router {
    let ctx = SimContext {
        state: Arc::new(Mutex::new(SimState::new(org))),
        base_url: Arc::new(base_url),
        clock,
    };
    Router::new()
        .merge(orgs::routes())
        .merge(user_search::routes())
        .merge(users::routes())
        .merge(access::routes())
        .merge(groups::routes())
        .merge(roles::routes())
        .merge(workspaces::routes())
        .merge(lifecycle::routes())
        .merge(events::routes())
        .merge(inspect::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(ctx)
}

/// Shared by every handler.
#[derive(Clone)]
struct SimContext {
    state: Arc<Mutex<SimState>>,
    base_url: Arc<Url>,
    clock: Clock,
}

type Handled = Result<Response, SimError>;

impl SimContext {
    /// The state, recovered if a handler panicked while holding it: every mutation completes its
    /// writes before anything that could panic, so the org stays consistent.
    fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Runs `read` under the lock with a render context; it should return the serialized body.
    fn read<T>(
        &self,
        read: impl FnOnce(&SimState, &RenderContext<'_>) -> Result<T, SimError>,
    ) -> Result<T, SimError> {
        let state = self.lock();
        let render = RenderContext {
            org: state.org(),
            index: state.index(),
            base_url: &self.base_url,
        };
        read(&state, &render)
    }
}

/// The request line recorded for a mutation.
fn request_line(method: &Method, uri: &OriginalUri) -> RequestLine {
    RequestLine {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
    }
}

/// A 200 with a JSON body rendered under the lock.
fn json_ok(body: Vec<u8>) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The 2xx of a mutation: no body.
fn no_content(status: u16) -> Response {
    StatusCode::from_u16(status)
        .unwrap_or(StatusCode::NO_CONTENT)
        .into_response()
}

async fn not_found(uri: OriginalUri) -> SimError {
    let path = uri.path();
    if path == "/users" || path.starts_with("/users/") {
        SimError::um_not_found()
    } else {
        SimError::unknown_resource(format!("No resource at {path}"))
    }
}

async fn method_not_allowed(method: Method, uri: OriginalUri) -> SimError {
    SimError::method_not_allowed(method.as_str(), uri.path())
}
