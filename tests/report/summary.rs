//! `dormant summary`'s figures on a hand-made multi-site org: seats and spend per product and
//! site counted from group grants (guests free, suspended accounts not counted, unpriced products
//! named), idle bands, the cleanup saving equal to the console's `Impact` and to the preview of
//! the plan `dormant plan` would build for the same users, and pending warnings. The fixture is
//! shared with the other `summary_*` modules.

use crate::support::users::{UserBuilder, days_ago, directory, group, now};
use chrono::Duration;
use dormant::batch::{Plan, PlanOptions, Preview};
use dormant::directory::{
    Activity, DirectoryIndex, Exclusions, Lane, Policy, ProductActivity, ProductId, ProductKey, Role,
    RoleGrant, Site, User, UserStatus, Warning, Warnings,
};
use dormant::report::Selection;
use dormant::report::summary::{Band, SITE_NOT_REPORTED, Summary};
use std::sync::Arc;

pub const HOSTILE_ORG: &str = "Acme <b>&amp;</b> | [pay](https://evil.example) **now**";
pub const HOSTILE_SITE: &str = "us<img src=x onerror=alert(1)>|`x`";
pub const HOSTILE_PRODUCT: &str = "ops<script>alert(1)</script>";

fn site(id: &str, product: &str, name: &str) -> Site {
    Site {
        id: ProductId::from(id),
        product: ProductKey::from(product),
        name: name.to_owned(),
        host_url: None,
    }
}

fn granting(id: &str, site: &str, product: &str, role: Role) -> dormant::directory::Group {
    let mut group = group(id, id);
    group.grants = vec![RoleGrant {
        site: ProductId::from(site),
        product: ProductKey::from(product),
        roles: vec![role],
    }];
    group
}

/// `(product, site, days since last use or None for never)` per seat the activity reports.
fn used(builder: UserBuilder, uses: &[(&str, &str, Option<i64>)]) -> UserBuilder {
    builder.activity(Activity::Known(
        uses.iter()
            .map(|(product, site, days)| ProductActivity {
                product: ProductKey::from(*product),
                product_id: Some(ProductId::from(*site)),
                last_active: days.map(days_ago),
            })
            .collect(),
    ))
}

/// Eight accounts on two Jira sites, one Confluence site (a guest group and a user group) and an
/// unpriced product; a hostile org, site and product name; one suspended account.
pub fn users() -> Vec<User> {
    vec![
        used(
            UserBuilder::new("a-alice", "Alice"),
            &[("jira", "jira-eu", Some(5))],
        )
        .groups(&["g-jira-eu"])
        .build(),
        used(
            UserBuilder::new("a-bob", "Bob"),
            &[("jira", "jira-eu", Some(200)), ("confluence", "conf", Some(400))],
        )
        .groups(&["g-jira-eu", "g-conf"])
        .build(),
        used(UserBuilder::new("a-carol", "Carol"), &[("jira", "jira-us", None)])
            .groups(&["g-jira-us"])
            .build(),
        used(
            UserBuilder::new("a-dave", "Dave"),
            &[("confluence", "conf", Some(10))],
        )
        .groups(&["g-conf-guests"])
        .build(),
        UserBuilder::new("a-erin", "Erin")
            .activity(Activity::Unknown)
            .groups(&["g-jira-us"])
            .build(),
        used(
            UserBuilder::new("a-frank", "Frank"),
            &[("jira", "jira-eu", Some(300))],
        )
        .groups(&["g-jira-eu"])
        .status(UserStatus::Suspended)
        .build(),
        used(
            UserBuilder::new("a-hostile", "<script>alert('x')</script> | **Mallory**"),
            &[("jira", "jira-eu", Some(45)), (HOSTILE_PRODUCT, "ops", Some(100))],
        )
        .groups(&["g-jira-eu", "g-ops"])
        .build(),
        used(
            UserBuilder::new("a-gina", "Gina"),
            &[("jira", "jira-eu", Some(120))],
        )
        .groups(&["g-jira-eu"])
        .build(),
    ]
}

pub fn org() -> dormant::directory::Directory {
    let groups = vec![
        granting("g-jira-eu", "jira-eu", "jira", Role::User),
        granting("g-jira-us", "jira-us", "jira", Role::User),
        granting("g-conf", "conf", "confluence", Role::User),
        granting("g-conf-guests", "conf", "confluence", Role::Guest),
        granting("g-ops", "ops", HOSTILE_PRODUCT, Role::User),
    ];
    let mut org = directory(users(), groups);
    HOSTILE_ORG.clone_into(&mut org.org.name);
    org.sites = vec![
        site("jira-eu", "jira", "acme-eu"),
        site("jira-us", "jira", HOSTILE_SITE),
        site("conf", "confluence", "acme-wiki"),
    ];
    org
}

/// Bob is warned with a deadline ahead; Gina's deadline has passed.
pub fn warnings() -> Warnings {
    let mut warnings = Warnings::default();
    for (account, warned_days_ago) in [("a-bob", 3), ("a-gina", 30)] {
        let warned_at = days_ago(warned_days_ago);
        warnings.record(
            account.into(),
            Warning {
                warned_at,
                deadline: warned_at + Duration::days(14),
            },
        );
    }
    warnings
}

pub fn index() -> DirectoryIndex {
    DirectoryIndex::build_warned(
        Arc::new(org()),
        &Policy::default(),
        &Exclusions::default(),
        warnings(),
        now(),
    )
}

fn seats(summary: &Summary, product: &str) -> (u64, u64, Option<u64>) {
    let spend = summary
        .spend
        .products
        .iter()
        .find(|p| p.product.as_str() == product)
        .unwrap_or_else(|| panic!("{product} in {:?}", summary.spend.products));
    (spend.billable, spend.free, spend.monthly.map(|m| m.cents))
}

#[test]
fn seats_and_spend_count_billable_roles_of_active_accounts_per_product_and_site() {
    let summary = Summary::build(&index(), &[], now());
    // Jira: Alice, Bob, Hostile, Gina on eu; Carol, Erin on us (Frank is suspended).
    assert_eq!(seats(&summary, "jira"), (6, 0, Some(6 * 860)));
    // Confluence: Bob billed, Dave a guest (free).
    assert_eq!(seats(&summary, "confluence"), (1, 1, Some(605)));
    assert_eq!(seats(&summary, HOSTILE_PRODUCT), (1, 0, None));
    assert_eq!(summary.spend.unpriced, [ProductKey::from(HOSTILE_PRODUCT)]);
    assert_eq!(summary.spend.monthly.cents, 6 * 860 + 605);
    assert_eq!(summary.spend.accounts, 7);
    let sites: Vec<(&str, &str, u64, u64)> = summary
        .spend
        .sites
        .iter()
        .map(|s| (s.product.as_str(), s.site.as_str(), s.billable, s.free))
        .collect();
    assert_eq!(
        sites,
        [
            ("confluence", "acme-wiki", 1, 1),
            ("jira", "acme-eu", 4, 0),
            ("jira", HOSTILE_SITE, 2, 0),
            (HOSTILE_PRODUCT, "ops", 1, 0),
        ]
    );
    assert!(!sites.iter().any(|s| s.1 == SITE_NOT_REPORTED));
}

#[test]
fn idle_bands_count_each_billable_seat_once() {
    let summary = Summary::build(&index(), &[], now());
    let bands: Vec<(Band, u64)> = summary.spend.bands.iter().map(|b| (b.band, b.seats)).collect();
    assert_eq!(
        bands,
        [
            (Band::Recent, 1),       // Alice 5d
            (Band::Days30To89, 1),   // Hostile jira 45d
            (Band::Days90To179, 2),  // Gina 120d, Hostile ops 100d
            (Band::Days180To364, 1), // Bob jira 200d
            (Band::Days365Plus, 1),  // Bob confluence 400d
            (Band::Never, 1),        // Carol
            (Band::Unknown, 1),      // Erin
        ]
    );
    let total: u64 = summary.spend.bands.iter().map(|b| b.seats).sum();
    assert_eq!(total, summary.spend.billable);
    let unpriced: u64 = summary.spend.bands.iter().map(|b| b.unpriced_seats).sum();
    assert_eq!(unpriced, 1);
}

/// The saving equals the preview of the plan `dormant plan --filter lane:ready` builds, and the
/// users are exactly the report's `lane:ready` rows.
#[test]
fn cleanup_saving_is_the_previews_arithmetic_for_the_reports_ready_users() {
    let index = index();
    let summary = Summary::build(&index, &[], now());
    let selection = Selection::parse(&index, Some("lane:ready"), None).expect("filter");
    let rows = selection.rows(&index);
    assert!(rows.len() >= 2, "the fixture has cleanup-ready users");
    assert!(rows.iter().all(|&row| index.lane(row) == Lane::CleanupReady));
    assert_eq!(summary.cleanup_ready, rows.len());
    let accounts = rows.iter().map(|&row| index.user(row).account_id.clone());
    let plan = Plan::build(&index, accounts, &PlanOptions::default(), now()).expect("plan");
    let preview = Preview::of(&plan, &index.policy().prices, 0, now());
    assert_eq!(summary.cleanup.per_product, preview.seats);
    assert_eq!(summary.cleanup.monthly_estimate, preview.monthly_estimate);
    assert!(summary.cleanup.monthly_estimate.cents > 0);
    // The split per site adds up to the impact's seats and amounts per product.
    for per_product in &summary.cleanup.per_product {
        let sites = summary
            .cleanup_sites
            .iter()
            .filter(|s| s.product == per_product.product);
        let (seats, cents) = sites.fold((0, 0), |(seats, cents), s| {
            (seats + s.billable, cents + s.monthly.map_or(0, |m| m.cents))
        });
        assert_eq!(seats, per_product.seats, "{:?}", summary.cleanup_sites);
        assert_eq!(cents, per_product.monthly_estimate.map_or(0, |m| m.cents));
    }
    let jira_sites: Vec<(&str, u64)> = summary
        .cleanup_sites
        .iter()
        .filter(|s| s.product.as_str() == "jira")
        .map(|s| (s.site.as_str(), s.billable))
        .collect();
    assert_eq!(
        jira_sites,
        [("acme-eu", 2), (HOSTILE_SITE, 1)],
        "Bob and Gina on eu, Carol on us"
    );
}

#[test]
fn a_warning_is_pending_until_its_deadline_passes() {
    let summary = Summary::build(&index(), &[], now());
    let deadlines: Vec<(String, usize, u64, u64)> = summary
        .pending
        .deadlines
        .iter()
        .map(|d| (d.date.to_string(), d.users, d.seats, d.monthly.cents))
        .collect();
    // Bob, warned 3 days ago with 14 days of grace; Gina's deadline is 16 days past.
    assert_eq!(deadlines, [("2026-06-12".to_owned(), 1, 2, 860 + 605)]);
    assert!(summary.pending.handoffs.is_empty());
    assert!(summary.quarter.batches.is_empty());
}
