//! Error bodies the transport layer answers with, in the envelope of the API a path belongs to
//! (reference §1.4 for the org API, §2 for User management). Knows nothing of why it refuses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The two API families the simulator serves; each has its own error envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// `/admin/...` and the simulator's own `/__sim/...`: `{"errors":[{status,code,title,detail}]}`.
    Org,
    /// `/users/...`: `{"key": ...}`.
    UserManagement,
}

impl Api {
    pub(crate) fn of(path: &str) -> Self {
        if path == "/users" || path.starts_with("/users/") {
            Self::UserManagement
        } else {
            Self::Org
        }
    }
}

/// `{"errors":[...]}` with `status` as a string, as the org API sends it.
pub(crate) fn org_error(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    let body = json!({
        "errors": [{ "status": status.as_str(), "code": code, "title": title, "detail": detail }]
    });
    (status, Json(body)).into_response()
}

/// `{"key": ...}`, as the User management API sends it.
pub(crate) fn um_error(status: StatusCode, key: &str) -> Response {
    (status, Json(json!({ "key": key }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_their_api() {
        assert_eq!(Api::of("/users/abc/manage"), Api::UserManagement);
        assert_eq!(Api::of("/users"), Api::UserManagement);
        assert_eq!(Api::of("/usersX"), Api::Org);
        assert_eq!(Api::of("/admin/v1/orgs"), Api::Org);
        assert_eq!(Api::of("/__sim/stats"), Api::Org);
    }
}
