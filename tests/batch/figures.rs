//! The preview's figures are what will happen: a plan naming a user twice is refused naming
//! them (on load and in the commit engine), a refused user frees no seat, and only active,
//! billable accounts count. Pure where it can be; the engine against the memory org.

use crate::support::users as support;

use dormant::batch::{BatchAction, Plan, PlanOptions, Preview};
use dormant::directory::{AccountId, DirectoryIndex, Exclusions, PlatformRole, Policy, User};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn plan_of(users: Vec<User>) -> Plan {
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let options = PlanOptions {
        action: BatchAction::Suspend,
        ..PlanOptions::default()
    };
    Plan::build(&index, ids, &options, now()).expect("plan")
}

fn idle(id: &str) -> UserBuilder {
    UserBuilder::new(id, &format!("User {id}")).products(&[("jira", Some(200)), ("confluence", Some(150))])
}

#[test]
fn a_plan_naming_a_user_twice_is_refused_naming_them() {
    let mut plan = plan_of(vec![idle("a").build(), idle("b").build()]);
    assert_eq!(plan.check_repeats(), Ok(()));
    let repeat = plan.entries[1].clone();
    plan.entries.push(repeat.clone());
    plan.entries.push(repeat);
    let error = plan.check_repeats().expect_err("a repeated user is refused");
    assert_eq!(error.accounts, ["User b (b)"]);
    let message = error.to_string();
    assert!(
        message.contains("1 user(s) more than once: User b (b)") && message.contains("`dormant plan`"),
        "{message}"
    );
}

#[test]
fn the_preview_counts_a_repeated_user_once() {
    let mut plan = plan_of(vec![idle("a").build()]);
    plan.entries.push(plan.entries[0].clone());
    let preview = Preview::of(&plan, &Policy::default().prices, 0, now());
    assert_eq!(preview.acting, 1);
    let seats: Vec<u64> = preview.seats.iter().map(|p| p.seats).collect();
    assert_eq!(seats, [1, 1]);
}

#[test]
fn refused_and_unbillable_users_free_no_seat() {
    let plan = plan_of(vec![
        idle("admin").role(PlatformRole::OrgAdmin).build(),
        idle("gone")
            .status(dormant::directory::UserStatus::Deactivated)
            .build(),
    ]);
    for entry in &plan.entries {
        assert!(entry.refusal.is_some(), "{entry:?}");
        assert!(
            entry.seats.is_empty(),
            "{} keeps their seats: {:?}",
            entry.name,
            entry.seats
        );
    }
    let preview = Preview::of(&plan, &Policy::default().prices, 0, now());
    assert!(preview.seats.is_empty());
    assert!(preview.to_string().contains("seats: frees none"), "{preview}");
}
