//! The error bodies the simulator serves, in each API's own envelope: the Organizations API's
//! `{"errors":[{status,code,title,detail}]}` and User management's `{"key", "context"?}` (reference §1.4, §2).
//! Owns rendering only; must not decide when a request is refused.

use crate::api::assumptions::{
    DIRECTORY_NOT_FOUND_CODE, SUSPEND_ADMIN_REFUSED_CODE, SYNCED_GROUP_MEMBERSHIP_REFUSED_CODE,
    USER_NOT_FOUND_CODE,
};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A refusal the simulator answers with, already bound to the envelope of the API that refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    /// Organizations REST API envelope; `status` is rendered as a string, as the real API does.
    #[error("{status} {code} {title}: {detail}")]
    Org {
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: String,
    },
    /// User management REST API envelope.
    #[error("{status} {key}")]
    UserManagement {
        status: StatusCode,
        key: &'static str,
        context: Option<Value>,
    },
}

impl SimError {
    /// Any Organizations API error; the named constructors below cover the codes the endpoints use.
    #[must_use]
    pub fn org(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self::Org {
            status,
            code,
            title,
            detail: detail.into(),
        }
    }

    /// `ADMIN-400-1`: a `cursor` that this simulator did not issue, or issued for another request.
    #[must_use]
    pub fn invalid_cursor(detail: impl Into<String>) -> Self {
        Self::org(
            StatusCode::BAD_REQUEST,
            "ADMIN-400-1",
            "INVALID_PAGE_CURSOR",
            detail,
        )
    }

    /// `ADMIN-400-24`: malformed body, wrong types, unknown fields, bad `limit` or filter values.
    #[must_use]
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::org(StatusCode::BAD_REQUEST, "ADMIN-400-24", "INVALID_PARAM", detail)
    }

    /// `ADMIN-404-1`: no such resource (unknown route, unknown directory).
    #[must_use]
    pub fn unknown_resource(detail: impl Into<String>) -> Self {
        Self::org(StatusCode::NOT_FOUND, "ADMIN-404-1", "NOT_FOUND", detail)
    }

    /// The directory in the path is neither `-` nor a directory of the org.
    #[must_use]
    pub fn directory_not_found(directory_id: &str) -> Self {
        Self::org(
            StatusCode::NOT_FOUND,
            DIRECTORY_NOT_FOUND_CODE,
            "NOT_FOUND",
            format!("Directory {directory_id} does not exist in this organization"),
        )
    }

    /// `ADMIN-404-2`: the `orgId` in the path is not the simulated org.
    #[must_use]
    pub fn org_not_found(org_id: &str) -> Self {
        Self::org(
            StatusCode::NOT_FOUND,
            "ADMIN-404-2",
            "ORG_NOT_FOUND",
            format!("Organization {org_id} not found"),
        )
    }

    /// `ADMIN-404-8`: the account is unknown, or not a member of the directory in the path.
    #[must_use]
    pub fn user_not_found(account_id: &str) -> Self {
        Self::org(
            StatusCode::NOT_FOUND,
            USER_NOT_FOUND_CODE,
            "USER_NOT_FOUND",
            format!("User {account_id} not found"),
        )
    }

    /// `ADMIN-404-10`: the group is unknown, or not in the directory in the path.
    #[must_use]
    pub fn group_not_found(group_id: &str) -> Self {
        Self::org(
            StatusCode::NOT_FOUND,
            "ADMIN-404-10",
            "GROUP_NOT_FOUND",
            format!("Group {group_id} not found"),
        )
    }

    /// `ADMIN-405-1`: the path exists but not with this method.
    #[must_use]
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::org(
            StatusCode::METHOD_NOT_ALLOWED,
            "ADMIN-405-1",
            "METHOD_NOT_SUPPORTED",
            format!("{method} is not supported on {path}"),
        )
    }

    /// Suspending an org admin through the directory API.
    #[must_use]
    pub fn admin_suspension_refused(account_id: &str) -> Self {
        Self::org(
            StatusCode::FORBIDDEN,
            SUSPEND_ADMIN_REFUSED_CODE,
            "FORBIDDEN",
            format!("User {account_id} is an organization admin and cannot be suspended"),
        )
    }

    /// Changing a membership of a group the identity provider owns.
    #[must_use]
    pub fn synced_group_refused(group_id: &str) -> Self {
        Self::org(
            StatusCode::FORBIDDEN,
            SYNCED_GROUP_MEMBERSHIP_REFUSED_CODE,
            "FORBIDDEN",
            format!("Group {group_id} is synced from an identity provider; change its members there"),
        )
    }

    /// Removing a membership the user does not have: 404, which a client treats as done (§1.14).
    #[must_use]
    pub fn not_a_member(group_id: &str, account_id: &str) -> Self {
        Self::org(
            StatusCode::NOT_FOUND,
            "ADMIN-404-1",
            "NOT_FOUND",
            format!("User {account_id} is not a member of group {group_id}"),
        )
    }

    /// Adding a membership the user already has: a 409 whose detail says "already" (§1.14).
    #[must_use]
    pub fn already_member(group_id: &str, account_id: &str) -> Self {
        Self::org(
            StatusCode::CONFLICT,
            "ADMIN-409-28",
            "CONFLICT",
            format!("User {account_id} is already a member of group {group_id}"),
        )
    }

    /// Adding a membership that would give a billable role on a site at its user limit.
    #[must_use]
    pub fn licence_limit_exceeded(product: &str, site: &str, limit: u32) -> Self {
        Self::org(
            StatusCode::CONFLICT,
            "ADMIN-409-3",
            "LICENSE_LIMIT_EXCEEDED",
            format!("Product License Limit Exceeded: {product} on site {site} is licensed for {limit} users"),
        )
    }

    /// `ADMIN-500-1`: the simulator failed to render its own data.
    #[must_use]
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::org(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ADMIN-500-1",
            "INTERNAL_ERROR",
            detail,
        )
    }

    /// User management `forbidden`: the account is not managed by the org.
    #[must_use]
    pub fn um_forbidden() -> Self {
        Self::UserManagement {
            status: StatusCode::FORBIDDEN,
            key: "forbidden",
            context: None,
        }
    }

    /// User management `forbidden.action`, carrying the unallowed rule with its reason key.
    #[must_use]
    pub fn um_forbidden_action(reason: &str) -> Self {
        Self::UserManagement {
            status: StatusCode::FORBIDDEN,
            key: "forbidden.action",
            context: Some(json!({ "allowed": false, "reason": { "key": reason } })),
        }
    }

    /// User management `unauthorized`: for the transport, which refuses a missing or wrong key on
    /// `/users/…` paths in this envelope.
    #[must_use]
    pub fn um_unauthorized() -> Self {
        Self::UserManagement {
            status: StatusCode::UNAUTHORIZED,
            key: "unauthorized",
            context: None,
        }
    }

    /// User management `accountNotFound`.
    #[must_use]
    pub fn um_account_not_found() -> Self {
        Self::UserManagement {
            status: StatusCode::NOT_FOUND,
            key: "accountNotFound",
            context: None,
        }
    }

    /// User management `notFound`: no such User management route.
    #[must_use]
    pub fn um_not_found() -> Self {
        Self::UserManagement {
            status: StatusCode::NOT_FOUND,
            key: "notFound",
            context: None,
        }
    }

    /// User management `bodyParseFailure`: the body is not the JSON the endpoint takes.
    #[must_use]
    pub fn um_body_parse_failure() -> Self {
        Self::UserManagement {
            status: StatusCode::BAD_REQUEST,
            key: "bodyParseFailure",
            context: None,
        }
    }

    /// User management `fieldConstraintsViolated` for one field.
    #[must_use]
    pub fn um_field_violation(field: &str, violation: &str) -> Self {
        Self::UserManagement {
            status: StatusCode::BAD_REQUEST,
            key: "fieldConstraintsViolated",
            context: Some(
                json!({ "fieldViolations": [ { "field": field, "violations": [ { "key": violation } ] } ] }),
            ),
        }
    }

    /// The HTTP status the error is served with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Org { status, .. } | Self::UserManagement { status, .. } => *status,
        }
    }

    /// The JSON body, exactly as served.
    #[must_use]
    pub fn body(&self) -> Value {
        match self {
            Self::Org {
                status,
                code,
                title,
                detail,
            } => json!({
                "errors": [ {
                    "status": status.as_u16().to_string(),
                    "code": code,
                    "title": title,
                    "detail": detail,
                } ]
            }),
            Self::UserManagement { key, context, .. } => match context {
                Some(context) => json!({ "key": key, "context": context }),
                None => json!({ "key": key }),
            },
        }
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            self.body().to_string(),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_envelope_renders_status_as_a_string() {
        let body = SimError::invalid_request("Invalid request body").body();
        assert_eq!(
            body,
            json!({"errors":[{"status":"400","code":"ADMIN-400-24","title":"INVALID_PARAM","detail":"Invalid request body"}]})
        );
    }

    #[test]
    fn user_management_envelopes_match_the_reference() {
        assert_eq!(SimError::um_forbidden().body(), json!({"key":"forbidden"}));
        assert_eq!(
            SimError::um_account_not_found().body(),
            json!({"key":"accountNotFound"})
        );
        assert_eq!(
            SimError::um_forbidden_action("externalDirectory.scim").body(),
            json!({"key":"forbidden.action","context":{"allowed":false,"reason":{"key":"externalDirectory.scim"}}})
        );
        assert_eq!(SimError::um_forbidden().status(), StatusCode::FORBIDDEN);
    }
}
