//! Marks, targets, exclusions, sorting, the view and the impact estimate, on a small org.

use crate::support::users as support;

use dormant::directory::{
    AccountId, Activity, DirectoryIndex, Exclusions, Lane, Marks, PlatformRole, Policy, Query, SortKey,
    TargetSource, UserStatus, View, exclude_rows, include_rows, targets,
};
use std::sync::Arc;
use support::{UserBuilder, days_ago, directory, now};

fn index_with(exclusions: &Exclusions) -> DirectoryIndex {
    let users = vec![
        UserBuilder::new("a", "ada").products(&[("jira", Some(200)), ("confluence", Some(150))]),
        UserBuilder::new("b", "Bob").products(&[("jira", Some(100)), ("trello", Some(300))]),
        UserBuilder::new("c", "cy")
            .role(PlatformRole::OrgAdmin)
            .products(&[("jira", Some(300))]),
        UserBuilder::new("d", "Dee")
            .status(UserStatus::Suspended)
            .products(&[("jira", Some(400))]),
        UserBuilder::new("e", "Eve")
            .activity(Activity::Unknown)
            .email(None),
        UserBuilder::new("f", "bob").products(&[("jira", Some(100))]),
    ];
    let users = users.into_iter().map(UserBuilder::build).collect();
    DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        exclusions,
        now(),
    )
}

fn row(index: &DirectoryIndex, id: &str) -> u32 {
    index.row_of(&AccountId::from(id)).expect("present")
}

fn view(index: &DirectoryIndex, query: &str, sort: &str, marks: &Marks) -> View {
    let query = Query::parse(query, &index.products()).expect("query");
    View::new(
        index,
        &query,
        &SortKey::parse(sort, &index.products()).expect("sort"),
        marks,
    )
}

fn names(index: &DirectoryIndex, view: &View) -> Vec<String> {
    view.rows()
        .iter()
        .map(|&r| index.user(r).account_id.to_string())
        .collect()
}

#[test]
fn a_protected_user_cannot_be_marked_and_the_refusal_says_why() {
    let index = index_with(&Exclusions::default());
    let mut marks = Marks::default();
    let refused = marks.mark(&index, row(&index, "c")).expect_err("admin refused");
    assert_eq!(refused.account_id.as_str(), "c");
    assert_eq!(
        refused.to_string(),
        "cy (c) is protected and cannot be marked: org admin (atlassian/org-admin)"
    );
    assert!(marks.is_empty());
    assert_eq!(marks.toggle(&index, row(&index, "a")), Ok(true));
    assert_eq!(marks.toggle(&index, row(&index, "a")), Ok(false));
}

#[test]
fn range_and_all_visible_marks_refuse_only_the_protected() {
    let index = index_with(&Exclusions::default());
    let mut marks = Marks::default();
    let all = view(&index, "", "name", &marks);
    assert_eq!(
        names(&index, &all),
        ["a", "b", "f", "c", "d", "e"],
        "ties by name then id"
    );
    let outcome = marks.mark_rows(&index, all.range(3, 1));
    assert_eq!((outcome.newly_marked, outcome.refused.len()), (2, 1));
    let outcome = marks.mark_rows(&index, all.rows());
    assert_eq!(
        (
            outcome.newly_marked,
            outcome.already_marked,
            outcome.refused.len()
        ),
        (3, 2, 1)
    );
    assert_eq!(marks.len(), 5);
    assert_eq!(marks.unmark_rows(&index, all.range(0, 0)), 1);
}

#[test]
fn actions_target_the_marks_or_else_the_cursor_and_never_the_protected() {
    let index = index_with(&Exclusions::default());
    let mut marks = Marks::default();
    let cursor = targets(&marks, &index, Some(row(&index, "b")));
    assert_eq!(
        (cursor.source, cursor.accounts.clone()),
        (TargetSource::Cursor, vec![AccountId::from("b")])
    );
    let on_admin = targets(&marks, &index, Some(row(&index, "c")));
    assert!(on_admin.accounts.is_empty() && on_admin.refused.len() == 1);
    marks.mark(&index, row(&index, "f")).expect("ok");
    marks.mark(&index, row(&index, "a")).expect("ok");
    let marked = targets(&marks, &index, Some(row(&index, "b")));
    assert_eq!(marked.source, TargetSource::Marked);
    assert_eq!(marked.accounts, vec![AccountId::from("a"), AccountId::from("f")]);
}

#[test]
fn exclusions_protect_after_reclassify_and_reconcile_drops_their_marks() {
    let mut exclusions = Exclusions::default();
    let mut index = index_with(&exclusions);
    let mut marks = Marks::default();
    marks.mark_rows(&index, &[row(&index, "a"), row(&index, "b")]);
    assert_eq!(
        exclude_rows(
            &mut exclusions,
            &index,
            &[row(&index, "a")],
            "on leave",
            days_ago(1)
        ),
        1
    );
    index.reclassify(&exclusions);
    assert_eq!(index.lane(row(&index, "a")), Lane::Protected);
    let reconciled = marks.reconcile(&index);
    assert_eq!(reconciled.now_protected.len(), 1);
    assert!(
        reconciled.now_protected[0]
            .to_string()
            .contains("excluded on 2026-05-31: on leave")
    );
    assert!(!marks.contains(&AccountId::from("a")) && marks.contains(&AccountId::from("b")));
    assert_eq!(index.lane_counts().get(Lane::Protected), 2);
    assert_eq!(include_rows(&mut exclusions, &index, &[row(&index, "a")]), 1);
    index.reclassify(&exclusions);
    assert_eq!(index.lane(row(&index, "a")), Lane::CleanupReady);
}

#[test]
fn sorting_is_total_and_descending_keeps_ties_in_name_order() {
    let index = index_with(&Exclusions::default());
    let marks = Marks::default();
    assert_eq!(
        names(&index, &view(&index, "", "name:desc", &marks)),
        ["e", "d", "c", "b", "f", "a"]
    );
    assert_eq!(
        names(&index, &view(&index, "", "idle:desc", &marks)),
        ["e", "d", "c", "a", "b", "f"]
    );
    assert_eq!(
        names(&index, &view(&index, "", "idle", &marks)),
        ["b", "f", "a", "c", "d", "e"]
    );
    assert_eq!(
        names(&index, &view(&index, "", "lane", &marks)),
        ["a", "b", "f", "d", "e", "c"]
    );
    assert_eq!(
        names(&index, &view(&index, "", "email:desc", &marks)),
        ["e", "d", "c", "b", "f", "a"]
    );
    assert_eq!(
        names(&index, &view(&index, "", "trello:desc", &marks)),
        ["a", "f", "c", "d", "e", "b"]
    );
    let mut resorted = view(&index, "!lane:protected", "name", &marks);
    resorted.resort(&index, &SortKey::parse("last-active", &[]).expect("sort"));
    assert_eq!(names(&index, &resorted), ["d", "a", "b", "f", "e"]);
}

#[test]
fn the_view_counts_lanes_and_marks_hidden_by_the_filter() {
    let index = index_with(&Exclusions::default());
    let mut marks = Marks::default();
    marks.mark_rows(&index, &[row(&index, "a"), row(&index, "b"), row(&index, "d")]);
    let ready = view(&index, "lane:ready", "name", &marks);
    assert_eq!(ready.lane_counts().get(Lane::CleanupReady), 3);
    assert_eq!(ready.lane_counts().total(), 3);
    assert_eq!(ready.hidden_marks(&index, &marks), 1);
    assert_eq!(index.lane_counts().total(), 6);
    assert_eq!(ready.position_of(row(&index, "f")), Some(2));
}

#[test]
fn impact_counts_billable_seats_per_product_with_estimated_costs() {
    let index = index_with(&Exclusions::default());
    let mut marks = Marks::default();
    marks.mark_rows(
        &index,
        &[
            row(&index, "a"),
            row(&index, "b"),
            row(&index, "d"),
            row(&index, "e"),
        ],
    );
    let visible = view(&index, "lane:ready", "name", &marks);
    let impact = dormant::directory::Impact::of(&index, &marks, visible.matched());
    let seats: Vec<(&str, u64, Option<u64>)> = impact
        .per_product
        .iter()
        .map(|p| (p.product.as_str(), p.seats, p.monthly_estimate.map(|m| m.cents)))
        .collect();
    assert_eq!(
        seats,
        [
            ("confluence", 1, Some(605)),
            ("jira", 2, Some(1720)),
            ("trello", 1, None)
        ]
    );
    assert_eq!(
        (impact.monthly_estimate.cents, impact.yearly_estimate.cents),
        (2325, 27_900)
    );
    assert_eq!(
        (
            impact.users_freeing_seats,
            impact.users_freeing_nothing,
            impact.users_seats_unknown
        ),
        (2, 1, 1)
    );
    assert_eq!(impact.hidden_by_filter, 2);
    assert_eq!(
        impact.to_string(),
        "frees 1 Confluence, 2 Jira and 1 Trello seats: about USD 23.25 a month, USD 279.00 a year (estimate); \
         no price for Trello"
    );
}

#[test]
fn an_empty_org_indexes_filters_and_sorts_to_nothing() {
    let index = DirectoryIndex::build(
        Arc::new(directory(Vec::new(), Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let marks = Marks::default();
    for sort in ["name:desc", "email", "lane", "jira"] {
        let shown = view(&index, "idle:>3 !marked", sort, &marks);
        assert!(shown.is_empty() && shown.range(0, 5).is_empty(), "{sort}");
    }
    assert_eq!(index.lane_counts().total(), 0);
    assert_eq!(targets(&marks, &index, Some(0)).accounts, Vec::<AccountId>::new());
}
