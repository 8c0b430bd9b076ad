//! The commit engine's decisions, deterministic, against a scripted in-memory org: a lost
//! answer is followed by a re-read, never a blind resend; a refusal is an outcome; an unusable
//! key interrupts the batch and `resume` completes it; cancel stops between accounts.

use crate::support::users as support;

use dormant::api::MembershipChange;
use dormant::batch::{
    BatchEnd, BatchReport, BatchState, BatchStore, CancelToken, CommitProgress, CommitSettings, Confirmation,
    Gateway, GatewayError, Membership, Outcome, Plan, PlanOptions, Refusal, Safeguard, commit, resume,
};
use dormant::directory::{AccountId, AccountStatus, DirectoryIndex, Exclusions, Policy, User, UserStatus};
use dormant::store::Paths;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use support::{UserBuilder, directory, now};

/// What the org does with the next suspend of an account.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Applies the change, then the answer is lost.
    ApplyThenLoseAnswer,
    /// The request is lost before it is applied.
    LoseBeforeApply,
    Refuse,
    Fatal,
}

#[derive(Clone, Default)]
struct ScriptedOrg {
    users: Arc<Mutex<HashMap<AccountId, User>>>,
    faults: Arc<Mutex<HashMap<AccountId, Vec<Fault>>>>,
    applied: Arc<Mutex<Vec<AccountId>>>,
}

impl ScriptedOrg {
    fn new(users: &[User]) -> Self {
        let org = Self::default();
        org.users
            .lock()
            .expect("lock")
            .extend(users.iter().map(|u| (u.account_id.clone(), u.clone())));
        org
    }

    fn script(&self, account: &str, faults: &[Fault]) {
        self.faults
            .lock()
            .expect("lock")
            .insert(AccountId::from(account), faults.iter().rev().copied().collect());
    }

    fn applied(&self, account: &str) -> usize {
        let applied = self.applied.lock().expect("lock");
        applied.iter().filter(|id| id.as_str() == account).count()
    }

    fn apply(&self, account: &AccountId, change: impl FnOnce(&mut User)) {
        if let Some(user) = self.users.lock().expect("lock").get_mut(account) {
            change(user);
            self.applied.lock().expect("lock").push(account.clone());
        }
    }
}

fn lost(text: &str) -> GatewayError {
    GatewayError::Ambiguous { message: text.into() }
}

impl Gateway for ScriptedOrg {
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
        let users = self.users.lock().expect("lock");
        Ok(accounts.iter().filter_map(|id| users.get(id).cloned()).collect())
    }
    async fn suspend(&self, account: &AccountId) -> Result<(), GatewayError> {
        let fault = self
            .faults
            .lock()
            .expect("lock")
            .get_mut(account)
            .and_then(Vec::pop);
        let suspend = |user: &mut User| user.status = UserStatus::Suspended;
        match fault {
            None => {
                self.apply(account, suspend);
                Ok(())
            }
            Some(Fault::ApplyThenLoseAnswer) => {
                self.apply(account, suspend);
                Err(lost("connection closed after the change"))
            }
            Some(Fault::LoseBeforeApply) => Err(lost("connection closed before the change")),
            Some(Fault::Refuse) => Err(GatewayError::Refused {
                message: "ADMIN-403-3: cannot suspend".into(),
            }),
            Some(Fault::Fatal) => Err(GatewayError::Fatal {
                message: "the API key was refused".into(),
            }),
        }
    }
    async fn restore(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.apply(account, |user| user.status = UserStatus::Active);
        Ok(())
    }
    async fn disable(&self, account: &AccountId, _message: Option<&str>) -> Result<(), GatewayError> {
        self.apply(account, |user| user.account_status = AccountStatus::Inactive);
        Ok(())
    }
    async fn enable(&self, account: &AccountId) -> Result<(), GatewayError> {
        self.apply(account, |user| user.account_status = AccountStatus::Active);
        Ok(())
    }
    async fn remove_membership(
        &self,
        _: &AccountId,
        _: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        unreachable!("account-level plans only (remove access: batch/access_engine.rs)")
    }
    async fn add_membership(&self, _: &AccountId, _: &Membership) -> Result<MembershipChange, GatewayError> {
        unreachable!("account-level plans only (remove access: batch/access_engine.rs)")
    }
}

struct Fixture {
    users: Vec<User>,
    index: DirectoryIndex,
    home: tempfile::TempDir,
}

fn fixture(count: usize) -> Fixture {
    let users: Vec<User> = (0..count)
        .map(|i| {
            UserBuilder::new(&format!("u{i}"), &format!("User {i}"))
                .products(&[("jira", Some(200))])
                .build()
        })
        .collect();
    let index = DirectoryIndex::build(
        Arc::new(directory(users.clone(), Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    Fixture {
        users,
        index,
        home: tempfile::tempdir().expect("tempdir"),
    }
}

impl Fixture {
    fn plan(&self) -> Plan {
        let ids = self.users.iter().map(|u| u.account_id.clone());
        Plan::build(&self.index, ids, &PlanOptions::default(), now()).expect("plan")
    }

    fn store(&self) -> BatchStore {
        BatchStore::new(&Paths::under(self.home.path()))
    }

    fn safeguard(&self) -> Safeguard {
        Safeguard::new(self.index.classifier().clone())
    }

    async fn commit(
        &self,
        org: &ScriptedOrg,
        concurrency: usize,
        progress: impl Fn(CommitProgress) + Send + Sync + 'static,
        cancel: &CancelToken,
    ) -> BatchReport {
        let settings = CommitSettings {
            concurrency,
            ..CommitSettings::default()
        };
        commit(
            org,
            self.plan(),
            &self.safeguard(),
            &self.store(),
            &settings,
            progress,
            cancel,
        )
        .await
        .expect("commit runs")
    }
}

fn outcome_of<'r>(report: &'r BatchReport, account: &str) -> &'r Outcome {
    &report
        .outcomes
        .iter()
        .find(|o| o.account_id.as_str() == account)
        .expect("an outcome")
        .outcome
}

#[tokio::test]
async fn lost_answers_are_resolved_by_rereading_never_by_blind_resends() {
    let fixture = fixture(5);
    let org = ScriptedOrg::new(&fixture.users);
    org.script("u0", &[Fault::ApplyThenLoseAnswer]);
    org.script("u1", &[Fault::LoseBeforeApply]);
    org.script("u2", &[Fault::Refuse]);
    org.script("u3", &[Fault::LoseBeforeApply; 3]);
    let report = fixture.commit(&org, 2, |_| {}, &CancelToken::new()).await;
    assert_eq!(report.end, BatchEnd::Completed);
    let reread = Outcome::Succeeded {
        confirmed_by: Confirmation::Reread,
    };
    let answered = Outcome::Succeeded {
        confirmed_by: Confirmation::Answer,
    };
    assert_eq!(outcome_of(&report, "u0"), &reread);
    assert_eq!(outcome_of(&report, "u1"), &answered);
    assert!(matches!(
        outcome_of(&report, "u2"),
        Outcome::Refused {
            refusal: Refusal::ServerRefused { .. }
        }
    ));
    assert!(matches!(outcome_of(&report, "u3"), Outcome::Failed { .. }));
    assert_eq!(outcome_of(&report, "u4"), &answered);
    for (account, times) in [("u0", 1), ("u1", 1), ("u2", 0), ("u3", 0), ("u4", 1)] {
        assert_eq!(org.applied(account), times, "{account}");
    }
    assert_eq!(report.counts.failed, 1);
}

#[tokio::test]
async fn an_unusable_key_interrupts_the_batch_and_resume_completes_it_once() {
    let fixture = fixture(25);
    let org = ScriptedOrg::new(&fixture.users);
    org.script("u3", &[Fault::Fatal]);
    let report = fixture.commit(&org, 1, |_| {}, &CancelToken::new()).await;
    assert!(
        matches!(report.end, BatchEnd::Interrupted { .. }),
        "{:?}",
        report.end
    );
    let unfinished = fixture.store().unfinished().expect("listing");
    assert_eq!(unfinished.len(), 1);
    let journal = unfinished.into_iter().next().expect("one");
    assert!(journal.in_doubt.contains(&AccountId::from("u3")));
    let settings = CommitSettings::default();
    let resumed = resume(
        &org,
        journal,
        &fixture.safeguard(),
        &fixture.store(),
        &settings,
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("resume runs");
    assert_eq!(resumed.end, BatchEnd::Completed);
    assert_eq!(resumed.counts.succeeded, 25, "{}", resumed.counts);
    for user in &fixture.users {
        assert_eq!(org.applied(user.account_id.as_str()), 1, "{}", user.account_id);
    }
    assert!(fixture.store().unfinished().expect("listing").is_empty());
}

#[tokio::test]
async fn cancel_stops_between_accounts_and_the_batch_ends_cancelled() {
    let fixture = fixture(30);
    let org = ScriptedOrg::new(&fixture.users);
    let cancel = CancelToken::new();
    let token = cancel.clone();
    let report = fixture
        .commit(
            &org,
            1,
            move |progress| {
                if progress.counts.settled() >= 4 {
                    token.cancel();
                }
            },
            &cancel,
        )
        .await;
    assert_eq!(report.end, BatchEnd::Cancelled);
    assert_eq!(report.counts.succeeded, 4, "{}", report.counts);
    assert_eq!(org.applied.lock().expect("lock").len(), 4);
    let history = fixture.store().history().expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, BatchState::Cancelled);
    assert!(fixture.store().unfinished().expect("listing").is_empty());
}

#[tokio::test]
async fn results_export_every_outcome_as_csv_and_json() {
    let fixture = fixture(3);
    let org = ScriptedOrg::new(&fixture.users);
    org.script("u1", &[Fault::Refuse]);
    let report = fixture.commit(&org, 1, |_| {}, &CancelToken::new()).await;
    let mut csv = Vec::new();
    dormant::batch::write_results_csv(&report.outcomes, &report.entries, &report.memberships, &mut csv)
        .expect("csv");
    let text = String::from_utf8(csv).expect("utf8");
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().nth(2).expect("u1").contains(",refused,"), "{text}");
    let mut json = Vec::new();
    dormant::batch::write_results_json(&report.outcomes, &report.entries, &report.memberships, &mut json)
        .expect("json");
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("valid");
    assert_eq!(parsed[0]["outcome"]["result"], "succeeded");
}

#[tokio::test]
async fn an_account_listed_twice_by_hand_is_refused_naming_it_and_nothing_is_sent() {
    let fixture = fixture(2);
    let org = ScriptedOrg::new(&fixture.users);
    let mut plan = fixture.plan();
    plan.entries.push(plan.entries[0].clone());
    let error = commit(
        &org,
        plan,
        &fixture.safeguard(),
        &fixture.store(),
        &CommitSettings::default(),
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect_err("a repeated account is refused");
    assert!(
        error.is_refusal()
            && error.to_string().contains("more than once")
            && error.to_string().contains("(u0)"),
        "{error}"
    );
    assert_eq!(org.applied("u0"), 0);
    assert!(fixture.store().journals().expect("journals").is_empty());
}
