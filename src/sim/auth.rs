//! Who is calling: matches the `Authorization: Bearer` key against the simulator's keys in
//! constant time and renders the refusal in the envelope of the API addressed. Must not log,
//! echo or store the presented key.

use axum::http::{HeaderMap, StatusCode, header::AUTHORIZATION};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::api::assumptions::{UM_RESTRICTED_KEY_ERROR_KEY, UNAUTHENTICATED_CODE, UNAUTHENTICATED_TITLE};
use crate::sim::config::{RestrictedKey, RestrictedKind};
use crate::sim::errors::SimError as Refusal;
use crate::types::Secret;

/// The two API families the simulator serves; each refuses in its own envelope.
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

/// The keys one simulator instance accepts.
pub(crate) struct KeyRing {
    admin: Secret,
    restricted: Vec<(Secret, RestrictedKind)>,
}

/// The caller a request's key resolves to. Each identity has its own rate-limit bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Identity {
    Admin,
    Restricted {
        index: usize,
        kind: RestrictedKind,
    },
    /// No `Authorization: Bearer` header at all.
    Missing,
    /// A bearer key that is none of ours.
    Wrong,
}

impl KeyRing {
    pub(crate) fn new(admin: Secret, restricted: &[RestrictedKey]) -> Self {
        Self {
            admin,
            restricted: restricted
                .iter()
                .map(|key| (Secret::new(key.key.clone()), key.kind))
                .collect(),
        }
    }

    /// Compares the presented key with every known key, without early exit, so the time taken
    /// does not reveal how much of a key matched.
    pub(crate) fn identify(&self, headers: &HeaderMap) -> Identity {
        let Some(presented) = bearer_key(headers) else {
            return Identity::Missing;
        };
        let presented = presented.as_bytes();
        let mut identity = Identity::Wrong;
        if bool::from(presented.ct_eq(self.admin.expose().as_bytes())) {
            identity = Identity::Admin;
        }
        for (index, (key, kind)) in self.restricted.iter().enumerate() {
            if bool::from(presented.ct_eq(key.expose().as_bytes())) {
                identity = Identity::Restricted { index, kind: *kind };
            }
        }
        identity
    }
}

/// The key after `Bearer ` (scheme case-insensitive, RFC 9110), if the header has one.
fn bearer_key(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty()).then_some(key)
}

/// The answer to a caller that may not go on, or `None` for the admin key.
pub(crate) fn refusal(identity: Identity, api: Api) -> Option<Response> {
    let refusal = match (identity, api) {
        (Identity::Admin, _) => return None,
        (Identity::Missing, Api::Org) => Refusal::org(
            StatusCode::UNAUTHORIZED,
            UNAUTHENTICATED_CODE,
            UNAUTHENTICATED_TITLE,
            "Missing API key. Send the header `Authorization: Bearer <org API key>`.",
        ),
        (Identity::Wrong, Api::Org) => Refusal::org(
            StatusCode::UNAUTHORIZED,
            UNAUTHENTICATED_CODE,
            UNAUTHENTICATED_TITLE,
            "The API key is not valid for this organization. Check the key or create a new one.",
        ),
        (Identity::Missing | Identity::Wrong, Api::UserManagement) => Refusal::um_unauthorized(),
        (
            Identity::Restricted {
                kind: RestrictedKind::InsufficientScope,
                ..
            },
            Api::Org,
        ) => Refusal::org(
            StatusCode::UNAUTHORIZED,
            "ADMIN-401-2",
            "INSUFFICIENT_SCOPE",
            "Insufficient scope. Create a new API Key for your Organization https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/",
        ),
        (
            Identity::Restricted {
                kind: RestrictedKind::NotOrgAdmin,
                ..
            },
            Api::Org,
        ) => Refusal::org(
            StatusCode::FORBIDDEN,
            "ADMIN-403-3",
            "FORBIDDEN",
            "You are not allowed to manage this organization.",
        ),
        (Identity::Restricted { .. }, Api::UserManagement) => Refusal::UserManagement {
            status: StatusCode::FORBIDDEN,
            key: UM_RESTRICTED_KEY_ERROR_KEY,
            context: None,
        },
    };
    Some(refusal.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ring() -> KeyRing {
        KeyRing::new(
            Secret::new("admin-key".into()),
            &[RestrictedKey {
                key: "scoped-key".into(),
                kind: RestrictedKind::InsufficientScope,
            }],
        )
    }

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn keys_resolve_to_identities() {
        let ring = ring();
        assert_eq!(ring.identify(&HeaderMap::new()), Identity::Missing);
        assert_eq!(ring.identify(&headers("Bearer admin-key")), Identity::Admin);
        assert_eq!(ring.identify(&headers("bearer admin-key")), Identity::Admin);
        assert_eq!(ring.identify(&headers("Bearer admin-ke")), Identity::Wrong);
        assert_eq!(ring.identify(&headers("Bearer admin-key2")), Identity::Wrong);
        assert_eq!(ring.identify(&headers("Basic admin-key")), Identity::Missing);
        assert_eq!(ring.identify(&headers("Bearer ")), Identity::Missing);
        assert_eq!(
            ring.identify(&headers("Bearer scoped-key")),
            Identity::Restricted {
                index: 0,
                kind: RestrictedKind::InsufficientScope
            }
        );
    }

    #[test]
    fn paths_map_to_their_api() {
        assert_eq!(Api::of("/users/abc/manage"), Api::UserManagement);
        assert_eq!(Api::of("/users"), Api::UserManagement);
        assert_eq!(Api::of("/usersX"), Api::Org);
        assert_eq!(Api::of("/admin/v1/orgs"), Api::Org);
        assert_eq!(Api::of("/__sim/stats"), Api::Org);
    }

    #[test]
    fn only_the_admin_key_passes() {
        assert!(refusal(Identity::Admin, Api::Org).is_none());
        let wrong = refusal(Identity::Wrong, Api::UserManagement).unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let scoped = Identity::Restricted {
            index: 0,
            kind: RestrictedKind::InsufficientScope,
        };
        assert_eq!(
            refusal(scoped, Api::Org).unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            refusal(scoped, Api::UserManagement).unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
}
