//! The last check before a change, on the account as re-read: protection is re-derived from the
//! fresh record (not the plan), and anything the plan did not see — activity, a new role, a new
//! status, the account gone — stops the change.

use crate::support::users as support;

use dormant::batch::{BatchAction, Plan, PlanOptions, Refusal, Safeguard, Skip, Verdict};
use dormant::directory::{
    AccountId, Activity, DirectoryIndex, Exclusions, PlatformRole, Policy, User, UserStatus,
};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn idle() -> UserBuilder {
    UserBuilder::new("u", "Idle User").products(&[("jira", Some(200))])
}

/// The safeguard and the plan entry of `user`, planned for `action`.
fn planned(user: &User, action: BatchAction) -> (Safeguard, Plan) {
    let index = DirectoryIndex::build(
        Arc::new(directory(vec![user.clone()], Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let options = PlanOptions {
        action,
        ..PlanOptions::default()
    };
    let plan = Plan::build(&index, [AccountId::from("u")], &options, now()).expect("plan");
    assert!(plan.entries[0].acts());
    (Safeguard::new(index.classifier().clone()), plan)
}

fn verdict(action: BatchAction, fresh: Option<&User>) -> Verdict {
    let (safeguard, plan) = planned(&idle().build(), action);
    safeguard.verdict(action, &plan.entries[0], fresh)
}

#[test]
fn an_unchanged_idle_account_is_acted_on() {
    assert_eq!(verdict(BatchAction::Suspend, Some(&idle().build())), Verdict::Act);
    assert_eq!(
        verdict(BatchAction::Deactivate, Some(&idle().build())),
        Verdict::Act
    );
}

#[test]
fn changes_since_the_plan_stop_the_action() {
    assert_eq!(verdict(BatchAction::Suspend, None), Verdict::Skip(Skip::Gone));
    let active = idle().products(&[("jira", Some(0))]).build();
    assert!(matches!(
        verdict(BatchAction::Suspend, Some(&active)),
        Verdict::Skip(Skip::ActiveSinceLoad { .. })
    ));
    let unknown = idle().activity(Activity::Unknown).build();
    assert_eq!(
        verdict(BatchAction::Suspend, Some(&unknown)),
        Verdict::Skip(Skip::ActivityUnknown)
    );
    let suspended = idle().status(UserStatus::Suspended).build();
    assert_eq!(
        verdict(BatchAction::Suspend, Some(&suspended)),
        Verdict::Skip(Skip::AlreadyDone {
            status: UserStatus::Suspended
        })
    );
    let deactivated = idle().status(UserStatus::Deactivated).build();
    assert!(matches!(
        verdict(BatchAction::Suspend, Some(&deactivated)),
        Verdict::Skip(Skip::NotActive { .. })
    ));
}

#[test]
fn protection_and_ownership_are_rederived_from_the_fresh_record() {
    let now_admin = idle().role(PlatformRole::OrgAdmin).build();
    assert!(matches!(
        verdict(BatchAction::Suspend, Some(&now_admin)),
        Verdict::Refuse(Refusal::Protected { .. })
    ));
    let now_service = idle().email(Some("x@serviceaccount.atlassian.com")).build();
    assert!(matches!(
        verdict(BatchAction::Deactivate, Some(&now_service)),
        Verdict::Refuse(Refusal::Protected { .. })
    ));
    let now_synced = idle().synced().build();
    assert_eq!(
        verdict(BatchAction::Deactivate, Some(&now_synced)),
        Verdict::Refuse(Refusal::IdpOwnsLifecycle)
    );
}

#[test]
fn restoring_checks_only_whether_it_is_still_needed() {
    let (safeguard, plan) = planned(&idle().build(), BatchAction::Suspend);
    let entry = &plan.entries[0];
    let suspended_admin = idle()
        .status(UserStatus::Suspended)
        .role(PlatformRole::OrgAdmin)
        .build();
    assert_eq!(
        safeguard.verdict(BatchAction::Restore, entry, Some(&suspended_admin)),
        Verdict::Act
    );
    assert!(matches!(
        safeguard.verdict(BatchAction::Restore, entry, Some(&idle().build())),
        Verdict::Skip(Skip::AlreadyDone { .. })
    ));
}

#[test]
fn a_hand_edited_plan_cannot_skip_a_required_warning() {
    let user = idle().build();
    let mut policy = Policy::default();
    policy.warning.require = true;
    // Planned without the rule (as a hand-edited plan would be), checked with it.
    let (_, plan) = planned(&user, BatchAction::Suspend);
    let directory = directory(vec![user.clone()], Vec::new());
    let index = DirectoryIndex::build(Arc::new(directory), &policy, &Exclusions::default(), now());
    let safeguard = Safeguard::new(index.classifier().clone());
    match safeguard.verdict(BatchAction::Suspend, &plan.entries[0], Some(&user)) {
        Verdict::Refuse(Refusal::WarningRequired { reasons }) => assert!(!reasons.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        safeguard.verdict(BatchAction::Restore, &plan.entries[0], Some(&user)),
        Verdict::Skip(Skip::AlreadyDone {
            status: UserStatus::Active
        }),
        "restoring is never held back by warnings"
    );
}
