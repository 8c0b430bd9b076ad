//! "Already done elsewhere" at the engine's seam, deterministic: a scripted org where another
//! machine changes users right before this batch re-reads them, or between the re-read and the
//! send. Such users are recorded apart from "done" and left alone by the batch's undo; a plan
//! and an undo each run once; a cancelled batch's plan may run again.

use crate::support::users;
use dormant::api::MembershipChange;
use dormant::batch::{
    BatchReport, BatchStore, CancelToken, CommitError, CommitSettings, Gateway, GatewayError, Membership,
    Outcome, Plan, PlanOptions, Safeguard, commit, undo_plan,
};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, Policy, User, UserStatus};
use dormant::store::Paths;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// An org another machine works on too: accounts in `done_before_read` are suspended by it before
/// this batch re-reads them; accounts in `done_before_send` between the re-read and the send,
/// and the server then answers the send with a refusal, as a server that reports a repeat would.
#[derive(Clone, Default)]
struct SharedOrg {
    users: Arc<Mutex<HashMap<AccountId, User>>>,
    done_before_read: Arc<Mutex<HashSet<AccountId>>>,
    done_before_send: HashSet<AccountId>,
}

impl SharedOrg {
    fn set(&self, account: &AccountId, status: UserStatus) {
        let mut users = self.users.lock().expect("lock");
        users.get_mut(account).expect("known").status = status;
    }
}

impl Gateway for SharedOrg {
    /// This fake org assigns no role directly: groups grant every seat.
    async fn direct_billable_roles(
        &self,
        _account: &AccountId,
        _site: &dormant::directory::ProductId,
    ) -> Result<Vec<String>, GatewayError> {
        Ok(Vec::new())
    }

    fn read_batch_limit(&self) -> usize {
        10
    }
    async fn read_users(&self, accounts: &[AccountId]) -> Result<Vec<User>, GatewayError> {
        for account in self.done_before_read.lock().expect("lock").drain() {
            self.set(&account, UserStatus::Suspended);
        }
        let users = self.users.lock().expect("lock");
        Ok(accounts.iter().filter_map(|id| users.get(id).cloned()).collect())
    }
    async fn suspend(&self, account: &AccountId) -> Result<(), GatewayError> {
        if self.done_before_send.contains(account) {
            self.set(account, UserStatus::Suspended);
            return Err(GatewayError::Refused {
                message: "the user is already suspended".into(),
            });
        }
        self.set(account, UserStatus::Suspended);
        Ok(())
    }
    async fn restore(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.set(account, UserStatus::Active);
        Ok(())
    }
    async fn disable(&self, _: &AccountId, _: Option<&str>) -> Result<(), GatewayError> {
        unreachable!("suspend plans only")
    }
    async fn enable(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("suspend plans only")
    }
    async fn remove_membership(
        &self,
        _: &AccountId,
        _: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        unreachable!("suspend plans only")
    }
    async fn add_membership(&self, _: &AccountId, _: &Membership) -> Result<MembershipChange, GatewayError> {
        unreachable!("suspend plans only")
    }
}

/// Six active idle users in `SharedOrg`; u1 is suspended elsewhere right before the re-read, u4
/// between the re-read and the send.
struct World {
    users: Vec<User>,
    org: SharedOrg,
    plan: Plan,
    store: BatchStore,
    safeguard: Safeguard,
    _home: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let users: Vec<User> = (0..6)
            .map(|i| {
                users::UserBuilder::new(&format!("u{i}"), &format!("User {i}"))
                    .products(&[("jira", Some(200))])
                    .build()
            })
            .collect();
        let index = DirectoryIndex::build(
            Arc::new(users::directory(users.clone(), Vec::new())),
            &Policy::default(),
            &Exclusions::default(),
            users::now(),
        );
        let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
        let org = SharedOrg {
            users: Arc::new(Mutex::new(
                users.iter().map(|u| (u.account_id.clone(), u.clone())).collect(),
            )),
            done_before_read: Arc::new(Mutex::new([ids[1].clone()].into())),
            done_before_send: [ids[4].clone()].into(),
        };
        let home = tempfile::tempdir().expect("home");
        let plan = Plan::build(&index, ids, &PlanOptions::default(), users::now()).expect("plan");
        Self {
            users,
            org,
            plan,
            store: BatchStore::new(&Paths::under(home.path())),
            safeguard: Safeguard::new(index.classifier().clone()),
            _home: home,
        }
    }

    async fn run(&self, plan: Plan, cancel: &CancelToken) -> Result<BatchReport, CommitError> {
        let settings = CommitSettings::default();
        commit(
            &self.org,
            plan,
            &self.safeguard,
            &self.store,
            &settings,
            |_| {},
            cancel,
        )
        .await
    }

    fn status(&self, i: usize) -> UserStatus {
        self.org.users.lock().expect("lock")[&self.users[i].account_id]
            .status
            .clone()
    }
}

/// Already done when the batch got there, by the re-read before the send or by the re-read after
/// a refused send: recorded apart from "done", and left alone by the batch's undo.
#[tokio::test]
async fn found_already_done_is_recorded_apart_and_left_alone_by_undo() {
    let world = World::new();
    let report = world
        .run(world.plan.clone(), &CancelToken::new())
        .await
        .expect("commit");
    let counts = report.counts;
    assert_eq!((counts.succeeded, counts.elsewhere), (4, 2), "{counts}");
    for (i, outcome) in report.outcomes.iter().enumerate() {
        let elsewhere = matches!(
            outcome.outcome,
            Outcome::AlreadyDoneElsewhere {
                status: UserStatus::Suspended
            }
        );
        assert_eq!(elsewhere, i == 1 || i == 4, "u{i}: {}", outcome.outcome);
    }
    let journal = world.store.read(&report.batch_id).expect("journal");
    let undo = undo_plan(&journal, users::now()).expect("undo plan");
    let undone: Vec<&str> = undo
        .entries
        .iter()
        .map(|entry| entry.account_id.as_str())
        .collect();
    assert_eq!(
        undone,
        ["u0", "u2", "u3", "u5"],
        "only the users this batch changed"
    );
    let restored = world.run(undo, &CancelToken::new()).await.expect("undo");
    assert_eq!(restored.counts.succeeded, 4);
    assert_eq!(
        (world.status(1), world.status(4), world.status(0)),
        (UserStatus::Suspended, UserStatus::Suspended, UserStatus::Active)
    );
}

/// A plan runs once, and one batch is undone once; a cancelled batch's plan may run again.
#[tokio::test]
async fn a_plan_and_an_undo_each_run_once_but_a_cancelled_plan_may_run_again() {
    let world = World::new();
    let cancelled = CancelToken::new();
    cancelled.cancel();
    let first = world
        .run(world.plan.clone(), &cancelled)
        .await
        .expect("cancelled at once");
    assert_eq!(first.counts.settled(), 0);
    let report = world
        .run(world.plan.clone(), &CancelToken::new())
        .await
        .expect("a cancelled plan may run again");
    let again = world
        .run(world.plan.clone(), &CancelToken::new())
        .await
        .expect_err("a plan runs once");
    assert!(again.is_refusal(), "{again}");
    let expected = format!("already applied as batch {} on ", report.batch_id);
    assert!(again.to_string().contains(&expected), "{again}");
    let journal = world.store.read(&report.batch_id).expect("journal");
    let undo = || undo_plan(&journal, users::now()).expect("undo plan");
    let restored = world.run(undo(), &CancelToken::new()).await.expect("undo");
    let twice = world
        .run(undo(), &CancelToken::new())
        .await
        .expect_err("one undo per batch");
    let expected = format!(
        "batch {} was already undone by batch {} on ",
        report.batch_id, restored.batch_id
    );
    assert!(
        twice.is_refusal() && twice.to_string().contains(&expected),
        "{twice}"
    );
}
