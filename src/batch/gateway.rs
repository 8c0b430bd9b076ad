//! The `Gateway`: everything the commit engine needs from the org (re-read accounts, suspend,
//! restore, disable, enable), as a trait so the engine is tested against fakes and the simulator
//! alike. Errors are sorted by what they mean for the account: refused (nothing changed),
//! not applied, ambiguous (may have changed: re-read before anything else), fatal (stop).

mod api;

pub use api::ApiGateway;

use super::access::Membership;
use super::action::BatchAction;
use crate::api::MembershipChange;
use crate::directory::{AccountId, ProductId, User};
use std::future::Future;

/// A failed gateway call, by consequence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The server answered with a refusal; nothing changed.
    #[error("{message}")]
    Refused { message: String },
    /// The server did not process the request (still rate limited); nothing changed.
    #[error("{message}")]
    NotApplied { message: String },
    /// No answer, or a server error, after the request was sent: it may or may not have applied.
    #[error("{message}")]
    Ambiguous { message: String },
    /// The key, org or base URL is unusable: no further request can succeed.
    #[error("{message}")]
    Fatal { message: String },
}

/// The org as the commit engine sees it. Implementations pace and retry per their own rules,
/// but must never repeat a change on their own after an ambiguous failure.
pub trait Gateway: Send + Sync + 'static {
    /// Most accounts one `read_users` call should be given (the engine batches by it).
    fn read_batch_limit(&self) -> usize;

    /// The current state of `accounts` (status, roles, activity, groups); accounts no longer in
    /// the org are absent from the result.
    fn read_users(
        &self,
        accounts: &[AccountId],
    ) -> impl Future<Output = Result<Vec<User>, GatewayError>> + Send;

    fn suspend(&self, account: &AccountId) -> impl Future<Output = Result<(), GatewayError>> + Send;

    fn restore(&self, account: &AccountId) -> impl Future<Output = Result<(), GatewayError>> + Send;

    /// `message` is shown to the user at login.
    fn disable(
        &self,
        account: &AccountId,
        message: Option<&str>,
    ) -> impl Future<Output = Result<(), GatewayError>> + Send;

    fn enable(&self, account: &AccountId) -> impl Future<Output = Result<(), GatewayError>> + Send;

    /// Removes `account` from the group of `membership` (remove access). Not a member any more
    /// is `AlreadyAsAsked`, never an error.
    fn remove_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> impl Future<Output = Result<MembershipChange, GatewayError>> + Send;

    /// Adds `account` back to the group of `membership` (undo of remove access). Already a
    /// member is `AlreadyAsAsked`; a conflict such as the product's user limit is `Refused`.
    fn add_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> impl Future<Output = Result<MembershipChange, GatewayError>> + Send;

    /// The billable roles `account` holds on `site` by a DIRECT assignment (reference 1.7.5):
    /// removing group memberships never frees a seat such a role keeps, and the loaded data
    /// cannot show one beside a group grant, so remove access asks right before acting.
    fn direct_billable_roles(
        &self,
        account: &AccountId,
        site: &ProductId,
    ) -> impl Future<Output = Result<Vec<String>, GatewayError>> + Send;
}

/// Sends `action` for `account` through `gateway`: the account-level actions only (membership
/// actions go group by group through `change_membership`).
pub(crate) async fn perform<G: Gateway>(
    gateway: &G,
    action: BatchAction,
    account: &AccountId,
    message: Option<&str>,
) -> Result<(), GatewayError> {
    match action {
        BatchAction::Suspend => gateway.suspend(account).await,
        BatchAction::Restore => gateway.restore(account).await,
        BatchAction::Deactivate => gateway.disable(account, message).await,
        BatchAction::Enable => gateway.enable(account).await,
        BatchAction::RemoveAccess | BatchAction::RestoreAccess => Err(GatewayError::Fatal {
            message: format!(
                "{action} changes group memberships one by one, not the account; this is a dormant bug, \
                 please report it"
            ),
        }),
    }
}

/// Sends the membership change of `action` (remove or add back) for one group.
pub(crate) async fn change_membership<G: Gateway>(
    gateway: &G,
    action: BatchAction,
    account: &AccountId,
    membership: &Membership,
) -> Result<MembershipChange, GatewayError> {
    if action == BatchAction::RestoreAccess {
        gateway.add_membership(account, membership).await
    } else {
        gateway.remove_membership(account, membership).await
    }
}
