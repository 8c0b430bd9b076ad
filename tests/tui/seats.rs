//! Seats in the console: the PRODUCTS column marks idle billable seats and counts sites, the
//! details pane lists seats one by one with their lane, sources and the cheapest action, and the
//! insight view prices the marked users' billable seats per product and site with when they save.

use crate::screens::screen;
use crate::support::console;
use crate::support::users as support;

use console::{app_with, type_keys};
use dormant::directory::{
    Activity, Directory, ProductActivity, ProductId, ProductKey, Role, RoleGrant, Site,
};
use support::{UserBuilder, days_ago, directory, group};

const JIRA: &str = "ari:cloud:jira::site/acme";
const JIRA_EU: &str = "ari:cloud:jira::site/eu";
const JSM: &str = "ari:cloud:jira-servicedesk::site/acme";

fn product_of(site: &str) -> &'static str {
    if site == JSM { "jira-service-desk" } else { "jira" }
}

fn granting(id: &str, name: &str, site: &str, role: &str) -> dormant::directory::Group {
    let mut g = group(id, name);
    g.grants = vec![RoleGrant {
        site: ProductId::from(site),
        product: ProductKey::from(product_of(site)),
        roles: vec![Role::from(role)],
    }];
    g
}

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

fn seat_org() -> Directory {
    let mut okta = granting("g-okta", "okta-jsm", JSM, "atlassian/user");
    okta.modifiable = Some(false);
    let groups = vec![
        granting("g-jira", "jira-users", JIRA, "atlassian/user"),
        granting("g-jira-eu", "jira-eu-users", JIRA_EU, "atlassian/user"),
        granting("g-jsm", "jsm-agents", JSM, "atlassian/user"),
        okta,
    ];
    let users = vec![
        UserBuilder::new("u-amy", "Amy Agent")
            .groups(&["g-jira", "g-jira-eu", "g-jsm"])
            .activity(on(&[(JIRA, 2), (JIRA_EU, 3), (JSM, 400)])),
        UserBuilder::new("u-oli", "Oli Okta")
            .groups(&["g-jira", "g-okta"])
            .activity(on(&[(JIRA, 1), (JSM, 300)])),
    ];
    let mut dir = directory(users.into_iter().map(UserBuilder::build).collect(), groups);
    for (id, name) in [(JIRA, "acme"), (JIRA_EU, "acme-eu"), (JSM, "acme")] {
        dir.sites.push(Site {
            id: ProductId::from(id),
            product: ProductKey::from(product_of(id)),
            name: name.to_owned(),
            host_url: None,
        });
    }
    dir
}

#[test]
fn the_table_marks_idle_seats_and_the_details_list_them_with_the_action() {
    let mut app = app_with(seat_org(), 160, 40);
    type_keys(&mut app, "/amy\n");
    let table = screen(&app);
    let row = table
        .lines()
        .find(|line| line.contains("Amy Agent"))
        .expect("Amy's row");
    assert!(row.contains("jira×2,jsm*"), "{row}");
    type_keys(&mut app, "\n");
    let details = screen(&app);
    for wanted in [
        "jsm · acme · user · billable · last ",
        "400 d idle · reclaimable",
        "via jsm-agents",
        "jira · acme-eu · user · billable",
        "action: remove from jsm-agents (frees 1 seat)",
    ] {
        assert!(details.contains(wanted), "{wanted:?} missing:\n{details}");
    }
    type_keys(&mut app, "\u{1b}\u{1b}/oli\n\n");
    let details = screen(&app);
    for wanted in [
        "only in the IdP",
        "via okta-jsm (IdP-managed)",
        "action: IdP handoff: remove from okta-jsm in the IdP",
    ] {
        assert!(details.contains(wanted), "{wanted:?} missing:\n{details}");
    }
}

#[test]
fn insight_prices_the_marked_billable_seats_per_site_and_says_when_they_save() {
    let mut app = app_with(seat_org(), 160, 40);
    type_keys(&mut app, "/amy\n ");
    type_keys(&mut app, "i");
    let insight = screen(&app);
    for wanted in [
        "Marked users free, billable seats by product and site",
        "jira · acme · 1 seats · USD 8.60/month · next bill on 2026-07-01",
        "jira · acme-eu · 1 seats",
        "jsm · acme · 1 seats · USD 23.83/month · next bill on 2026-07-01",
    ] {
        assert!(insight.contains(wanted), "{wanted:?} missing:\n{insight}");
    }
}
