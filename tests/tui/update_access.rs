//! The preview's action switch to remove product access: Tab reaches "remove access" for each
//! product of the org; the users losing only idle seats of it are confirmed like cleanup-ready,
//! those who would lose a seat nobody chose are a section left out until `c` includes it, and
//! the commit's `Safeguard` confirms exactly that.

use crate::support::console::{app_with, marked, type_keys};
use crate::support::users::{UserBuilder, days_ago, directory, group};
use dormant::batch::{BatchAction, Confirmed, Section};
use dormant::directory::{Activity, Group, ProductActivity, ProductId, ProductKey, Role, RoleGrant};
use dormant::tui::{App, Confirm, Effect, Popup};

const JSM: &str = "ari:cloud:jira-service-desk::site/one";
const JIRA: &str = "ari:cloud:jira::site/one";
const CONF: &str = "ari:cloud:confluence::site/one";

fn site(product: &str, id: &str, days: i64) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(product),
        product_id: Some(ProductId::from(id)),
        last_active: Some(days_ago(days)),
    }
}

fn granting(id: &str, grants: &[(&str, &str)]) -> Group {
    let mut group = group(id, id);
    group.grants = grants
        .iter()
        .map(|(site, product)| RoleGrant {
            site: ProductId::from(*site),
            product: ProductKey::from(*product),
            roles: vec![Role::User],
        })
        .collect();
    group
}

/// Una loses only her idle JSM seat; Dos's JSM group also grants the Confluence he uses.
fn app() -> App {
    let users = vec![
        UserBuilder::new("u-una", "Una Agent")
            .groups(&["agents", "jira-users"])
            .activity(Activity::Known(vec![
                site("jira-service-desk", JSM, 200),
                site("jira", JIRA, 2),
            ]))
            .build(),
        UserBuilder::new("u-dos", "Dos Wiki")
            .groups(&["svc-wiki", "jira-users"])
            .activity(Activity::Known(vec![
                site("jira-service-desk", JSM, 300),
                site("jira", JIRA, 2),
                site("confluence", CONF, 3),
            ]))
            .build(),
    ];
    let groups = vec![
        granting("agents", &[(JSM, "jira-service-desk")]),
        granting("jira-users", &[(JIRA, "jira")]),
        granting("svc-wiki", &[(JSM, "jira-service-desk"), (CONF, "confluence")]),
    ];
    let mut app = app_with(directory(users, groups), 120, 30);
    for name in ["una", "dos"] {
        type_keys(&mut app, &format!("/{name}\n \u{1b}"));
    }
    assert_eq!(marked(&app), ["u-dos", "u-una"]);
    app
}

#[test]
fn tab_reaches_remove_access_and_the_collateral_section_waits_for_its_key() {
    let mut app = app();
    type_keys(&mut app, "p");
    for _ in 0..10 {
        let access = app.batch.access.as_ref().map(|access| access.product.as_str());
        if app.batch.action == BatchAction::RemoveAccess && access == Some("jira-service-desk") {
            break;
        }
        type_keys(&mut app, "\t");
    }
    assert_eq!(app.batch.action, BatchAction::RemoveAccess);
    let pending = app.batch.pending.as_ref().expect("a plan");
    assert_eq!(pending.plan.action, BatchAction::RemoveAccess);
    assert_eq!(
        pending
            .preview
            .section(Section::IdleSeats)
            .map(|s| s.accounts.len()),
        Some(1)
    );
    assert_eq!(
        pending
            .preview
            .section(Section::Collateral)
            .map(|s| s.accounts.len()),
        Some(1)
    );
    assert_eq!(
        pending.acting_confirmed(),
        1,
        "only Una until the collateral is included"
    );
    type_keys(&mut app, "c");
    assert_eq!(app.batch.pending.as_ref().expect("plan").acting_confirmed(), 2);
    type_keys(&mut app, "c");
    assert_eq!(app.batch.pending.as_ref().expect("plan").acting_confirmed(), 1);
    type_keys(&mut app, "\n");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    let effects = type_keys(&mut app, "y");
    let Some(Effect::Commit { safeguard, plan, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(safeguard.confirmed(), Confirmed::only([Section::IdleSeats]));
    let una = plan
        .entries
        .iter()
        .find(|e| e.account_id.as_str() == "u-una")
        .expect("una");
    assert_eq!(
        una.memberships
            .iter()
            .map(|m| m.group_id.as_str())
            .collect::<Vec<_>>(),
        ["agents"]
    );
}
