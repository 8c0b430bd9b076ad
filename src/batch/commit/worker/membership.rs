//! One account of a remove- or restore-access batch, group by group: memberships an earlier run
//! journalled are never sent again; for an account left `started` by an interrupted run, what
//! the re-read shows changed is recorded as this batch's; then the re-check, `started`, and one
//! request per membership still to change, each journalled (`membership_removed` /
//! `membership_added`, fsync'd) as soon as it is known done. A lost answer is followed by a
//! re-read, never a blind resend.

use super::{MAX_SENDS, Shared, skipped};
use crate::batch::access::Membership;
use crate::batch::action::BatchAction;
use crate::batch::check::{Verdict, membership_pending};
use crate::batch::gateway::{Gateway, GatewayError, change_membership};
use crate::batch::journal::JournalRecord;
use crate::batch::outcome::{Confirmation, Outcome, Refusal, Skip};
use crate::batch::plan::PlanEntry;
use crate::directory::{AccountId, GroupId, User};
use chrono::Utc;

/// How sending one membership change ended.
enum Sent {
    /// Changed, known from the answer or a re-read.
    Done(Confirmation),
    /// The account's outcome is settled (or the run stopped): nothing more for it.
    Settled,
}

pub(super) async fn act_on<G: Gateway>(shared: &Shared<G>, position: usize, user: Option<&User>) {
    let entry = &shared.plan.entries[position];
    let action = shared.plan.action;
    let account = &entry.account_id;
    let Some(user) = user else {
        return shared.settle(position, skipped(Skip::Gone)).await;
    };
    let mut changed: Vec<GroupId> = shared.prior_memberships.get(account).cloned().unwrap_or_default();
    if shared.in_doubt.contains(account) {
        // An interrupted run may have sent these before it could journal them: the re-read says.
        for membership in &entry.memberships {
            if !changed.contains(&membership.group_id) && !membership_pending(action, user, membership) {
                if !journal(shared, action, account, membership, Confirmation::Reread).await {
                    return;
                }
                changed.push(membership.group_id.clone());
            }
        }
        if entry
            .memberships
            .iter()
            .all(|membership| changed.contains(&membership.group_id))
        {
            let confirmed_by = Confirmation::Reread;
            return shared.settle(position, Outcome::Succeeded { confirmed_by }).await;
        }
    }
    match shared.safeguard.verdict(action, entry, Some(user)) {
        Verdict::Skip(skip) => return shared.settle(position, skipped(skip)).await,
        Verdict::Refuse(refusal) => return shared.settle(position, Outcome::Refused { refusal }).await,
        Verdict::Act => {}
    }
    if action == BatchAction::RemoveAccess {
        match direct_grants(shared, entry).await {
            Ok(seats) if seats.is_empty() => {}
            Ok(seats) => {
                let refusal = Refusal::DirectAssignment { seats };
                return shared.settle(position, Outcome::Refused { refusal }).await;
            }
            Err(GatewayError::Fatal { message }) => return shared.stop(message),
            Err(error) => {
                let error = format!("could not check for direct role assignments: {error}");
                return shared.settle(position, Outcome::Failed { error }).await;
            }
        }
    }
    let started = JournalRecord::Started {
        account_id: account.clone(),
        at: Utc::now(),
    };
    if let Err(error) = shared.append(&started).await {
        return shared.stop(format!("could not write the batch journal: {error}"));
    }
    let mut confirmed_by = Confirmation::Answer;
    for membership in &entry.memberships {
        // Changed before the re-read by someone else: not this batch's, so its undo leaves it.
        if changed.contains(&membership.group_id) || !membership_pending(action, user, membership) {
            continue;
        }
        match send(shared, position, entry, membership, changed.len()).await {
            Sent::Done(how) => {
                if !journal(shared, action, account, membership, how).await {
                    return;
                }
                if how == Confirmation::Reread {
                    confirmed_by = how;
                }
                changed.push(membership.group_id.clone());
            }
            Sent::Settled => return,
        }
    }
    shared.settle(position, Outcome::Succeeded { confirmed_by }).await;
}

/// Journals one membership as changed by this batch; `false` when the journal failed (the run
/// is stopped: nothing more may be sent).
async fn journal<G: Gateway>(
    shared: &Shared<G>,
    action: BatchAction,
    account: &AccountId,
    membership: &Membership,
    confirmed_by: Confirmation,
) -> bool {
    let (account_id, group_id, at) = (account.clone(), membership.group_id.clone(), Utc::now());
    let record = if action == BatchAction::RestoreAccess {
        JournalRecord::MembershipAdded {
            account_id,
            group_id,
            at,
            confirmed_by,
        }
    } else {
        JournalRecord::MembershipRemoved {
            account_id,
            group_id,
            at,
            confirmed_by,
        }
    };
    match shared.append(&record).await {
        Ok(()) => {
            shared.note_membership(account, &membership.group_id);
            true
        }
        Err(error) => {
            shared.stop(format!("could not write the batch journal: {error}"));
            false
        }
    }
}

/// Sends one membership change until it is known done, settling the account's outcome when it
/// cannot be (`done_before`: memberships of this account the batch changed already).
async fn send<G: Gateway>(
    shared: &Shared<G>,
    position: usize,
    entry: &PlanEntry,
    membership: &Membership,
    done_before: usize,
) -> Sent {
    let action = shared.plan.action;
    let account = &entry.account_id;
    let total = entry.memberships.len();
    let partial = |what: String| {
        if done_before == 0 {
            what
        } else {
            format!("{done_before} of {total} memberships changed, then {what}")
        }
    };
    for _ in 0..MAX_SENDS {
        let error = match change_membership(&shared.gateway, action, account, membership).await {
            Ok(_) => {
                // The membership changed but is not journalled: the nastiest kill point.
                crate::test_hooks::fault_point!("commit:membership-unjournalled:{position};");
                return Sent::Done(Confirmation::Answer);
            }
            Err(GatewayError::Refused { message }) => {
                let message = format!("group {}: {message}", membership.group_name);
                let outcome = if done_before == 0 {
                    let refusal = Refusal::ServerRefused { message };
                    Outcome::Refused { refusal }
                } else {
                    Outcome::Failed {
                        error: partial(format!("refused by the server: {message}")),
                    }
                };
                shared.settle(position, outcome).await;
                return Sent::Settled;
            }
            Err(GatewayError::NotApplied { message }) => {
                let error = partial(format!("group {}: {message}", membership.group_name));
                shared.settle(position, Outcome::Failed { error }).await;
                return Sent::Settled;
            }
            // Left `started`: the next run re-reads it.
            Err(GatewayError::Fatal { message }) => {
                shared.stop(message);
                return Sent::Settled;
            }
            Err(GatewayError::Ambiguous { message }) => message,
        };
        match shared.gateway.read_users(std::slice::from_ref(account)).await {
            Ok(users) => {
                let Some(user) = users.iter().find(|user| &user.account_id == account) else {
                    shared.settle(position, skipped(Skip::Gone)).await;
                    return Sent::Settled;
                };
                if !membership_pending(action, user, membership) {
                    return Sent::Done(Confirmation::Reread);
                }
                match shared.safeguard.verdict(action, entry, Some(user)) {
                    Verdict::Act => tracing::info!(
                        target: "dormant::batch",
                        account = %account,
                        group = %membership.group_id,
                        "no answer ({error}); the re-read shows the membership unchanged, sending again"
                    ),
                    Verdict::Skip(skip) => {
                        shared.settle(position, skipped(skip)).await;
                        return Sent::Settled;
                    }
                    Verdict::Refuse(refusal) => {
                        shared.settle(position, Outcome::Refused { refusal }).await;
                        return Sent::Settled;
                    }
                }
            }
            Err(GatewayError::Fatal { message }) => {
                shared.stop(message);
                return Sent::Settled;
            }
            Err(_) => {
                shared.unresolved();
                return Sent::Settled;
            }
        }
    }
    let error = partial(format!(
        "group {}: no answer after {MAX_SENDS} tries, and re-reading shows it unchanged",
        membership.group_name
    ));
    shared.settle(position, Outcome::Failed { error }).await;
    Sent::Settled
}

/// The chosen seats a direct role assignment would keep billed after the memberships go (the
/// loaded data shows no direct grant beside a group's, so the engine asks right before acting).
async fn direct_grants<G: Gateway>(
    shared: &Shared<G>,
    entry: &PlanEntry,
) -> Result<Vec<String>, GatewayError> {
    let mut kept = Vec::new();
    for seat in entry.seats_lost.iter().filter(|seat| seat.chosen) {
        let Some(site) = &seat.site else { continue };
        let roles = shared
            .gateway
            .direct_billable_roles(&entry.account_id, site)
            .await?;
        if !roles.is_empty() {
            kept.push(format!("{}, directly as {}", seat.describe(), roles.join(", ")));
        }
    }
    Ok(kept)
}
