//! `warned:` over generated orgs with random warnings: yes and no split the org, pending, due and
//! void are disjoint parts of yes, due means exactly "deadline passed, no product used since,
//! activity known", and due only grows as the index's instant moves on (the clock is an input).

use crate::support::users as support;

use chrono::{DateTime, Duration, Utc};
use dormant::directory::{
    Activity, Directory, DirectoryIndex, Exclusions, Marks, Policy, Query, RowSet, Warning, Warnings,
};
use proptest::prelude::*;
use std::sync::Arc;
use support::{Rng, UserBuilder, directory, generate_org, now};

/// Warnings for about a third of the org, given 0 to 60 days before `now()` with 1 to 30 days
/// of grace.
fn warnings_for(directory: &Directory, seed: u64) -> Warnings {
    let mut rng = Rng::new(seed ^ 0x3A2E_D00E);
    let mut warnings = Warnings::default();
    for user in &directory.users {
        if rng.chance(33.0) {
            let warned_at = now() - Duration::days(rng.below(60).cast_signed());
            let deadline = warned_at + Duration::days(1 + rng.below(30).cast_signed());
            warnings.record(user.account_id.clone(), Warning { warned_at, deadline });
        }
    }
    warnings
}

fn index_at(directory: &Directory, warnings: &Warnings, at: DateTime<Utc>) -> DirectoryIndex {
    DirectoryIndex::build_warned(
        Arc::new(directory.clone()),
        &Policy::default(),
        &Exclusions::default(),
        warnings.clone(),
        at,
    )
}

fn rows(index: &DirectoryIndex, text: &str) -> RowSet {
    index
        .parse_query(text)
        .expect("parses")
        .matches(index, &Marks::default())
}

fn list(set: &RowSet) -> Vec<usize> {
    set.iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_values_partition_the_org_and_due_is_exactly_a_passed_deadline(
        seed in any::<u64>(),
        size in 1_usize..250,
    ) {
        let directory = generate_org(seed, size);
        let warnings = warnings_for(&directory, seed);
        let index = index_at(&directory, &warnings, now());
        let [yes, no, pending, due, void] =
            ["warned:yes", "warned:no", "warned:pending", "warned:due", "warned:void"].map(|t| rows(&index, t));
        let mut both = yes.clone();
        both.intersect_with(&no);
        prop_assert_eq!(both.count(), 0);
        let mut all = yes.clone();
        all.union_with(&no);
        prop_assert_eq!(all.count(), size);
        for (a, b) in [(&pending, &due), (&pending, &void), (&due, &void)] {
            let mut overlap = a.clone();
            overlap.intersect_with(b);
            prop_assert_eq!(overlap.count(), 0);
        }
        for part in [&pending, &due, &void] {
            let mut outside = part.clone();
            outside.intersect_with(&no);
            prop_assert_eq!(outside.count(), 0, "every standing is a warning on record");
        }
        for row in 0..size {
            let user = index.user(row as u32);
            let warning = warnings.get(&user.account_id);
            let expected_due = warning.is_some_and(|warning| {
                now() >= warning.deadline
                    && matches!(user.activity, Activity::Known(_))
                    && user.activity.last_active().is_none_or(|at| at <= warning.warned_at)
            });
            prop_assert_eq!(due.contains(row), expected_due, "row {}", row);
            prop_assert_eq!(yes.contains(row), warning.is_some());
        }
        let unknown = rows(&index, "idle:unknown");
        let mut due_unknown = due.clone();
        due_unknown.intersect_with(&unknown);
        prop_assert_eq!(due_unknown.count(), 0, "unknown activity is never due");
    }

    #[test]
    fn due_only_grows_as_the_clock_moves_on(seed in any::<u64>(), size in 1_usize..200, later in 1_i64..40) {
        let directory = generate_org(seed, size);
        let warnings = warnings_for(&directory, seed);
        let before = rows(&index_at(&directory, &warnings, now()), "warned:due");
        let after = rows(&index_at(&directory, &warnings, now() + Duration::days(later)), "warned:due");
        let mut lost = after.clone();
        lost.complement();
        lost.intersect_with(&before);
        prop_assert_eq!(lost.count(), 0, "{:?} were due and no longer are", list(&lost));
    }
}

#[test]
fn without_warnings_everyone_is_not_warned_and_nobody_due() {
    let users = vec![
        UserBuilder::new("u-1", "Ada Lovelace")
            .products(&[("jira", Some(200))])
            .build(),
        UserBuilder::new("u-2", "Alan Turing")
            .activity(Activity::Unknown)
            .build(),
    ];
    let index = index_at(&directory(users, Vec::new()), &Warnings::default(), now());
    assert_eq!(list(&rows(&index, "warned:no")), [0, 1]);
    for value in ["yes", "pending", "due", "void"] {
        assert_eq!(rows(&index, &format!("warned:{value}")).count(), 0, "{value}");
    }
}

#[test]
fn a_bad_value_names_the_valid_ones() {
    let error = Query::parse("warned:overdue", &[]).expect_err("not a value");
    let text = error.to_string();
    assert!(text.contains("yes, no, pending, due, void"), "{text}");
    let fields = Query::parse("warnd:due", &[])
        .expect_err("not a field")
        .to_string();
    assert!(fields.contains("warned:"), "{fields}");
}
