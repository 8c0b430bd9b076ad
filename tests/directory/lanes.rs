//! Every lane rule of the directory model, one user at a time, with the words admins read.

use crate::support::users as support;

use chrono::Duration;
use dormant::directory::{
    AccountStatus, AccountType, Activity, AllowEntry, Allowlist, Classification, Classifier, Exclusion,
    Exclusions, Group, IdleDays, Lane, MembershipStatus, PlatformRole, Policy, ProductKey, User, UserStatus,
};
use support::{UserBuilder, days_ago, directory, group, now};

fn classify_in(policy: &Policy, groups: Vec<Group>, exclusions: &Exclusions, user: User) -> Classification {
    let directory = directory(vec![user], groups);
    Classifier::new(&directory, policy, exclusions, now()).classify(&directory.users[0])
}

fn classify(user: User) -> Classification {
    classify_in(&Policy::default(), Vec::new(), &Exclusions::default(), user)
}

fn texts(classification: &Classification) -> Vec<String> {
    classification.reasons.iter().map(ToString::to_string).collect()
}

fn user() -> UserBuilder {
    UserBuilder::new("u-1", "Ada Lovelace")
}

#[test]
fn admins_by_platform_role_are_protected_and_ai_access_is_not_an_admin_role() {
    let admin = classify(
        user()
            .role(PlatformRole::OrgAdmin)
            .products(&[("jira", Some(300))])
            .build(),
    );
    assert_eq!(admin.lane, Lane::Protected);
    assert_eq!(texts(&admin), ["org admin (atlassian/org-admin)"]);
    let both = classify(
        user()
            .role(PlatformRole::SiteAdmin)
            .role(PlatformRole::UserAccessAdmin)
            .build(),
    );
    assert_eq!(
        texts(&both),
        [
            "site admin (atlassian/site-admin)",
            "user-access admin (atlassian/user-access-admin)"
        ]
    );
    assert_eq!(
        classify(user().role(PlatformRole::AiAccess).build()).lane,
        Lane::Active
    );
}

#[test]
fn service_app_and_customer_accounts_are_protected() {
    let service = classify(
        user()
            .email(Some("Deploy-Bot@ServiceAccount.Atlassian.com"))
            .build(),
    );
    assert_eq!(
        (service.lane, texts(&service)),
        (
            Lane::Protected,
            vec!["service account (@serviceaccount.atlassian.com)".to_owned()]
        )
    );
    let app = classify(user().account_type(AccountType::App).email(None).build());
    assert_eq!(texts(&app), ["app or bot account (account type app)"]);
    let customer = classify(user().account_type(AccountType::Customer).build());
    assert_eq!(customer.lane, Lane::Protected);
    assert!(texts(&customer)[0].contains("not billable"));
}

#[test]
fn the_allowlist_protects_by_account_email_group_and_domain_each_with_its_reason() {
    let entry = |value: &str, reason: &str| AllowEntry {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let policy = Policy {
        allowlist: Allowlist {
            accounts: vec![
                entry("u-1", "break-glass"),
                entry("ADA.LOVELACE@acme.example", "founder"),
            ],
            groups: vec![
                entry("Contractors", "paid by client"),
                entry("g-unlisted", "legacy group"),
            ],
            domains: vec![entry("@Acme.Example", "whole company paused")],
        },
        ..Policy::default()
    };

    let groups = vec![group("g-1", "contractors")];
    let idle = user()
        .products(&[("jira", Some(400))])
        .groups(&["g-1", "g-unlisted"])
        .build();
    let classification = classify_in(&policy, groups, &Exclusions::default(), idle);
    assert_eq!(classification.lane, Lane::Protected);
    assert!(classification.allowlisted);
    assert_eq!(
        texts(&classification),
        [
            "allowlisted account u-1: break-glass",
            "allowlisted account ADA.LOVELACE@acme.example: founder",
            "member of allowlisted group contractors: paid by client",
            "member of allowlisted group g-unlisted: legacy group",
            "allowlisted domain acme.example: whole company paused",
        ]
    );
    let other = UserBuilder::new("u-2", "Bob Other")
        .email(Some("bob@else.example"))
        .build();
    assert!(!classify_in(&policy, Vec::new(), &Exclusions::default(), other).allowlisted);
}

#[test]
fn an_exclusion_protects_with_its_reason_and_date_alongside_other_protections() {
    let exclusions: Exclusions = [Exclusion {
        account_id: "u-1".into(),
        reason: "parental leave".to_owned(),
        excluded_at: days_ago(31),
        name: None,
    }]
    .into_iter()
    .collect();
    let admin = user()
        .role(PlatformRole::OrgAdmin)
        .status(UserStatus::Suspended)
        .build();
    let classification = classify_in(&Policy::default(), Vec::new(), &exclusions, admin);
    assert_eq!(classification.lane, Lane::Protected);
    assert_eq!(
        texts(&classification),
        [
            "org admin (atlassian/org-admin)",
            "excluded on 2026-05-01: parental leave"
        ]
    );
}

#[test]
fn unknown_activity_is_not_never_active() {
    let unknown = classify(user().activity(Activity::Unknown).build());
    assert_eq!(unknown.lane, Lane::NeedsReview);
    assert_eq!(
        texts(&unknown),
        ["activity unknown (the API returned no activity data)"]
    );
}

#[test]
fn new_joiners_need_review_and_old_never_active_accounts_are_ready() {
    let joiner = classify(
        user()
            .products(&[("jira", None), ("confluence", None)])
            .added(Some(12))
            .build(),
    );
    assert_eq!(
        (joiner.lane, texts(&joiner)),
        (
            Lane::NeedsReview,
            vec!["never active, added 12 days ago (threshold 90)".to_owned()]
        )
    );
    let stale = classify(user().products(&[("jira", None)]).added(Some(140)).build());
    assert_eq!(
        (stale.lane, texts(&stale)),
        (
            Lane::CleanupReady,
            vec!["never active, added 140 days ago (threshold 90)".to_owned()]
        )
    );
    let undated = classify(user().products(&[("jira", None)]).added(None).build());
    assert_eq!(undated.lane, Lane::NeedsReview);
    assert_eq!(
        texts(&undated),
        ["never active, and the date added to the org is unknown"]
    );
}

#[test]
fn a_never_used_seat_of_unknown_age_beside_recent_use_needs_review() {
    // Nothing dates the unused Jira seat (added to the org unknown, and it can only be said to be
    // unused for at least 67 days): an admin should look at it, so this is not simply active.
    let unclear = classify(
        user()
            .products(&[("jira", None), ("confluence", Some(67))])
            .added(None)
            .build(),
    );
    assert_eq!(unclear.lane, Lane::NeedsReview, "{:?}", texts(&unclear));
    let text = texts(&unclear).join("; ");
    assert!(text.contains("Confluence") && text.contains("Jira"), "{text}");
}

#[test]
fn idle_on_some_products_but_active_on_another_names_both() {
    let mixed = classify(
        user()
            .products(&[("jira", Some(140)), ("confluence", Some(3))])
            .build(),
    );
    assert_eq!(mixed.lane, Lane::NeedsReview);
    assert_eq!(
        texts(&mixed),
        ["active on Confluence 3 days ago, idle 140 days on Jira (threshold 90)"]
    );
}

#[test]
fn already_inactive_accounts_need_review_with_nothing_to_free() {
    for (status, words) in [
        (UserStatus::Suspended, "already suspended (no seat to free)"),
        (UserStatus::Deactivated, "account deactivated (no seat to free)"),
        (
            UserStatus::ForDeletion,
            "scheduled for deletion (no seat to free)",
        ),
        (
            UserStatus::NotInvited,
            "not a member of the org (not invited; no seat to free)",
        ),
    ] {
        let idle = classify(user().status(status).products(&[("jira", Some(500))]).build());
        assert_eq!(
            (idle.lane, texts(&idle)),
            (Lane::NeedsReview, vec![words.to_owned()])
        );
    }
    let unknown = classify(
        user()
            .status(UserStatus::Suspended)
            .activity(Activity::Unknown)
            .build(),
    );
    assert_eq!(
        texts(&unknown).len(),
        2,
        "every applicable reason: {:?}",
        texts(&unknown)
    );
}

#[test]
fn unknown_enum_values_make_billing_unclear() {
    let odd = user()
        .status(UserStatus::Other("archived".into()))
        .account_type(AccountType::Other("robot".into()))
        .account_status(AccountStatus::Other("frozen".into()))
        .membership(MembershipStatus::Other("pending".into()))
        .role(PlatformRole::Other("atlassian/billing-admin".into()))
        .build();
    let classification = classify(odd);
    assert_eq!(classification.lane, Lane::NeedsReview);
    assert_eq!(
        texts(&classification),
        [
            "unknown status `archived` (billing unclear)",
            "unknown account type `robot` (billing unclear)",
            "unknown account status `frozen` (billing unclear)",
            "unknown membership status `pending` (billing unclear)",
            "unknown platform role `atlassian/billing-admin` (may be an admin role)",
        ]
    );
}

#[test]
fn access_to_no_product_frees_nothing_and_needs_review() {
    let nothing = classify(user().products(&[]).build());
    assert_eq!(
        (nothing.lane, texts(&nothing)),
        (
            Lane::NeedsReview,
            vec!["has access to no product (no seat to free)".to_owned()]
        )
    );
}

#[test]
fn idle_on_every_product_beyond_the_threshold_is_cleanup_ready() {
    let idle = classify(
        user()
            .products(&[("jira", Some(212)), ("confluence", Some(300))])
            .unmanaged()
            .build(),
    );
    assert_eq!(
        (idle.lane, texts(&idle)),
        (
            Lane::CleanupReady,
            vec!["idle 212 days on every product (threshold 90)".to_owned()]
        )
    );
    assert!(!idle.idp_synced);
    // The seat never used counts as unused at least since the other product's last use.
    let inferred = classify(
        user()
            .products(&[("jira", None), ("confluence", Some(200))])
            .added(None)
            .build(),
    );
    assert_eq!(inferred.lane, Lane::CleanupReady);
}

#[test]
fn the_threshold_is_exclusive_and_the_clock_is_injected() {
    assert_eq!(
        classify(user().products(&[("jira", Some(90))]).build()).lane,
        Lane::Active
    );
    assert_eq!(
        classify(user().products(&[("jira", Some(91))]).build()).lane,
        Lane::CleanupReady
    );
    let later = user().products(&[("jira", Some(80))]).build();
    let directory = directory(vec![later.clone()], Vec::new());
    let (policy, exclusions) = (Policy::default(), Exclusions::default());
    let in_twenty_days = Classifier::new(&directory, &policy, &exclusions, now() + Duration::days(20));
    assert_eq!(in_twenty_days.classify(&later).lane, Lane::CleanupReady);
    let future = classify(user().products(&[("jira", Some(-3))]).build());
    assert_eq!(texts(&future), ["active on Jira today"]);
}

#[test]
fn per_product_thresholds_override_the_global_one() {
    let mut policy = Policy::default();
    policy.thresholds.products.insert(
        ProductKey::from("jira-service-desk"),
        IdleDays::try_from(30).expect("ok"),
    );
    let agent = user()
        .products(&[("jira-service-desk", Some(40)), ("jira", Some(40))])
        .build();
    let classification = classify_in(&policy, Vec::new(), &Exclusions::default(), agent);
    assert_eq!(classification.lane, Lane::NeedsReview);
    assert_eq!(
        texts(&classification),
        ["active on Jira 40 days ago, idle 40 days on Jira Service Management (threshold 30)"]
    );
    let both = user()
        .products(&[("jira-service-desk", Some(40)), ("jira", Some(95))])
        .build();
    let ready = classify_in(&policy, Vec::new(), &Exclusions::default(), both);
    assert_eq!(
        texts(&ready),
        [
            "idle on every product: Jira Service Management 40 days (threshold 30), Jira 95 days (threshold 90)"
        ]
    );
}

#[test]
fn idp_synced_users_are_cleanup_ready_and_flagged() {
    let synced = classify(user().synced().products(&[("jira", Some(200))]).build());
    assert_eq!(synced.lane, Lane::CleanupReady);
    assert!(synced.idp_synced);
    assert_eq!(
        texts(&synced)[1],
        "synced from the identity provider (account lifecycle changes must be made there)"
    );
}

#[test]
fn recently_active_users_are_in_the_active_lane() {
    let active = classify(
        user()
            .products(&[("jira", Some(5)), ("bitbucket", None)])
            .added(Some(20))
            .build(),
    );
    assert_eq!(active.lane, Lane::Active);
    assert_eq!(
        texts(&active),
        ["active on Jira 5 days ago, never used Bitbucket, added 20 days ago (threshold 90)"]
    );
}
