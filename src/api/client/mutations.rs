//! The calls that change an org (reference §1.8, §2) and the exact-account read a batch makes
//! right before changing anyone. Mutations are `Repeat::Once`: a 5xx or a dropped connection is
//! returned to the caller, who must re-read the account before deciding to send again. Must not
//! decide who may be changed: that is `batch`'s job.

use super::Client;
use super::send::{Call, Subject};
use crate::api::assumptions::{
    FILTER_LIST_MAX, SCOPE_USER_MANAGEMENT, SCOPE_WRITE_DIRECTORY_USERS, SEARCH_MAX_LIMIT,
};
use crate::api::error::{ApiError, Endpoint};
use crate::api::load::USER_EXPAND;
use crate::api::model::{DirectoryUser, Page, UserSearchRequest};
use crate::api::retry::Repeat;
use reqwest::Method;
use std::collections::HashSet;

/// Most pages one exact-account read follows before calling the server's cursors a loop.
const MAX_READ_PAGES: usize = 16;

impl Client {
    /// `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend`: frees
    /// the account's seats in that directory (`-`: every directory), keeping the account.
    pub async fn suspend_user(
        &self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
    ) -> Result<(), ApiError> {
        self.directory_access(org_id, directory_id, account_id, "suspend")
            .await
    }

    /// `POST …/users/{accountId}/restore`: undoes `suspend_user`.
    pub async fn restore_user(
        &self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
    ) -> Result<(), ApiError> {
        self.directory_access(org_id, directory_id, account_id, "restore")
            .await
    }

    /// `POST /users/{accountId}/manage/lifecycle/disable`, with the optional message the user
    /// sees at login. `org_id` only names the org in a 404.
    pub async fn disable_user(
        &self,
        org_id: &str,
        account_id: &str,
        message: Option<&str>,
    ) -> Result<(), ApiError> {
        let url = self.url(&["users", account_id, "manage", "lifecycle", "disable"])?;
        let json_body = match message {
            Some(message) => Some(
                serde_json::to_vec(&serde_json::json!({ "message": message })).map_err(|error| {
                    ApiError::RequestBody {
                        endpoint: Endpoint {
                            method: "POST",
                            path: url.path().to_owned(),
                        },
                        message: error.to_string(),
                    }
                })?,
            ),
            None => None,
        };
        let call = Call {
            method: Method::POST,
            url,
            json_body,
            repeat: Repeat::Once,
            scope: SCOPE_USER_MANAGEMENT,
            subject: Subject::User { org_id, account_id },
        };
        self.execute_raw(&call).await.map(drop)
    }

    /// `POST /users/{accountId}/manage/lifecycle/enable`: undoes `disable_user`.
    pub async fn enable_user(&self, org_id: &str, account_id: &str) -> Result<(), ApiError> {
        let url = self.url(&["users", account_id, "manage", "lifecycle", "enable"])?;
        let call = Call {
            method: Method::POST,
            url,
            json_body: None,
            repeat: Repeat::Once,
            scope: SCOPE_USER_MANAGEMENT,
            subject: Subject::User { org_id, account_id },
        };
        self.execute_raw(&call).await.map(drop)
    }

    /// The current records of up to `FILTER_LIST_MAX` accounts, with roles, product activity
    /// and groups, through one `users/search` with `accountIds` (a read, so retried like a GET).
    /// Accounts no longer in the org are absent from the answer.
    pub async fn users_by_id(
        &self,
        org_id: &str,
        directory_id: &str,
        account_ids: &[&str],
    ) -> Result<Vec<DirectoryUser>, ApiError> {
        let mut found = Vec::with_capacity(account_ids.len());
        for chunk in account_ids.chunks(FILTER_LIST_MAX) {
            let mut request = UserSearchRequest {
                limit: SEARCH_MAX_LIMIT,
                expand: USER_EXPAND.iter().map(|value| (*value).to_owned()).collect(),
                account_ids: chunk.iter().map(|id| (*id).to_owned()).collect(),
                ..UserSearchRequest::default()
            };
            let mut seen = HashSet::new();
            for _ in 0..MAX_READ_PAGES {
                let page: Page<DirectoryUser> =
                    self.users_search_page(org_id, directory_id, &request).await?;
                let next = page.next_cursor();
                found.extend(page.data);
                match next {
                    Some(cursor) if seen.insert(cursor.clone()) => request.cursor = Some(cursor),
                    Some(_) => {
                        return Err(ApiError::CursorLoop {
                            endpoint: Endpoint {
                                method: "POST",
                                path: "/admin/v2/orgs/{orgId}/directories/{directoryId}/users/search"
                                    .to_owned(),
                            },
                        });
                    }
                    None => break,
                }
            }
        }
        Ok(found)
    }

    async fn directory_access(
        &self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
        verb: &str,
    ) -> Result<(), ApiError> {
        let url = self.directory_url(org_id, directory_id, &["users", account_id, verb])?;
        let call = Call {
            method: Method::POST,
            url,
            json_body: None,
            repeat: Repeat::Once,
            scope: SCOPE_WRITE_DIRECTORY_USERS,
            subject: Subject::User { org_id, account_id },
        };
        self.execute_raw(&call).await.map(drop)
    }
}
