//! Group membership changes (reference §1.10, §1.14): remove an account from a group, add it
//! back. Both are `Repeat::Once` like every mutation: a 5xx or a dropped connection goes back
//! to the caller, who re-reads the account before sending again. The idempotent answers
//! (404 on remove, 409 "already" on add) are successes here. Must not decide who is changed.

use super::Client;
use super::send::{Call, Subject};
use crate::api::assumptions::SCOPE_WRITE_DIRECTORY_USERS;
use crate::api::error::{ApiError, Endpoint};
use crate::api::retry::Repeat;
use reqwest::Method;

/// How a membership change ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipChange {
    /// The server made the change.
    Changed,
    /// The membership was already as asked (404 on remove, 409 "already" on add).
    AlreadyAsAsked,
}

impl Client {
    /// `DELETE /admin/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/memberships/{accountId}`:
    /// removes the account from the group, and with it whatever product access only that group
    /// gave. 200/204: removed; 404 (not the org's `ADMIN-404-2`): not a member any more.
    pub async fn remove_membership(
        &self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<MembershipChange, ApiError> {
        let url = self.directory_url(
            org_id,
            directory_id,
            &["groups", group_id, "memberships", account_id],
        )?;
        let call = Call {
            method: Method::DELETE,
            url,
            json_body: None,
            repeat: Repeat::Once,
            scope: SCOPE_WRITE_DIRECTORY_USERS,
            subject: Subject::User { org_id, account_id },
        };
        match self.execute_raw(&call).await {
            Ok(_) => Ok(MembershipChange::Changed),
            Err(ApiError::NotFound { .. }) => Ok(MembershipChange::AlreadyAsAsked),
            Err(error) => Err(error),
        }
    }

    /// `POST …/groups/{groupId}/memberships` with `{"accountId": …}`: adds the account to the
    /// group. A 409 whose message says "already" is success; any other 409 (the product's user
    /// limit, "Product License Limit Exceeded") is returned as the `Rejected` it is.
    pub async fn add_membership(
        &self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        account_id: &str,
    ) -> Result<MembershipChange, ApiError> {
        let url = self.directory_url(org_id, directory_id, &["groups", group_id, "memberships"])?;
        let json_body =
            serde_json::to_vec(&serde_json::json!({ "accountId": account_id })).map_err(|error| {
                ApiError::RequestBody {
                    endpoint: Endpoint {
                        method: "POST",
                        path: url.path().to_owned(),
                    },
                    message: error.to_string(),
                }
            })?;
        let call = Call {
            method: Method::POST,
            url,
            json_body: Some(json_body),
            repeat: Repeat::Once,
            scope: SCOPE_WRITE_DIRECTORY_USERS,
            subject: Subject::User { org_id, account_id },
        };
        match self.execute_raw(&call).await {
            Ok(_) => Ok(MembershipChange::Changed),
            Err(ApiError::Rejected {
                status: 409,
                code,
                detail,
                ..
            }) if says_already(code.as_deref(), &detail) => Ok(MembershipChange::AlreadyAsAsked),
            Err(error) => Err(error),
        }
    }
}

/// Whether a 409's code or message says the account is already a member.
fn says_already(code: Option<&str>, detail: &str) -> bool {
    let already = |text: &str| text.to_ascii_lowercase().contains("already");
    already(detail) || code.is_some_and(already)
}

#[cfg(test)]
mod tests {
    use super::says_already;

    #[test]
    fn only_a_conflict_that_says_already_is_a_success() {
        assert!(says_already(None, "User is already a member of the group"));
        assert!(says_already(Some("ALREADY_MEMBER"), ""));
        assert!(!says_already(None, "Product License Limit Exceeded"));
        assert!(!says_already(Some("ADMIN-409-1"), "Conflict"));
    }
}
