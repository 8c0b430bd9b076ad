//! The terms that select by date added, date last active and number of products: each value,
//! its negation, the users they cannot date or count, and the errors for bad values.

use crate::support::users as support;

use dormant::directory::{Activity, DirectoryIndex, Exclusions, Marks, Policy, Query};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

/// `now()` is 2026-06-01 12:00 UTC; every user is added 400 days ago unless said otherwise.
fn org() -> DirectoryIndex {
    let users = vec![
        // Last active 2026-05-27; one product.
        UserBuilder::new("a", "Ada Lovelace").products(&[("jira", Some(5))]),
        // Last active 2025-11-13 (200 days ago); three products.
        UserBuilder::new("b", "Grace Hopper")
            .products(&[
                ("jira", Some(200)),
                ("confluence", Some(300)),
                ("trello", Some(250)),
            ])
            .added(Some(1000)),
        // Nothing known: no activity data, no date added.
        UserBuilder::new("c", "Linus Torvalds")
            .activity(Activity::Unknown)
            .added(None),
        // Access to no product at all.
        UserBuilder::new("d", "Margaret Hamilton")
            .products(&[])
            .added(Some(20)),
        // Never used the one product they have.
        UserBuilder::new("e", "Alan Turing")
            .products(&[("jira", None)])
            .added(Some(10)),
        // Last active 2026-04-22; date added unknown.
        UserBuilder::new("f", "Barbara Liskov")
            .products(&[("jira", Some(40))])
            .added(None),
        // Two products, one of them two sites of the same product: two names in PRODUCTS.
        UserBuilder::new("g", "Edsger Dijkstra")
            .products(&[
                ("jira", Some(5)),
                ("jira-service-desk", Some(100)),
                ("jira", Some(60)),
            ])
            .added(Some(365)),
    ];
    let users = users.into_iter().map(UserBuilder::build).collect();
    DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    )
}

fn ids(index: &DirectoryIndex, text: &str) -> String {
    let query = index.parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut ids: Vec<&str> = query
        .matches(index, &Marks::default())
        .iter()
        .map(|row| index.user(row as u32).account_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.concat()
}

fn check(index: &DirectoryIndex, expected: &[(&str, &str)]) {
    for (text, want) in expected {
        assert_eq!(ids(index, text), *want, "{text}");
    }
}

#[test]
fn added_compares_days_since_added_and_an_unknown_date_matches_no_comparison() {
    let index = org();
    check(
        &index,
        &[
            ("added:>365", "ab"),
            ("added:>=365", "abg"),
            ("added:<30", "de"),
            ("added:<=20", "de"),
            ("added:=20", "d"),
            ("added:20d", "d"),
            ("ADDED:unknown", "cf"),
            // As `idle:` treats unknown activity: outside every comparison, inside its negation.
            ("!added:>365", "cdefg"),
            ("added:>365 OR added:<=365", "abdeg"),
            ("added:<30,unknown", "cdef"),
        ],
    );
}

#[test]
fn active_compares_the_utc_date_last_active_shows() {
    let index = org();
    check(
        &index,
        &[
            ("active:<2026-01-01", "b"),
            ("active:>2026-03-31", "afg"),
            ("active:<2025-11-13", ""),
            ("active:<=2025-11-13", "b"),
            ("active:2025-11-13", "b"),
            ("active:=2026-05-27", "ag"),
            ("active:>=2025-11-13", "abfg"),
            ("active:>2025-11-13", "afg"),
            ("active:>2026-04-22 OR active:<2026-04-22", "abg"),
            // The never active (d, e) and unknown activity (c) have no date.
            ("!active:<2026-01-01", "acdefg"),
            ("active:<2026-01-01 OR idle:never", "bde"),
        ],
    );
    // Equality is the date the LAST ACTIVE column shows, for every dated user.
    for row in 0..index.len() as u32 {
        let user = index.user(row);
        if let Some(at) = user.activity.last_active() {
            let text = format!("active:{}", at.format("%Y-%m-%d"));
            assert!(ids(&index, &text).contains(user.account_id.as_str()), "{text}");
        }
    }
}

#[test]
fn products_counts_distinct_products_and_none_is_no_access_at_all() {
    let index = org();
    check(
        &index,
        &[
            ("products:none", "d"),
            ("products:0", "d"),
            ("products:=0", "d"),
            ("PRODUCTS:NONE", "d"),
            ("products:1", "aef"),
            ("products:2", "g"),
            ("products:>2", "b"),
            ("products:>=1", "abefg"),
            ("products:<2", "adef"),
            ("products:none,>2", "bd"),
            // Unknown activity has no count: only the negations select it.
            ("!products:none", "abcefg"),
            ("!products:>=0", "c"),
        ],
    );
}

#[test]
fn bad_dates_counts_and_days_are_errors_at_their_term() {
    for (text, column, problem, valid) in [
        (
            "idle:>9 active:<2026-02-30",
            9,
            "`<2026-02-30` is not a valid date",
            "YYYY-MM-DD",
        ),
        (
            "active:2026-1-01",
            1,
            "`2026-1-01` is not a valid date",
            "active:<2026-01-01",
        ),
        ("x active:<yesterday", 3, "not a valid date", "UTC date"),
        ("active:never", 1, "not a valid date", "YYYY-MM-DD"),
        ("active:+2026-01-01", 1, "not a valid date", "YYYY-MM-DD"),
        ("active:<2026-01-01T00:00", 1, "not a valid date", "YYYY-MM-DD"),
        (
            "added:never",
            1,
            "`never` is not a valid number of days",
            "unknown",
        ),
        ("added:>a", 1, "not a valid number of days", ">N"),
        (
            "products:>2d",
            1,
            "not a valid number of products",
            "products:none",
        ),
        (
            "products:some",
            1,
            "not a valid number of products",
            "products:>2",
        ),
        ("products:", 1, "`products:` needs a value", "none"),
    ] {
        let error = Query::parse(text, &[]).expect_err(text);
        assert_eq!(error.column, column, "{text}: {error}");
        assert!(error.problem.contains(problem), "{text}: {error}");
        assert!(error.valid.contains(valid), "{text}: {error}");
    }
    let unknown = Query::parse("since:>3", &[]).expect_err("not a field");
    for field in ["added:", "active:", "products:"] {
        assert!(unknown.valid.contains(field), "{unknown}");
    }
}
