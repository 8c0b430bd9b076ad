//! `Gateway` over the admin API client: exact-account re-reads through `users/search` (activity
//! from `last-active-dates` when the search carries none), v2 suspend/restore across every
//! directory, User management disable/enable. Maps `ApiError`s to what they mean for a batch.

use super::{Gateway, GatewayError};
use crate::api::MembershipChange;
use crate::api::assumptions::FILTER_LIST_MAX;
use crate::api::convert::{self, ProductCatalog};
use crate::api::{ALL_DIRECTORIES, ApiError, Client};
use crate::batch::access::Membership;
use crate::directory::{AccountId, Activity, Interner, ProductId, Role, User};
use crate::types::OrgId;

/// Most pages of one user's role assignments on one site before the answer counts as broken
/// (a site holds a handful of roles; a cursor that never ends must not loop).
const MAX_ROLE_PAGES: usize = 20;

/// The admin API as a batch's gateway, for one org.
#[derive(Debug, Clone)]
pub struct ApiGateway {
    client: Client,
    org_id: OrgId,
}

impl ApiGateway {
    #[must_use]
    pub fn new(client: Client, org_id: OrgId) -> Self {
        Self { client, org_id }
    }

    #[must_use]
    pub fn client(&self) -> &Client {
        &self.client
    }

    #[must_use]
    pub fn org_id(&self) -> &OrgId {
        &self.org_id
    }

    /// Activity from `last-active-dates` for a record the search sent without it. A failure
    /// leaves it unknown, which the engine treats as "cannot confirm idle": skipped, not acted on.
    async fn fill_activity(&self, user: &mut User, interner: &mut Interner) -> Result<(), GatewayError> {
        match self
            .client
            .last_active_dates(self.org_id.as_str(), user.account_id.as_str())
            .await
        {
            Ok(data) => {
                user.activity =
                    convert::activity_from_last_active(&data, &ProductCatalog::default(), interner);
                Ok(())
            }
            Err(error @ (ApiError::Unauthorized { .. } | ApiError::InsufficientScope { .. })) => {
                Err(classify(error))
            }
            Err(_) => Ok(()),
        }
    }
}

impl Gateway for ApiGateway {
    fn read_batch_limit(&self) -> usize {
        FILTER_LIST_MAX
    }

    async fn read_users(&self, accounts: &[AccountId]) -> Result<Vec<User>, GatewayError> {
        let ids: Vec<&str> = accounts.iter().map(AccountId::as_str).collect();
        let records = self
            .client
            .users_by_id(self.org_id.as_str(), ALL_DIRECTORIES, &ids)
            .await
            .map_err(classify)?;
        let mut interner = Interner::default();
        let mut users = Vec::with_capacity(records.len());
        for record in records {
            let mut user = convert::user(record, None, &mut interner);
            if !accounts.contains(&user.account_id) {
                // The search returned someone not asked for: never act on what was not re-read.
                continue;
            }
            if matches!(user.activity, Activity::Unknown) {
                self.fill_activity(&mut user, &mut interner).await?;
            }
            users.push(user);
        }
        Ok(users)
    }

    async fn suspend(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.client
            .suspend_user(self.org_id.as_str(), ALL_DIRECTORIES, account.as_str())
            .await
            .map_err(classify)
    }

    async fn restore(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.client
            .restore_user(self.org_id.as_str(), ALL_DIRECTORIES, account.as_str())
            .await
            .map_err(classify)
    }

    async fn disable(&self, account: &AccountId, message: Option<&str>) -> Result<(), GatewayError> {
        self.client
            .disable_user(self.org_id.as_str(), account.as_str(), message)
            .await
            .map_err(classify)
    }

    async fn enable(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.client
            .enable_user(self.org_id.as_str(), account.as_str())
            .await
            .map_err(classify)
    }

    async fn remove_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.client
            .remove_membership(
                self.org_id.as_str(),
                membership_directory(membership),
                membership.group_id.as_str(),
                account.as_str(),
            )
            .await
            .map_err(classify)
    }

    async fn add_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.client
            .add_membership(
                self.org_id.as_str(),
                membership_directory(membership),
                membership.group_id.as_str(),
                account.as_str(),
            )
            .await
            .map_err(classify)
    }

    async fn direct_billable_roles(
        &self,
        account: &AccountId,
        site: &ProductId,
    ) -> Result<Vec<String>, GatewayError> {
        let mut roles = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_ROLE_PAGES {
            let page = self
                .client
                .user_role_assignments_page(
                    self.org_id.as_str(),
                    ALL_DIRECTORIES,
                    account.as_str(),
                    site.as_str(),
                    cursor.as_deref(),
                )
                .await
                .map_err(classify)?;
            roles.extend(
                page.data
                    .iter()
                    .filter(|assignment| assignment.resource_id == site.as_str())
                    .flat_map(crate::api::model::UserRoleAssignment::direct_roles)
                    .filter(|role| Role::from(*role).is_billable())
                    .map(str::to_owned),
            );
            cursor = page.next_cursor();
            if cursor.is_none() {
                return Ok(roles);
            }
        }
        Err(GatewayError::Ambiguous {
            message: format!("{account}'s role assignments did not end after {MAX_ROLE_PAGES} pages"),
        })
    }
}

/// The group's own directory when the load saw it, else every directory (`-`).
fn membership_directory(membership: &Membership) -> &str {
    membership
        .directory_id
        .as_ref()
        .map_or(ALL_DIRECTORIES, |directory| directory.as_str())
}

/// What an API error means for the account (or the batch).
fn classify(error: ApiError) -> GatewayError {
    let message = error.to_string();
    match error {
        ApiError::NotOrgAdmin { code, detail, .. } | ApiError::Rejected { code, detail, .. } => {
            GatewayError::Refused {
                message: refusal_text(code.as_deref(), &detail, &message),
            }
        }
        ApiError::NotFound { .. } => GatewayError::Refused { message },
        ApiError::RateLimited { .. } => GatewayError::NotApplied { message },
        ApiError::Server { .. }
        | ApiError::Transport { .. }
        | ApiError::Decode { .. }
        | ApiError::ResponseTooLarge { .. }
        | ApiError::Interrupted => GatewayError::Ambiguous { message },
        ApiError::InvalidBaseUrl { .. }
        | ApiError::InvalidKey { .. }
        | ApiError::HttpClient(_)
        | ApiError::Unauthorized { .. }
        | ApiError::InsufficientScope { .. }
        | ApiError::OrgNotFound { .. }
        | ApiError::UnusableOrgId { .. }
        | ApiError::RequestBody { .. }
        | ApiError::CursorLoop { .. }
        | ApiError::EndlessPaging { .. }
        | ApiError::NoOrgVisible
        | ApiError::SeveralOrgs { .. } => GatewayError::Fatal { message },
    }
}

/// A refusal in the server's own words (`ADMIN-403-3: …`), else the client's full message.
fn refusal_text(code: Option<&str>, detail: &str, fallback: &str) -> String {
    match (code, detail.trim()) {
        (Some(code), "") => code.to_owned(),
        (Some(code), detail) => format!("{code}: {detail}"),
        (None, "") => fallback.to_owned(),
        (None, detail) => detail.to_owned(),
    }
}
