//! The reads seats are built from (reference §1.13, §1.14): the org's workspaces (product sites)
//! and one group's role assignments. Must not decide what is billed: that is `directory::seat`.

use super::Client;
use super::endpoints::{get, search};
use super::send::Subject;
use crate::api::assumptions::{SCOPE_READ_DIRECTORIES, SCOPE_READ_GROUPS, SCOPE_READ_WORKSPACES};
use crate::api::error::ApiError;
use crate::api::model::{GroupRoleAssignment, Page, UserRoleAssignment, Workspace, WorkspaceSearchRequest};

impl Client {
    /// `POST /admin/v2/orgs/{orgId}/workspaces`, one page (a read, retried like a GET).
    pub async fn workspaces_page(
        &self,
        org_id: &str,
        request: &WorkspaceSearchRequest,
    ) -> Result<Page<Workspace>, ApiError> {
        let url = self.url(&["admin", "v2", "orgs", org_id, "workspaces"])?;
        self.execute(&search(
            url,
            request,
            SCOPE_READ_WORKSPACES,
            Subject::Org(org_id),
        )?)
        .await
    }

    /// `GET /admin/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/role-assignments`,
    /// one page.
    pub async fn group_role_assignments_page(
        &self,
        org_id: &str,
        directory_id: &str,
        group_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<GroupRoleAssignment>, ApiError> {
        let mut url = self.directory_url(org_id, directory_id, &["groups", group_id, "role-assignments"])?;
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        self.execute(&get(url, SCOPE_READ_GROUPS, Subject::Org(org_id)))
            .await
    }

    /// One page of `account_id`'s role assignments on `resource_id` (one site): the commit
    /// engine's check that no direct assignment keeps a seat a membership removal should free.
    pub async fn user_role_assignments_page(
        &self,
        org_id: &str,
        directory_id: &str,
        account_id: &str,
        resource_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<UserRoleAssignment>, ApiError> {
        let mut url = self.directory_url(org_id, directory_id, &["users", account_id, "role-assignments"])?;
        url.query_pairs_mut().append_pair("resourceIds", resource_id);
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        self.execute(&get(
            url,
            SCOPE_READ_DIRECTORIES,
            Subject::User { org_id, account_id },
        ))
        .await
    }
}
