//! Remove product access end to end against a scripted in-memory org: the plan's exact
//! memberships, seats and sections; the commit's re-read (seat used since the load, membership
//! already gone), collateral refused unless accepted, a lost answer followed by a re-read and
//! never a second send, an interrupted batch resumed exactly once, and an undo that adds back
//! exactly what was removed, a licence-limit conflict reported as an outcome.

use crate::support::users::{UserBuilder, days_ago, directory, group, now};
use dormant::api::MembershipChange;
use dormant::batch::{
    AccessTarget, BatchAction, BatchEnd, BatchReport, BatchStore, CancelToken, CommitSettings, Confirmed,
    Gateway, GatewayError, Membership, Outcome, Plan, PlanOptions, Refusal, Safeguard, Section, Skip, commit,
    journal::read_journal, resume, undo_plan,
};
use dormant::directory::{
    AccountId, Activity, DirectoryIndex, Exclusions, GroupId, PlatformRole, Policy, ProductActivity,
    ProductId, ProductKey, Role, RoleGrant, User,
};
use dormant::store::Paths;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const JSM: &str = "ari:cloud:jira-service-desk::site/one";
const JIRA: &str = "ari:cloud:jira::site/one";
const CONF: &str = "ari:cloud:confluence::site/one";

/// What the org does with the next change of one (account, group).
#[derive(Debug, Clone, Copy)]
enum Fault {
    ApplyThenLoseAnswer,
    /// Applies the change, then the run dies before journalling it (the "sent, unjournalled"
    /// kill point of the crash matrix, in process).
    ApplyThenDie,
    Fatal,
    LicenceLimit,
}

/// (account, group).
type Key = (String, String);

#[derive(Clone, Default)]
struct MembershipOrg {
    users: Arc<Mutex<HashMap<AccountId, User>>>,
    faults: Arc<Mutex<HashMap<Key, Vec<Fault>>>>,
    /// Every change request received, adds and removes alike.
    sent: Arc<Mutex<Vec<Key>>>,
}

impl MembershipOrg {
    fn of(users: &[User]) -> Self {
        let org = Self::default();
        org.users
            .lock()
            .expect("lock")
            .extend(users.iter().map(|u| (u.account_id.clone(), u.clone())));
        org
    }

    fn script(&self, account: &str, group: &str, faults: &[Fault]) {
        self.faults.lock().expect("lock").insert(
            (account.to_owned(), group.to_owned()),
            faults.iter().rev().copied().collect(),
        );
    }

    fn groups_of(&self, account: &str) -> Vec<String> {
        let users = self.users.lock().expect("lock");
        let mut groups: Vec<String> = users[&AccountId::from(account)]
            .groups
            .iter()
            .map(ToString::to_string)
            .collect();
        groups.sort();
        groups
    }

    fn sends(&self, account: &str, group: &str) -> usize {
        let sent = self.sent.lock().expect("lock");
        sent.iter().filter(|(a, g)| a == account && g == group).count()
    }

    fn edit(&self, account: &str, change: impl FnOnce(&mut User)) {
        let mut users = self.users.lock().expect("lock");
        change(users.get_mut(&AccountId::from(account)).expect("known user"));
    }

    fn change(
        &self,
        account: &AccountId,
        membership: &Membership,
        add: bool,
    ) -> Result<MembershipChange, GatewayError> {
        let key = (account.to_string(), membership.group_id.to_string());
        self.sent.lock().expect("lock").push(key.clone());
        let fault = self.faults.lock().expect("lock").get_mut(&key).and_then(Vec::pop);
        if let Some(Fault::Fatal) = fault {
            return Err(GatewayError::Fatal {
                message: "the API key was refused".into(),
            });
        }
        if let Some(Fault::LicenceLimit) = fault {
            return Err(GatewayError::Refused {
                message: "409: Product License Limit Exceeded".into(),
            });
        }
        let mut users = self.users.lock().expect("lock");
        let user = users.get_mut(account).expect("known user");
        let member = user.groups.contains(&membership.group_id);
        if add && !member {
            user.groups.push(membership.group_id.clone());
        } else if !add {
            user.groups.retain(|group| *group != membership.group_id);
        }
        if let Some(Fault::ApplyThenLoseAnswer) = fault {
            return Err(GatewayError::Ambiguous {
                message: "connection closed after the change".into(),
            });
        }
        if let Some(Fault::ApplyThenDie) = fault {
            return Err(GatewayError::Fatal {
                message: "the run died after the change".into(),
            });
        }
        Ok(if member == add {
            MembershipChange::AlreadyAsAsked
        } else {
            MembershipChange::Changed
        })
    }
}

impl Gateway for MembershipOrg {
    fn read_batch_limit(&self) -> usize {
        10
    }
    async fn read_users(&self, accounts: &[AccountId]) -> Result<Vec<User>, GatewayError> {
        let users = self.users.lock().expect("lock");
        Ok(accounts.iter().filter_map(|id| users.get(id).cloned()).collect())
    }
    async fn suspend(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never suspends")
    }
    async fn restore(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never restores accounts")
    }
    async fn disable(&self, _: &AccountId, _: Option<&str>) -> Result<(), GatewayError> {
        unreachable!("remove-access never deactivates")
    }
    async fn enable(&self, _: &AccountId) -> Result<(), GatewayError> {
        unreachable!("remove-access never enables")
    }
    async fn remove_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.change(account, membership, false)
    }
    async fn add_membership(
        &self,
        account: &AccountId,
        membership: &Membership,
    ) -> Result<MembershipChange, GatewayError> {
        self.change(account, membership, true)
    }
}

fn site(product: &str, id: &str, days: Option<i64>) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(product),
        product_id: Some(ProductId::from(id)),
        last_active: days.map(days_ago),
    }
}

fn granting(id: &str, grants: &[(&str, &str)]) -> dormant::directory::Group {
    let mut group = group(id, &format!("{id}-group"));
    group.grants = grants
        .iter()
        .map(|(site, product)| RoleGrant {
            site: ProductId::from(*site),
            product: ProductKey::from(*product),
            roles: vec![Role::User],
        })
        .collect();
    group
}

/// u1: idle in JSM (agents), busy in Jira (jira-users): loses only the JSM seat.
/// u2: idle in JSM through svc-wiki, which also grants Confluence: collateral.
/// u3: busy in JSM: kept. u4: an org admin: protected.
fn world() -> (Vec<User>, DirectoryIndex) {
    let seats = |jsm: i64| {
        Activity::Known(vec![
            site("jira-service-desk", JSM, Some(jsm)),
            site("jira", JIRA, Some(2)),
            site("confluence", CONF, Some(3)),
        ])
    };
    let users = vec![
        UserBuilder::new("u1", "Una")
            .groups(&["agents", "jira-users"])
            .activity(seats(200))
            .build(),
        UserBuilder::new("u2", "Dos")
            .groups(&["svc-wiki", "jira-users"])
            .activity(seats(300))
            .build(),
        UserBuilder::new("u3", "Tres")
            .groups(&["agents", "jira-users"])
            .activity(seats(3))
            .build(),
        UserBuilder::new("u4", "Cuatro")
            .groups(&["agents"])
            .activity(seats(400))
            .role(PlatformRole::OrgAdmin)
            .build(),
    ];
    let groups = vec![
        granting("agents", &[(JSM, "jira-service-desk")]),
        granting("jira-users", &[(JIRA, "jira")]),
        granting("svc-wiki", &[(JSM, "jira-service-desk"), (CONF, "confluence")]),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users.clone(), groups)),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    (users, index)
}

fn plan(index: &DirectoryIndex, users: &[User]) -> Plan {
    let target = AccessTarget::resolve(index, "jsm", None).expect("jsm names the product");
    let options = PlanOptions {
        action: BatchAction::RemoveAccess,
        access: Some(target),
        ..PlanOptions::default()
    };
    Plan::build(index, users.iter().map(|u| u.account_id.clone()), &options, now()).expect("plan")
}

struct Run {
    store: BatchStore,
    safeguard: Safeguard,
    _home: tempfile::TempDir,
}

impl Run {
    fn new(index: &DirectoryIndex, confirmed: Confirmed) -> Self {
        let home = tempfile::tempdir().expect("tempdir");
        Self {
            store: BatchStore::new(&Paths::under(home.path())),
            safeguard: Safeguard::new(index.classifier().clone()).confirming(confirmed),
            _home: home,
        }
    }

    async fn commit(&self, org: &MembershipOrg, plan: Plan) -> BatchReport {
        let settings = CommitSettings::default();
        commit(
            org,
            plan,
            &self.safeguard,
            &self.store,
            &settings,
            |_| {},
            &CancelToken::new(),
        )
        .await
        .expect("commit runs")
    }
}

fn outcome<'r>(report: &'r BatchReport, account: &str) -> &'r Outcome {
    &report
        .outcomes
        .iter()
        .find(|o| o.account_id.as_str() == account)
        .expect("an outcome")
        .outcome
}

fn entry<'p>(plan: &'p Plan, account: &str) -> &'p dormant::batch::PlanEntry {
    plan.entries
        .iter()
        .find(|e| e.account_id.as_str() == account)
        .expect("entry")
}

#[test]
fn the_plan_names_the_exact_memberships_seats_and_sections() {
    let (users, index) = world();
    let plan = plan(&index, &users);
    let u1 = entry(&plan, "u1");
    assert_eq!(u1.section, Some(Section::IdleSeats));
    let groups: Vec<&str> = u1.memberships.iter().map(|m| m.group_id.as_str()).collect();
    assert_eq!(groups, ["agents"]);
    assert_eq!(u1.seats_lost.len(), 1);
    assert!(u1.seats_lost[0].chosen && u1.seats_lost[0].billable);
    let u2 = entry(&plan, "u2");
    assert_eq!(u2.section, Some(Section::Collateral));
    assert!(
        u2.seats_lost
            .iter()
            .any(|s| !s.chosen && s.product.as_str() == "confluence")
    );
    assert!(
        matches!(
            entry(&plan, "u3").refusal,
            Some(Refusal::SeatNotReclaimable { .. })
        ),
        "{:?}",
        entry(&plan, "u3").refusal
    );
    assert!(matches!(
        entry(&plan, "u4").refusal,
        Some(Refusal::Protected { .. })
    ));
    assert!(entry(&plan, "u4").memberships.is_empty());
}

#[tokio::test]
async fn collateral_is_refused_unless_accepted_and_only_the_chosen_memberships_go() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    let run = Run::new(&index, Confirmed::all_but_collateral());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert_eq!(report.end, BatchEnd::Completed);
    assert!(matches!(outcome(&report, "u1"), Outcome::Succeeded { .. }));
    assert_eq!(org.groups_of("u1"), ["jira-users"]);
    assert!(
        matches!(
            outcome(&report, "u2"),
            Outcome::Refused {
                refusal: Refusal::SectionNotConfirmed {
                    section: Some(Section::Collateral)
                }
            }
        ),
        "{:?}",
        outcome(&report, "u2")
    );
    assert_eq!(org.groups_of("u2"), ["jira-users", "svc-wiki"]);
    assert_eq!(
        org.groups_of("u4"),
        ["agents"],
        "protected users are never touched"
    );
    let journal = read_journal(&report.journal).expect("journal");
    assert_eq!(
        journal.memberships[&AccountId::from("u1")],
        [GroupId::from("agents")]
    );
    assert!(!journal.memberships.contains_key(&AccountId::from("u2")));

    let accepted = Run::new(&index, Confirmed::all());
    let report = accepted.commit(&org, plan(&index, &users)).await;
    assert!(matches!(outcome(&report, "u2"), Outcome::Succeeded { .. }));
    assert_eq!(org.groups_of("u2"), ["jira-users"]);
}

#[tokio::test]
async fn the_re_read_skips_a_seat_used_since_the_load_and_a_membership_already_gone() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    org.edit("u1", |user| {
        user.activity = Activity::Known(vec![site("jira-service-desk", JSM, Some(0))]);
    });
    org.edit("u2", |user| user.groups.retain(|g| g.as_str() != "svc-wiki"));
    let run = Run::new(&index, Confirmed::all());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert!(
        matches!(
            outcome(&report, "u1"),
            Outcome::Skipped {
                skip: Skip::ActiveSinceLoad { .. }
            }
        ),
        "{:?}",
        outcome(&report, "u1")
    );
    assert!(matches!(
        outcome(&report, "u2"),
        Outcome::Skipped {
            skip: Skip::MembershipsAlreadyChanged { .. }
        }
    ));
    assert_eq!(org.sends("u1", "agents") + org.sends("u2", "svc-wiki"), 0);
    // Nothing was removed by this batch, so there is nothing to undo.
    let journal = read_journal(&report.journal).expect("journal");
    assert!(undo_plan(&journal, now()).is_err());
}

#[tokio::test]
async fn a_lost_answer_is_re_read_and_journalled_once_never_sent_twice() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    org.script("u1", "agents", &[Fault::ApplyThenLoseAnswer]);
    let run = Run::new(&index, Confirmed::all());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert!(matches!(outcome(&report, "u1"), Outcome::Succeeded { .. }));
    assert_eq!(org.sends("u1", "agents"), 1);
    let text = std::fs::read_to_string(&report.journal).expect("journal text");
    let removed = text
        .lines()
        .filter(|line| line.contains("membership_removed") && line.contains("\"u1\""))
        .count();
    assert_eq!(removed, 1, "{text}");
}

#[tokio::test]
async fn an_interrupted_batch_resumes_exactly_once_and_undo_gives_back_exactly_what_went() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    // u2's removal stops the run with an unusable key, after u1 is done.
    org.script("u2", "svc-wiki", &[Fault::Fatal]);
    let run = Run::new(&index, Confirmed::all());
    let settings = CommitSettings {
        concurrency: 1,
        ..CommitSettings::default()
    };
    let report = commit(
        &org,
        plan(&index, &users),
        &run.safeguard,
        &run.store,
        &settings,
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("commit runs");
    assert!(
        matches!(report.end, BatchEnd::Interrupted { .. }),
        "{:?}",
        report.end
    );
    let journal = read_journal(&report.journal).expect("journal");
    assert!(journal.in_doubt.contains(&AccountId::from("u2")));
    let resumed = resume(
        &org,
        journal,
        &run.safeguard,
        &run.store,
        &settings,
        |_| {},
        &CancelToken::new(),
    )
    .await
    .expect("resume runs");
    assert_eq!(resumed.end, BatchEnd::Completed);
    assert_eq!(org.sends("u1", "agents"), 1);
    assert_eq!(
        org.sends("u2", "svc-wiki"),
        2,
        "the refused-key send changed nothing; one real send"
    );
    assert_eq!(org.groups_of("u2"), ["jira-users"]);

    let journal = read_journal(&resumed.journal).expect("journal");
    let undo = undo_plan(&journal, now()).expect("undo plan");
    assert_eq!(undo.action, BatchAction::RestoreAccess);
    let restored: Vec<(&str, Vec<&str>)> = undo
        .entries
        .iter()
        .map(|e| {
            (
                e.account_id.as_str(),
                e.memberships.iter().map(|m| m.group_id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(restored, [("u1", vec!["agents"]), ("u2", vec!["svc-wiki"])]);
    // The product's user limit refuses u2's re-add: a reported conflict, not a crash.
    org.script("u2", "svc-wiki", &[Fault::LicenceLimit]);
    let undone = run.commit(&org, undo).await;
    assert_eq!(undone.end, BatchEnd::Completed);
    assert_eq!(org.groups_of("u1"), ["agents", "jira-users"]);
    match outcome(&undone, "u2") {
        Outcome::Refused {
            refusal: Refusal::ServerRefused { message },
        } => assert!(message.contains("License Limit"), "{message}"),
        other => panic!("expected the licence conflict, got {other:?}"),
    }
    assert_eq!(org.groups_of("u2"), ["jira-users"]);
}

#[test]
fn a_seat_only_the_idp_can_free_goes_to_the_handoff_naming_its_group() {
    let (mut users, _) = world();
    users.push(
        UserBuilder::new("u5", "Cinco")
            .groups(&["okta-agents", "jira-users"])
            .activity(Activity::Known(vec![
                site("jira-service-desk", JSM, Some(250)),
                site("jira", JIRA, Some(1)),
            ]))
            .build(),
    );
    let mut okta = granting("okta-agents", &[(JSM, "jira-service-desk")]);
    okta.modifiable = Some(false);
    let groups = vec![
        granting("agents", &[(JSM, "jira-service-desk")]),
        granting("jira-users", &[(JIRA, "jira")]),
        granting("svc-wiki", &[(JSM, "jira-service-desk"), (CONF, "confluence")]),
        okta,
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users.clone(), groups)),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let plan = plan(&index, &users);
    let u5 = entry(&plan, "u5");
    assert!(
        u5.memberships.is_empty(),
        "an IdP-managed membership is never removed through the API"
    );
    assert!(
        matches!(&u5.refusal, Some(Refusal::IdpManagedGroups { groups }) if groups == &["okta-agents-group"]),
        "{:?}",
        u5.refusal
    );
    let mut csv = Vec::new();
    let rows = dormant::batch::write_idp_handoff(&plan, &mut csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf8");
    assert_eq!(rows, 1, "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|line| line.starts_with("Cinco,") && line.ends_with(",okta-agents-group")),
        "{text}"
    );
}

/// The nastiest moment of the crash matrix for every membership of a two-group removal: the
/// change reached the org but its record never reached the journal. The resume re-reads, records
/// it as this batch's (so its undo gives it back), sends nothing twice, and finishes the rest.
#[tokio::test]
async fn a_membership_changed_but_not_journalled_is_found_by_the_resume_and_never_sent_twice() {
    for dying in ["agents", "svc-extra"] {
        let mut users = vec![
            UserBuilder::new("u1", "Una")
                .groups(&["agents", "svc-extra", "jira-users"])
                .activity(Activity::Known(vec![
                    site("jira-service-desk", JSM, Some(200)),
                    site("jira", JIRA, Some(2)),
                ]))
                .build(),
        ];
        users[0].added_to_org = Some(days_ago(500));
        let groups = vec![
            granting("agents", &[(JSM, "jira-service-desk")]),
            granting("svc-extra", &[(JSM, "jira-service-desk")]),
            granting("jira-users", &[(JIRA, "jira")]),
        ];
        let index = DirectoryIndex::build(
            Arc::new(directory(users.clone(), groups)),
            &Policy::default(),
            &Exclusions::default(),
            now(),
        );
        let plan = plan(&index, &users);
        assert_eq!(entry(&plan, "u1").memberships.len(), 2, "{dying}");
        let org = MembershipOrg::of(&users);
        org.script("u1", dying, &[Fault::ApplyThenDie]);
        let run = Run::new(&index, Confirmed::all());
        let report = run.commit(&org, plan).await;
        assert!(
            matches!(report.end, BatchEnd::Interrupted { .. }),
            "{dying}: {:?}",
            report.end
        );
        let journal = read_journal(&report.journal).expect("journal");
        assert!(journal.in_doubt.contains(&AccountId::from("u1")), "{dying}");
        let settings = CommitSettings::default();
        let resumed = resume(
            &org,
            journal,
            &run.safeguard,
            &run.store,
            &settings,
            |_| {},
            &CancelToken::new(),
        )
        .await
        .expect("resume runs");
        assert_eq!(resumed.end, BatchEnd::Completed, "{dying}");
        assert!(
            matches!(outcome(&resumed, "u1"), Outcome::Succeeded { .. }),
            "{dying}"
        );
        assert_eq!(org.groups_of("u1"), ["jira-users"], "{dying}");
        assert_eq!(org.sends("u1", "agents"), 1, "{dying}");
        assert_eq!(org.sends("u1", "svc-extra"), 1, "{dying}");
        let journal = read_journal(&resumed.journal).expect("journal");
        let mut removed: Vec<&str> = journal.memberships[&AccountId::from("u1")]
            .iter()
            .map(GroupId::as_str)
            .collect();
        removed.sort_unstable();
        assert_eq!(removed, ["agents", "svc-extra"], "{dying}");
        let undone = run.commit(&org, undo_plan(&journal, now()).expect("undo")).await;
        assert_eq!(undone.end, BatchEnd::Completed, "{dying}");
        assert_eq!(
            org.groups_of("u1"),
            ["agents", "jira-users", "svc-extra"],
            "{dying}"
        );
    }
}
