//! One commit worker and the state workers share: take a chunk of accounts, re-read them in one
//! call, then for each (cancellation checked in between) decide, journal `started`, send once,
//! and settle the outcome. An ambiguous failure is followed by a re-read, never a blind resend.
//! Membership actions (remove or restore access) go group by group in `worker/membership.rs`.

mod membership;

use super::{BatchEnd, CommitProgress};
use crate::batch::action::CancelToken;
use crate::batch::check::{Safeguard, Verdict, reached};
use crate::batch::gateway::{Gateway, GatewayError, perform};
use crate::batch::journal::{JournalError, JournalRecord, JournalSink};
use crate::batch::outcome::{Confirmation, Counts, Outcome, Skip, UserOutcome};
use crate::batch::plan::Plan;
use crate::directory::{AccountId, GroupId, User};
use crate::types::BatchId;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::time::Instant;

/// Sends of one change when each answer is lost and each re-read shows it not applied.
const MAX_SENDS: u32 = 3;

type ProgressFn = Box<dyn Fn(CommitProgress) + Send + Sync>;

/// What the workers of one run share. Every lock is short and never held across an `.await`.
pub(super) struct Shared<G> {
    gateway: G,
    safeguard: Safeguard,
    batch_id: BatchId,
    plan: Arc<Plan>,
    /// Appends in order on its own thread: no worker waits on the disk while holding a lock.
    journal: JournalSink,
    tally: Mutex<Tally>,
    queue: Mutex<VecDeque<Vec<usize>>>,
    in_doubt: HashSet<AccountId>,
    /// Memberships an earlier run journalled as changed: never sent again.
    prior_memberships: HashMap<AccountId, Vec<GroupId>>,
    progress: ProgressFn,
    cancel: CancelToken,
    started: Instant,
}

#[derive(Default)]
struct Tally {
    counts: Counts,
    settled_now: usize,
    outcomes: HashMap<AccountId, (DateTime<Utc>, Outcome)>,
    /// Why the run stopped early, if it did.
    stopped: Option<String>,
    /// Accounts whose outcome could not be established (left `started` in the journal).
    unresolved: usize,
    /// Memberships journalled as changed by this run, per account.
    memberships: HashMap<AccountId, Vec<GroupId>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<G: Gateway> Shared<G> {
    // Everything the workers share, set once; a builder would only rename these arguments.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        gateway: G,
        safeguard: Safeguard,
        batch_id: BatchId,
        plan: Arc<Plan>,
        journal: JournalSink,
        counts: Counts,
        in_doubt: HashSet<AccountId>,
        prior_memberships: HashMap<AccountId, Vec<GroupId>>,
        progress: ProgressFn,
        cancel: CancelToken,
    ) -> Self {
        Self {
            gateway,
            safeguard,
            batch_id,
            plan,
            journal,
            tally: Mutex::new(Tally {
                counts,
                ..Tally::default()
            }),
            queue: Mutex::new(VecDeque::new()),
            in_doubt,
            prior_memberships,
            progress,
            cancel,
            started: Instant::now(),
        }
    }

    pub(super) fn enqueue(&self, positions: &[usize], chunk: usize) {
        let mut queue = lock(&self.queue);
        for part in positions.chunks(chunk.max(1)) {
            queue.push_back(part.to_vec());
        }
    }

    pub(super) async fn append(&self, record: &JournalRecord) -> Result<(), JournalError> {
        self.journal.append(record).await
    }

    pub(super) fn stop(&self, reason: String) {
        lock(&self.tally).stopped.get_or_insert(reason);
    }

    fn halted(&self) -> bool {
        self.cancel.is_cancelled() || lock(&self.tally).stopped.is_some()
    }

    /// Journals and counts the outcome of the entry at `position`, then reports progress.
    pub(super) async fn settle(&self, position: usize, outcome: Outcome) {
        self.record(position, outcome, true).await;
    }

    /// Like `settle` for a refusal the plan already decided: no request, so not in the rate.
    pub(super) async fn settle_planned_refusal(&self, position: usize, outcome: Outcome) {
        self.record(position, outcome, false).await;
    }

    async fn record(&self, position: usize, outcome: Outcome, worked: bool) {
        let entry = &self.plan.entries[position];
        let at = Utc::now();
        let record = JournalRecord::outcome(entry.account_id.clone(), at, outcome.clone());
        if let Err(error) = self.append(&record).await {
            self.stop(format!("could not write the batch journal: {error}"));
            return;
        }
        let report = {
            let mut tally = lock(&self.tally);
            tally.counts.add(&outcome);
            tally.settled_now += usize::from(worked);
            tally
                .outcomes
                .insert(entry.account_id.clone(), (at, outcome.clone()));
            let elapsed = self.started.elapsed();
            CommitProgress {
                batch_id: self.batch_id.clone(),
                action: self.plan.action,
                counts: tally.counts,
                per_minute: tally.settled_now as f64 * 60.0 / elapsed.as_secs_f64().max(1e-3),
                elapsed,
                latest: Some(UserOutcome {
                    account_id: entry.account_id.clone(),
                    name: entry.name.clone(),
                    email: entry.email.clone(),
                    action: self.plan.action,
                    outcome,
                    at,
                }),
            }
        };
        (self.progress)(report);
    }

    /// The counts, the plan and how the run ended.
    pub(super) fn finish(&self, cancelled: bool) -> (Counts, Arc<Plan>, BatchEnd) {
        let tally = lock(&self.tally);
        let end = match (&tally.stopped, tally.unresolved) {
            (Some(reason), _) => BatchEnd::Interrupted {
                reason: reason.clone(),
            },
            (None, unresolved) if unresolved > 0 => BatchEnd::Interrupted {
                reason: format!(
                    "the outcome of {unresolved} change(s) could not be confirmed (no answer, and the \
                     account could not be re-read)"
                ),
            },
            (None, _) if cancelled && tally.counts.remaining() > 0 => BatchEnd::Cancelled,
            (None, _) => BatchEnd::Completed,
        };
        (tally.counts, Arc::clone(&self.plan), end)
    }

    pub(super) fn take_outcomes(&self) -> HashMap<AccountId, (DateTime<Utc>, Outcome)> {
        std::mem::take(&mut lock(&self.tally).outcomes)
    }

    /// Every membership changed for the batch so far: earlier runs' first, then this run's.
    pub(super) fn take_memberships(&self) -> HashMap<AccountId, Vec<GroupId>> {
        let mut all = self.prior_memberships.clone();
        for (account, groups) in std::mem::take(&mut lock(&self.tally).memberships) {
            let known = all.entry(account).or_default();
            for group in groups {
                if !known.contains(&group) {
                    known.push(group);
                }
            }
        }
        all
    }

    fn note_membership(&self, account: &AccountId, group: &GroupId) {
        lock(&self.tally)
            .memberships
            .entry(account.clone())
            .or_default()
            .push(group.clone());
    }

    fn unresolved(&self) {
        lock(&self.tally).unresolved += 1;
    }
}

/// Takes chunks until the queue is empty, the run is cancelled or it stopped.
pub(super) async fn run<G: Gateway>(shared: Arc<Shared<G>>) {
    loop {
        if shared.halted() {
            return;
        }
        let Some(chunk) = lock(&shared.queue).pop_front() else {
            return;
        };
        let accounts: Vec<AccountId> = chunk
            .iter()
            .map(|&position| shared.plan.entries[position].account_id.clone())
            .collect();
        let fresh = match shared.gateway.read_users(&accounts).await {
            Ok(users) => users,
            Err(GatewayError::Fatal { message }) => {
                shared.stop(message);
                return;
            }
            Err(error) => {
                for (&position, account) in chunk.iter().zip(&accounts) {
                    if shared.in_doubt.contains(account) {
                        shared.unresolved();
                    } else {
                        let error = format!("not attempted: could not re-read the account first ({error})");
                        shared.settle(position, Outcome::Failed { error }).await;
                    }
                }
                continue;
            }
        };
        for &position in &chunk {
            if shared.halted() {
                return;
            }
            let account = &shared.plan.entries[position].account_id;
            let user = fresh.iter().find(|user| &user.account_id == account);
            act_on(&shared, position, user).await;
        }
    }
}

async fn act_on<G: Gateway>(shared: &Shared<G>, position: usize, user: Option<&User>) {
    let entry = &shared.plan.entries[position];
    let action = shared.plan.action;
    if action.changes_memberships() {
        return membership::act_on(shared, position, user).await;
    }
    if shared.in_doubt.contains(&entry.account_id) && user.is_some_and(|user| reached(action, user)) {
        // Sent by an interrupted run and applied: this run's success, not a skip.
        let confirmed_by = Confirmation::Reread;
        return shared.settle(position, Outcome::Succeeded { confirmed_by }).await;
    }
    match shared.safeguard.verdict(action, entry, user) {
        Verdict::Skip(skip) => return shared.settle(position, skipped(skip)).await,
        Verdict::Refuse(refusal) => return shared.settle(position, Outcome::Refused { refusal }).await,
        Verdict::Act => {}
    }
    let started = JournalRecord::Started {
        account_id: entry.account_id.clone(),
        at: Utc::now(),
    };
    if let Err(error) = shared.append(&started).await {
        return shared.stop(format!("could not write the batch journal: {error}"));
    }
    let message = shared.plan.message.as_deref();
    for _ in 0..MAX_SENDS {
        let error = match perform(&shared.gateway, action, &entry.account_id, message).await {
            Ok(()) => {
                // The change is applied but its outcome is not journalled: the nastiest kill point.
                crate::test_hooks::fault_point!("commit:sent-unjournalled:{position};");
                let confirmed_by = Confirmation::Answer;
                return shared.settle(position, Outcome::Succeeded { confirmed_by }).await;
            }
            Err(GatewayError::Refused { message }) => {
                // A refused send changed nothing: if the account is there anyway, someone else put it there.
                if let Some(status) = reached_now(shared, &entry.account_id, action).await {
                    return shared
                        .settle(position, Outcome::AlreadyDoneElsewhere { status })
                        .await;
                }
                let refusal = crate::batch::outcome::Refusal::ServerRefused { message };
                return shared.settle(position, Outcome::Refused { refusal }).await;
            }
            Err(GatewayError::NotApplied { message }) => {
                return shared.settle(position, Outcome::Failed { error: message }).await;
            }
            // Left `started`: the next run re-reads it.
            Err(GatewayError::Fatal { message }) => return shared.stop(message),
            Err(GatewayError::Ambiguous { message }) => message,
        };
        match shared
            .gateway
            .read_users(std::slice::from_ref(&entry.account_id))
            .await
        {
            Ok(users) => {
                let user = users.iter().find(|user| user.account_id == entry.account_id);
                if user.is_some_and(|user| reached(action, user)) {
                    let confirmed_by = Confirmation::Reread;
                    return shared.settle(position, Outcome::Succeeded { confirmed_by }).await;
                }
                match shared.safeguard.verdict(action, entry, user) {
                    Verdict::Act => tracing::info!(
                        target: "dormant::batch",
                        account = %entry.account_id,
                        "no answer ({error}); the re-read shows nothing changed, sending again"
                    ),
                    Verdict::Skip(skip) => return shared.settle(position, skipped(skip)).await,
                    Verdict::Refuse(refusal) => {
                        return shared.settle(position, Outcome::Refused { refusal }).await;
                    }
                }
            }
            Err(GatewayError::Fatal { message }) => return shared.stop(message),
            Err(_) => return shared.unresolved(),
        }
    }
    let error = format!("no answer after {MAX_SENDS} tries, and re-reading shows nothing changed");
    shared.settle(position, Outcome::Failed { error }).await;
}

/// The outcome of a skip decided on the re-read: an account already where the action brings it
/// was brought there by someone else, which the record says in so many words.
fn skipped(skip: Skip) -> Outcome {
    match skip {
        Skip::AlreadyDone { status } => Outcome::AlreadyDoneElsewhere { status },
        skip => Outcome::Skipped { skip },
    }
}

/// The account's status when a re-read shows it already where `action` brings it; `None` when
/// it is not, or cannot be read.
async fn reached_now<G: Gateway>(
    shared: &Shared<G>,
    account: &AccountId,
    action: crate::batch::action::BatchAction,
) -> Option<crate::directory::UserStatus> {
    let users = shared
        .gateway
        .read_users(std::slice::from_ref(account))
        .await
        .ok()?;
    users
        .into_iter()
        .find(|user| &user.account_id == account && reached(action, user))
        .map(|user| user.status)
}
