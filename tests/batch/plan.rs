//! The plan, one rule at a time: who each action acts on, every refusal with its reason, the cap,
//! the preview's figures and the `IdP` handoff export. Pure: hand-made users, a fixed instant.

use crate::support::users as support;

use dormant::batch::{
    BatchAction, ConfirmBy, Plan, PlanError, PlanOptions, Preview, Refusal, write_idp_handoff,
};
use dormant::directory::{
    AccountId, AccountType, DirectoryIndex, Exclusion, Exclusions, Lane, Marks, PlatformRole, Policy, User,
    UserStatus,
};
use dormant::types::BatchCap;
use std::sync::Arc;
use support::{UserBuilder, directory, group, now};

fn index_of(users: Vec<User>, exclusions: &Exclusions) -> DirectoryIndex {
    let groups = vec![group("g-okta", "okta-engineering")];
    let mut synced = groups;
    synced[0].external_synced = true;
    DirectoryIndex::build(
        Arc::new(directory(users, synced)),
        &Policy::default(),
        exclusions,
        now(),
    )
}

fn idle(id: &str) -> UserBuilder {
    UserBuilder::new(id, &format!("User {id}")).products(&[("jira", Some(200)), ("confluence", Some(150))])
}

fn plan(users: Vec<User>, action: BatchAction) -> Plan {
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = index_of(users, &Exclusions::default());
    let options = PlanOptions {
        action,
        ..PlanOptions::default()
    };
    Plan::build(&index, ids, &options, now()).expect("plan")
}

fn refusal_of(plan: &Plan, id: &str) -> Option<Refusal> {
    plan.entries
        .iter()
        .find(|entry| entry.account_id.as_str() == id)
        .and_then(|entry| entry.refusal.clone())
}

#[test]
fn suspend_acts_on_every_kind_of_member_but_refuses_the_protected_and_inactive() {
    let users = vec![
        idle("invited").build(),
        idle("synced").synced().build(),
        idle("unmanaged").unmanaged().build(),
        idle("admin").role(PlatformRole::SiteAdmin).build(),
        idle("service")
            .email(Some("ci@serviceaccount.atlassian.com"))
            .build(),
        idle("app").account_type(AccountType::App).build(),
        idle("customer").account_type(AccountType::Customer).build(),
        idle("suspended").status(UserStatus::Suspended).build(),
    ];
    let plan = plan(users, BatchAction::Suspend);
    for acting in ["invited", "synced", "unmanaged"] {
        assert_eq!(refusal_of(&plan, acting), None, "{acting}");
    }
    for protected in ["admin", "service", "app", "customer"] {
        let refusal = refusal_of(&plan, protected).expect(protected);
        assert!(
            matches!(refusal, Refusal::Protected { ref reasons } if !reasons.is_empty()),
            "{protected}"
        );
        assert!(refusal.to_string().starts_with("protected: "), "{refusal}");
    }
    assert_eq!(
        refusal_of(&plan, "suspended"),
        Some(Refusal::NotActive {
            status: UserStatus::Suspended
        })
    );
    assert_eq!(plan.acting().count(), 3);
}

#[test]
fn deactivate_is_for_managed_accounts_the_idp_does_not_own() {
    let users = vec![
        idle("invited").build(),
        idle("invited-suspended").status(UserStatus::Suspended).build(),
        idle("synced").synced().build(),
        idle("unmanaged").unmanaged().build(),
        idle("admin").role(PlatformRole::OrgAdmin).build(),
    ];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = index_of(users, &Exclusions::default());
    let options = PlanOptions {
        action: BatchAction::Deactivate,
        ..PlanOptions::default()
    };
    let by_default = Plan::build(&index, ids.clone(), &options, now()).expect("plan");
    // Suspended is lane review: deactivating it is a choice the admin makes explicitly.
    assert!(matches!(
        refusal_of(&by_default, "invited-suspended"),
        Some(Refusal::NotCleanupReady {
            lane: Lane::NeedsReview,
            ..
        })
    ));
    let options = PlanOptions {
        include_lanes: vec![Lane::NeedsReview],
        ..options
    };
    let plan = Plan::build(&index, ids, &options, now()).expect("plan");
    assert_eq!(refusal_of(&plan, "invited"), None);
    assert_eq!(refusal_of(&plan, "invited-suspended"), None);
    assert_eq!(refusal_of(&plan, "synced"), Some(Refusal::IdpOwnsLifecycle));
    assert_eq!(refusal_of(&plan, "unmanaged"), Some(Refusal::UnmanagedAccount));
    assert!(matches!(
        refusal_of(&plan, "admin"),
        Some(Refusal::Protected { .. })
    ));
}

#[test]
fn excluded_and_missing_accounts_are_refused_and_repeats_are_planned_once() {
    let mut exclusions = Exclusions::default();
    exclusions.exclude(Exclusion {
        account_id: AccountId::from("kept"),
        reason: "on parental leave".into(),
        excluded_at: now(),
        name: None,
    });
    let index = index_of(vec![idle("kept").build(), idle("idle").build()], &exclusions);
    let ids = ["kept", "idle", "idle", "ghost"].map(AccountId::from);
    let plan = Plan::build(&index, ids, &PlanOptions::default(), now()).expect("plan");
    assert_eq!(plan.entries.len(), 3);
    let kept = refusal_of(&plan, "kept").expect("refused").to_string();
    assert!(kept.contains("on parental leave"), "{kept}");
    assert_eq!(refusal_of(&plan, "ghost"), Some(Refusal::NotInDirectory));
    assert_eq!(refusal_of(&plan, "idle"), None);
}

#[test]
fn the_cap_refuses_big_batches_unless_raised_explicitly_and_undo_actions_are_not_planned() {
    let users: Vec<User> = (0..30).map(|i| idle(&format!("u{i:02}")).build()).collect();
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let index = index_of(users, &Exclusions::default());
    let small = PlanOptions {
        cap: BatchCap::explicit(10).expect("cap"),
        ..PlanOptions::default()
    };
    assert_eq!(
        Plan::build(&index, ids.clone(), &small, now()),
        Err(PlanError::OverCap {
            acting: 30,
            cap: small.cap
        })
    );
    assert!(Plan::build(&index, ids.clone(), &PlanOptions::default(), now()).is_ok());
    let restore = PlanOptions {
        action: BatchAction::Restore,
        ..PlanOptions::default()
    };
    assert_eq!(
        Plan::build(&index, ids, &restore, now()),
        Err(PlanError::NotPlannable(BatchAction::Restore))
    );
    assert_eq!(
        Plan::build(&index, Vec::new(), &PlanOptions::default(), now()),
        Err(PlanError::NothingTargeted)
    );
}

#[test]
fn marks_or_the_cursor_row_are_the_targets() {
    let index = index_of(vec![idle("a").build(), idle("b").build()], &Exclusions::default());
    let mut marks = Marks::default();
    let cursor = Plan::from_marks(&index, &marks, Some(1), &PlanOptions::default(), now()).expect("plan");
    assert_eq!(cursor.entries.len(), 1);
    assert_eq!(cursor.entries[0].account_id, index.user(1).account_id);
    marks.mark(&index, 0).expect("markable");
    marks.mark(&index, 1).expect("markable");
    let marked = Plan::from_marks(&index, &marks, Some(1), &PlanOptions::default(), now()).expect("plan");
    assert_eq!(marked.entries.len(), 2);
}

#[test]
fn preview_counts_seats_and_estimates_and_asks_to_type_big_counts() {
    let mut users: Vec<User> = (0..21).map(|i| idle(&format!("u{i:02}")).build()).collect();
    users.push(idle("admin").role(PlatformRole::OrgAdmin).build());
    let plan = plan(users, BatchAction::Suspend);
    let prices = Policy::default().prices;
    let preview = Preview::of(&plan, &prices, 3, now());
    assert_eq!(preview.acting, 21);
    assert_eq!(preview.confirm_by, ConfirmBy::TypingCount(21));
    assert_eq!(preview.hidden_by_filter, 3);
    let seats: Vec<(String, u64)> = preview
        .seats
        .iter()
        .map(|p| (p.product.to_string(), p.seats))
        .collect();
    assert_eq!(seats, [("confluence".to_owned(), 21), ("jira".to_owned(), 21)]);
    assert_eq!(preview.yearly_estimate, preview.monthly_estimate.times(12));
    assert_eq!(preview.refusals.len(), 1);
    assert_eq!(preview.refusals[0].accounts.len(), 1);
    let text = preview.to_string();
    assert!(
        text.contains("(estimate)") && text.contains("hidden by the current filter"),
        "{text}"
    );
    let few = plan_of_two();
    assert_eq!(Preview::of(&few, &prices, 0, now()).confirm_by, ConfirmBy::Yes);
}

fn plan_of_two() -> Plan {
    plan(vec![idle("a").build(), idle("b").build()], BatchAction::Suspend)
}

#[test]
fn the_idp_handoff_lists_synced_users_with_their_synced_groups() {
    let users = vec![
        idle("synced").synced().groups(&["g-okta"]).build(),
        idle("invited").build(),
        idle("=cmd").synced().build(),
    ];
    let plan = plan(users, BatchAction::Suspend);
    let mut csv = Vec::new();
    let rows = write_idp_handoff(&plan, &mut csv).expect("csv");
    assert_eq!(rows, 2);
    let text = String::from_utf8(csv).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,email,account_id,idle_days,synced_groups,idp_groups_to_remove"
    );
    assert!(
        lines[1].starts_with("User synced,user.synced@acme.example,synced,150,okta-engineering"),
        "{text}"
    );
    assert!(
        lines[2].contains(",=cmd,"),
        "account ids are written as they are: {text}"
    );
}

#[test]
fn deactivate_refuses_managed_accounts_of_unknown_origin() {
    let mut unknown = idle("unknown").build();
    unknown.management_source = None;
    let plan = plan(vec![unknown], BatchAction::Deactivate);
    assert_eq!(
        refusal_of(&plan, "unknown"),
        Some(Refusal::ManagementSourceUnknown)
    );
    let text = Refusal::ManagementSourceUnknown.to_string();
    assert!(text.contains("suspend it instead"), "{text}");
}

#[test]
fn the_preview_says_who_was_warned_when_and_how_many_never_were() {
    let users = vec![idle("a").build(), idle("b").build(), idle("c").build()];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let mut index = index_of(users, &Exclusions::default());
    let silent = Plan::build(&index, ids.clone(), &PlanOptions::default(), now()).expect("plan");
    assert!(
        !Preview::of(&silent, &Policy::default().prices, 0, now())
            .to_string()
            .contains("warned")
    );

    let warned_at = now() - chrono::Duration::days(20);
    let warning = dormant::directory::Warning {
        warned_at,
        deadline: dormant::directory::GraceDays::DEFAULT.deadline_from(warned_at),
    };
    let mut warnings = dormant::directory::Warnings::default();
    warnings.record(AccountId::from("a"), warning);
    index.apply_warnings(warnings);
    let plan = Plan::build(&index, ids, &PlanOptions::default(), now()).expect("plan");
    assert_eq!(plan.entries[0].warned, Some(warning));
    let round_trip: Plan =
        serde_json::from_str(&serde_json::to_string(&plan).expect("json")).expect("plan json");
    assert_eq!(round_trip.entries[0].warned, Some(warning));
    let preview = Preview::of(&plan, &Policy::default().prices, 0, now()).to_string();
    assert!(
        preview.contains(&format!(
            "    User a (a): warned on {}, deadline {}",
            warned_at.format("%Y-%m-%d"),
            warning.deadline.format("%Y-%m-%d")
        )),
        "{preview}"
    );
    assert!(
        preview.contains("  2 user(s) in this batch were never warned"),
        "{preview}"
    );
}

#[test]
fn with_require_warning_only_warned_users_past_their_deadline_are_planned() {
    let users = vec![
        idle("never-warned").build(),
        idle("pending").build(),
        idle("due").build(),
    ];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let mut policy = Policy::default();
    policy.warning.require = true;
    let warning = |days_ago: i64| {
        let warned_at = now() - chrono::Duration::days(days_ago);
        dormant::directory::Warning {
            warned_at,
            deadline: dormant::directory::GraceDays::DEFAULT.deadline_from(warned_at),
        }
    };
    let mut warnings = dormant::directory::Warnings::default();
    warnings.record(AccountId::from("pending"), warning(3));
    warnings.record(AccountId::from("due"), warning(30));
    let index = DirectoryIndex::build_warned(
        Arc::new(directory(users, Vec::new())),
        &policy,
        &Exclusions::default(),
        warnings,
        now(),
    );
    let plan = Plan::build(&index, ids, &PlanOptions::default(), now()).expect("plan");
    for id in ["never-warned", "pending"] {
        let refusal = refusal_of(&plan, id).expect("refused");
        assert!(
            matches!(refusal, Refusal::WarningRequired { .. }),
            "{id}: {refusal:?}"
        );
        assert!(
            refusal.to_string().starts_with("warning required first: "),
            "{refusal}"
        );
    }
    assert_eq!(
        refusal_of(&plan, "due"),
        None,
        "warned 30 days ago, grace over: acted on"
    );
    let preview = Preview::of(&plan, &policy.prices, 0, now()).to_string();
    assert!(
        preview.contains("not warned, or the grace period runs (2)"),
        "{preview}"
    );
}

#[test]
fn a_plan_names_its_org_by_a_checked_id_and_over_cap_advice_names_real_settings() {
    let users = vec![idle("a").build()];
    let ids: Vec<AccountId> = users.iter().map(|u| u.account_id.clone()).collect();
    let mut org = directory(users, Vec::new());
    org.org.id = "../other-org".to_owned();
    let index = DirectoryIndex::build(Arc::new(org), &Policy::default(), &Exclusions::default(), now());
    let refused = Plan::build(&index, ids, &PlanOptions::default(), now());
    assert!(matches!(refused, Err(PlanError::UnusableOrg(_))), "{refused:?}");

    let over = PlanError::OverCap {
        acting: 600,
        cap: BatchCap::DEFAULT,
    }
    .to_string();
    assert!(over.contains("--cap N") && over.contains("`cap`"), "{over}");
    assert!(!over.contains("batch_cap"), "no such config key: {over}");
}
