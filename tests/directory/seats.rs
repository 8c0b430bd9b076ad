//! Seats in the index and the query language: each seat term on a multi-site org with guests,
//! an IdP-managed group, unknown activity and a protected admin; names that the org lacks are
//! errors with suggestions; sorting by a product's most idle seat; one user's seats and action.

use crate::support::users as support;

use dormant::directory::{
    Activity, DirectoryIndex, Exclusions, GroupId, Marks, PlatformRole, Policy, ProductActivity, ProductId,
    ProductKey, Query, Role, RoleGrant, SeatAction, SeatLane, Site, SortKey,
};
use std::sync::Arc;
use support::{UserBuilder, days_ago, directory, group, now};

const JIRA: &str = "ari:cloud:jira-software::site/acme";
const JSM: &str = "ari:cloud:jira-servicedesk::site/acme";
const CONF_EU: &str = "ari:cloud:confluence::site/eu";
const CONF_US: &str = "ari:cloud:confluence::site/us";

fn product_of(site: &str) -> &'static str {
    match site {
        JIRA => "jira-software",
        JSM => "jira-service-desk",
        _ => "confluence",
    }
}

fn granting(id: &str, grants: &[(&str, &str)]) -> dormant::directory::Group {
    let mut g = group(id, id);
    g.grants = grants
        .iter()
        .map(|(site, role)| RoleGrant {
            site: ProductId::from(*site),
            product: ProductKey::from(product_of(site)),
            roles: vec![Role::from(*role)],
        })
        .collect();
    g
}

/// `(site, days since last use)` with the site named, as the v2 activity reports it.
fn on(sites: &[(&str, i64)]) -> Activity {
    Activity::Known(
        sites
            .iter()
            .map(|(site, days)| ProductActivity {
                product: ProductKey::from(product_of(site)),
                product_id: Some(ProductId::from(*site)),
                last_active: Some(days_ago(*days)),
            })
            .collect(),
    )
}

fn org() -> DirectoryIndex {
    let mut okta = granting("g-okta-conf-us", &[(CONF_US, "atlassian/user")]);
    okta.modifiable = Some(false);
    let groups = vec![
        granting("g-jira", &[(JIRA, "atlassian/user")]),
        granting("g-jsm", &[(JSM, "atlassian/user")]),
        granting("g-conf-eu", &[(CONF_EU, "atlassian/user")]),
        granting("g-conf-us-guests", &[(CONF_US, "atlassian/guest")]),
        okta,
    ];
    let users = vec![
        UserBuilder::new("a", "Agent Idle")
            .groups(&["g-jira", "g-jsm"])
            .activity(on(&[(JIRA, 2), (JSM, 400)])),
        UserBuilder::new("b", "Guest Gale")
            .groups(&["g-conf-us-guests"])
            .activity(on(&[(CONF_US, 500)])),
        UserBuilder::new("c", "Okta Olga")
            .groups(&["g-okta-conf-us", "g-jira"])
            .activity(on(&[(CONF_US, 300), (JIRA, 1)])),
        UserBuilder::new("d", "Unknown Uma")
            .groups(&["g-conf-eu"])
            .activity(Activity::Unknown),
        UserBuilder::new("e", "Admin Ada")
            .groups(&["g-jsm"])
            .activity(on(&[(JSM, 300)]))
            .role(PlatformRole::OrgAdmin),
        UserBuilder::new("f", "Busy Bo")
            .groups(&["g-conf-eu", "g-jira"])
            .activity(on(&[(CONF_EU, 5), (JIRA, 5)])),
    ];
    let mut dir = directory(users.into_iter().map(UserBuilder::build).collect(), groups);
    for (id, name) in [
        (JIRA, "acme"),
        (JSM, "acme"),
        (CONF_EU, "acme-eu"),
        (CONF_US, "acme-us"),
    ] {
        dir.sites.push(Site {
            id: ProductId::from(id),
            product: ProductKey::from(product_of(id)),
            name: name.to_owned(),
            host_url: None,
        });
    }
    DirectoryIndex::build(Arc::new(dir), &Policy::default(), &Exclusions::default(), now())
}

fn names(index: &DirectoryIndex, text: &str) -> Vec<String> {
    let query = index.parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let rows = query.matches(index, &Marks::default());
    (0..index.len() as u32)
        .filter(|&row| rows.contains(row as usize))
        .map(|row| index.user(row).account_id.to_string())
        .collect()
}

#[test]
fn seat_lanes_select_by_lane_and_protection_wins() {
    let index = org();
    assert_eq!(names(&index, "seats:reclaimable"), ["a"]);
    assert_eq!(names(&index, "seats:idp"), ["c"]);
    assert_eq!(names(&index, "seats:free"), ["b"]);
    assert_eq!(names(&index, "seats:review"), ["d"]);
    assert_eq!(names(&index, "seats:protected"), ["e"]);
    assert_eq!(names(&index, "seats:active"), ["a", "c", "f"]);
    assert_eq!(names(&index, "!seats:reclaimable,idp"), ["b", "d", "e", "f"]);
}

#[test]
fn seat_idle_measures_billable_seats_by_product_alias_site_or_anywhere() {
    let index = org();
    assert_eq!(names(&index, "seat-idle:jsm>90"), ["a", "e"]);
    assert_eq!(
        names(&index, "seat-idle:jira-service-management>=300"),
        ["a", "e"]
    );
    assert_eq!(names(&index, "seat-idle:jsm>350"), ["a"]);
    assert_eq!(
        names(&index, "seat-idle:acme-us>90"),
        ["c"],
        "the guest's seat is free"
    );
    assert_eq!(names(&index, "seat-idle:>90"), ["a", "c", "e"]);
    assert_eq!(names(&index, "seat-idle:<10"), ["a", "c", "f"]);
    assert_eq!(names(&index, "seat-idle:conf>90d"), ["c"]);
}

#[test]
fn role_and_site_terms_select_seats_by_role_and_workspace_name() {
    let index = org();
    assert_eq!(names(&index, "role:guest"), ["b"]);
    assert_eq!(names(&index, "role:atlassian/user"), ["a", "c", "d", "e", "f"]);
    assert_eq!(names(&index, "site:ACME-EU"), ["d", "f"]);
    assert_eq!(names(&index, "site:acme"), ["a", "c", "e", "f"]);
    assert_eq!(names(&index, &format!("site:\"{CONF_US}\"")), ["b", "c"]);
}

#[test]
fn names_the_org_lacks_and_bad_values_are_errors_naming_what_is_valid() {
    let index = org();
    let site = index.parse_query("site:acme-ue").expect_err("no such site");
    assert!(
        site.to_string()
            .contains("did you mean `acme-us`, `acme` or `acme-eu`?"),
        "{site}"
    );
    let negated = index
        .parse_query("!seat-idle:acme-uss>90")
        .expect_err("negated too");
    assert!(negated.to_string().contains("`acme-us`"), "{negated}");
    let product = index
        .parse_query("seat-idle:bb>90")
        .expect_err("no bitbucket seats");
    assert!(product.to_string().contains("Bitbucket"), "{product}");
    let lane = index.parse_query("seats:idle").expect_err("no such lane");
    assert!(lane.to_string().contains("reclaimable, idp, review"), "{lane}");
    let role = index.parse_query("role:owner").expect_err("no such role");
    assert!(role.to_string().contains("user-access-admin"), "{role}");
    let days = index.parse_query("seat-idle:jsm").expect_err("no days");
    assert!(days.to_string().contains("seat-idle:jsm>90"), "{days}");
}

#[test]
fn seat_terms_print_back_to_the_same_query() {
    for text in [
        "seats:reclaimable,idp",
        "seat-idle:jsm>90 !role:guest",
        "seat-idle:\"acme-us>=180\" OR site:acme",
        "seat-idle:<=7",
    ] {
        let query = Query::parse(text, &[]).expect("parses");
        let printed = query.to_string();
        let again = Query::parse(&printed, &[]).expect("the printed text parses");
        assert_eq!(again.to_string(), printed, "{text}");
        let matchers = |q: &Query| q.terms().iter().map(|t| t.matcher.clone()).collect::<Vec<_>>();
        assert_eq!(matchers(&again), matchers(&query), "{text} printed as {printed}");
    }
}

#[test]
fn sorting_by_a_products_seat_idle_puts_the_most_idle_first_and_others_last() {
    let index = org();
    let sort = index.parse_sort("seat-idle:jsm").expect("parses");
    let mut order = Vec::new();
    let everyone = Query::default().matches(&index, &Marks::default());
    index.for_each_sorted(&sort, &everyone, |row| {
        order.push(index.user(row).account_id.to_string());
    });
    assert_eq!(&order[..2], ["a", "e"]);
    let any = SortKey::parse("seat-idle", &[]).expect("parses");
    let mut order = Vec::new();
    index.for_each_sorted(&any, &everyone, |row| {
        order.push(index.user(row).account_id.to_string());
    });
    assert_eq!(
        order,
        ["a", "e", "c", "f", "b", "d"],
        "ties by name; no billable seat last"
    );
}

#[test]
fn one_users_seats_name_sites_sources_and_the_cheapest_action() {
    let index = org();
    let seats = index.user_seats(0);
    let lanes: Vec<SeatLane> = seats.verdicts.iter().map(|v| v.lane).collect();
    assert_eq!(lanes, [SeatLane::Active, SeatLane::Reclaimable]);
    let SeatAction::Remove { removal, handoff } = &seats.action else {
        panic!("expected a removal: {:?}", seats.action);
    };
    assert_eq!(removal.groups, [GroupId::from("g-jsm")]);
    assert!(removal.collateral.is_empty());
    assert!(handoff.is_none());
    let olga = index.user_seats(2);
    let SeatAction::Handoff(handoff) = &olga.action else {
        panic!("expected a handoff: {:?}", olga.action);
    };
    assert_eq!(index.group_name(&handoff.groups[0]), "g-okta-conf-us");
    assert_eq!(
        index
            .seat_site(&ProductId::from(CONF_US))
            .map(dormant::directory::SeatSite::label),
        Some("acme-us")
    );
    assert_eq!(index.user_seats(4).action, SeatAction::Protected);
}

#[test]
fn impact_counts_billable_seats_per_product_and_site_and_says_when_they_save() {
    let mut index = org();
    let mut marks = Marks::default();
    for row in [0, 1, 2] {
        marks.mark(&index, row).expect("not protected");
    }
    let everyone = Query::default().matches(&index, &marks);
    let impact = dormant::directory::Impact::of(&index, &marks, &everyone);
    let sites: Vec<(&str, &str, u64)> = impact
        .per_site
        .iter()
        .map(|s| (s.product.as_str(), s.site.as_str(), s.seats))
        .collect();
    assert_eq!(
        sites,
        [
            ("confluence", "acme-us", 1),
            ("jira-service-desk", "acme", 1),
            ("jira-software", "acme", 2),
        ],
        "the guest's Confluence seat is free; Olga's IdP seat is billed"
    );
    assert_eq!((impact.users_freeing_seats, impact.users_freeing_nothing), (2, 1));
    assert_eq!(
        impact.saving_summary().as_deref(),
        Some("saving from the next bill on 2026-07-01")
    );

    let mut policy = Policy::default();
    let annual: dormant::directory::ProductBilling =
        toml::from_str("cycle = \"annual\"\nrenewal = \"2026-09-01\"\ntiers = [1, 5]\n").expect("valid");
    policy
        .billing
        .products
        .insert(ProductKey::from("jira-service-desk"), annual);
    index = DirectoryIndex::build(index.directory().clone(), &policy, &Exclusions::default(), now());
    let impact = dormant::directory::Impact::of(&index, &marks, &everyone);
    let summary = impact.saving_summary().expect("frees seats");
    assert!(
        summary.contains(
            "Jira Service Management (acme): at renewal on 2026-09-01: 2 → 1 users, below the 1 tier"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("Confluence (acme-us): next bill on 2026-07-01"),
        "{summary}"
    );
}
