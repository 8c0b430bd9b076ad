//! Lanes learn warnings: with `require_warning`, an idle user waits in needs-review until warned
//! and past the deadline; activity after a warning clears it. Time is simulated by classifying
//! the same directory at later instants (the clock is an input, never read).

use crate::support::users as support;

use chrono::{DateTime, Duration, Utc};
use dormant::directory::{
    Classification, Classifier, DirectoryIndex, Exclusions, GraceDays, Lane, Policy, User, Warning,
    WarningPolicy, Warnings,
};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

fn requiring(require: bool) -> Policy {
    Policy {
        warning: WarningPolicy {
            require,
            grace: GraceDays::DEFAULT,
        },
        ..Policy::default()
    }
}

fn warned_at(at: DateTime<Utc>) -> Warning {
    Warning {
        warned_at: at,
        deadline: GraceDays::DEFAULT.deadline_from(at),
    }
}

fn classify_at(policy: &Policy, warnings: &Warnings, user: User, at: DateTime<Utc>) -> Classification {
    let directory = directory(vec![user], Vec::new());
    Classifier::new(&directory, policy, &Exclusions::default(), at)
        .with_warnings(warnings.clone())
        .classify(&directory.users[0])
}

fn idle_user() -> User {
    UserBuilder::new("u-1", "Ada Lovelace")
        .products(&[("jira", Some(120))])
        .build()
}

fn texts(classification: &Classification) -> Vec<String> {
    classification.reasons.iter().map(ToString::to_string).collect()
}

#[test]
fn without_the_requirement_an_idle_user_is_ready_and_a_pending_warning_is_only_shown() {
    let plain = classify_at(&requiring(false), &Warnings::default(), idle_user(), now());
    assert_eq!(plain.lane, Lane::CleanupReady);
    let mut warnings = Warnings::default();
    warnings.record(idle_user().account_id, warned_at(now()));
    let shown = classify_at(
        &requiring(false),
        &warnings,
        idle_user(),
        now() + Duration::days(1),
    );
    assert_eq!(shown.lane, Lane::CleanupReady);
    assert!(
        texts(&shown).iter().any(|text| text.starts_with("warned on ")),
        "{shown:?}"
    );
}

#[test]
fn required_warning_moves_a_user_from_not_warned_to_pending_to_ready_over_time() {
    let policy = requiring(true);
    let unwarned = classify_at(&policy, &Warnings::default(), idle_user(), now());
    assert_eq!(unwarned.lane, Lane::NeedsReview);
    assert!(texts(&unwarned).contains(&"not warned yet (warning required before cleanup)".to_owned()));

    let mut warnings = Warnings::default();
    let warning = warned_at(now());
    warnings.record(idle_user().account_id, warning);
    let expected = format!(
        "warned on {}, deadline {}",
        warning.warned_at.format("%Y-%m-%d"),
        warning.deadline.format("%Y-%m-%d")
    );
    for day in [0, 1, 13] {
        let pending = classify_at(&policy, &warnings, idle_user(), now() + Duration::days(day));
        assert_eq!(pending.lane, Lane::NeedsReview, "day {day}");
        assert!(texts(&pending).contains(&expected), "day {day}: {pending:?}");
    }
    for day in [14, 40] {
        let due = classify_at(&policy, &warnings, idle_user(), now() + Duration::days(day));
        assert_eq!(due.lane, Lane::CleanupReady, "day {day}");
        assert!(
            texts(&due).contains(&format!("{expected} passed")),
            "day {day}: {due:?}"
        );
    }
}

#[test]
fn activity_after_the_warning_clears_it_and_says_so() {
    let policy = requiring(true);
    let mut warnings = Warnings::default();
    warnings.record(idle_user().account_id, warned_at(now() - Duration::days(10)));
    let returned = UserBuilder::new("u-1", "Ada Lovelace")
        .products(&[("jira", Some(2))])
        .build();
    let active = classify_at(&policy, &warnings, returned, now());
    assert_eq!(active.lane, Lane::Active);
    assert!(
        texts(&active)
            .iter()
            .any(|text| text.starts_with("active again after warning")),
        "{active:?}"
    );
}

#[test]
fn the_index_reclassifies_with_warnings_and_keeps_them_across_exclusion_changes() {
    let users = vec![
        idle_user(),
        UserBuilder::new("u-2", "Grace Hopper")
            .products(&[("jira", Some(200))])
            .build(),
    ];
    let mut index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &requiring(true),
        &Exclusions::default(),
        now(),
    );
    assert_eq!(index.lane_counts().get(Lane::CleanupReady), 0);
    let mut warnings = Warnings::default();
    warnings.record(idle_user().account_id, warned_at(now() - Duration::days(15)));
    index.apply_warnings(warnings);
    assert_eq!(index.lane_counts().get(Lane::CleanupReady), 1);
    index.reclassify(&Exclusions::default());
    assert_eq!(index.lane_counts().get(Lane::CleanupReady), 1);
    assert_eq!(index.lane_counts().get(Lane::NeedsReview), 1);
}
