//! Snapshots of the view picker and the group picker at the minimum size (80×24): every line of
//! each popup, its key hints included, fits above the status line, which stays in view.

use crate::screens::screen;
use crate::support::console;
use crate::support::users as support;

use console::{app_with, small_org, type_keys};
use dormant::directory::{GroupManagedBy, ProductKey, Role, RoleGrant, Site};

#[test]
fn view_picker_80x24() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "vj\n");
    type_keys(&mut app, "vjj");
    let text = screen(&app);
    assert!(
        text.contains("view never-active"),
        "the header names the view in force:\n{text}"
    );
    insta::assert_snapshot!(text);
}

/// The small org with site grants (one billable, one free), an IdP-managed group, and enough
/// groups that the list scrolls.
#[test]
fn group_picker_80x24() {
    let mut org = small_org();
    org.sites = vec![
        Site {
            id: "site-jira".into(),
            product: ProductKey::from("jira-software"),
            name: "acme".to_owned(),
            host_url: None,
        },
        Site {
            id: "site-conf".into(),
            product: ProductKey::from("confluence"),
            name: "acme-wiki".to_owned(),
            host_url: None,
        },
    ];
    org.groups[0].grants = vec![
        RoleGrant {
            site: "site-jira".into(),
            product: ProductKey::from("jira-software"),
            roles: vec![Role::User],
        },
        RoleGrant {
            site: "site-conf".into(),
            product: ProductKey::from("confluence"),
            roles: vec![Role::Guest],
        },
    ];
    org.groups[1].managed_by = Some(GroupManagedBy::External);
    for n in 0..20 {
        org.groups
            .push(support::group(&format!("g-team-{n:02}"), &format!("team {n:02}")));
    }
    let mut app = app_with(org, 80, 24);
    type_keys(&mut app, "o");
    let text = screen(&app);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 24);
    assert!(
        lines[21].contains("filter it out"),
        "the hints fit inside the box:\n{text}"
    );
    assert!(lines[23].contains("marked"), "the status line stays:\n{text}");
    assert!(
        lines[20].contains("identity provider") || lines[20].contains("Atlassian"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    type_keys(&mut app, "/team 1");
    insta::assert_snapshot!("group_picker_80x24_narrowed", screen(&app));
}
