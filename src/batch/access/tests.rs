use super::*;
use crate::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, Group, MembershipStatus, ProductActivity,
    RoleGrant, Thresholds, UserStatus, groups_by_id,
};
use chrono::TimeZone;
use std::sync::LazyLock;

static THRESHOLDS: LazyLock<Thresholds> = LazyLock::new(Thresholds::default);

fn day(month: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, 1, 0, 0, 0)
        .single()
        .expect("valid date")
}

/// Every seat last used in January, judged in December: idle past the 90-day default.
fn idle() -> SeatContext<'static> {
    SeatContext {
        thresholds: &THRESHOLDS,
        now: day(12),
        protected: false,
    }
}

/// The same seats judged in February: used within the threshold.
fn busy() -> SeatContext<'static> {
    SeatContext {
        now: day(2),
        ..idle()
    }
}

const JSM: &str = "ari:cloud:jira-service-desk::site/one";
const JSM_TWO: &str = "ari:cloud:jira-service-desk::site/two";
const JIRA: &str = "ari:cloud:jira::site/one";
const CONF: &str = "ari:cloud:confluence::site/one";

fn group(id: &str, grants: &[(&str, &str, &str)]) -> Group {
    Group {
        id: GroupId::from(id),
        name: format!("{id}-name"),
        description: None,
        directory_id: None,
        external_synced: false,
        managed_by: None,
        user_count: None,
        grants: grants
            .iter()
            .map(|(site, product, role)| RoleGrant {
                site: ProductId::from(*site),
                product: ProductKey::from(*product),
                roles: vec![Role::from(*role)],
            })
            .collect(),
        modifiable: None,
    }
}

fn user(groups: &[&str]) -> User {
    let at = |product: &str, site: &str| ProductActivity {
        product: ProductKey::from(product),
        product_id: Some(ProductId::from(site)),
        last_active: Some(day(1)),
    };
    User {
        account_id: AccountId::from("a-1"),
        account_type: AccountType::Atlassian,
        name: "A".to_owned(),
        nickname: None,
        email: None,
        claim_status: ClaimStatus::Managed,
        management_source: None,
        status: UserStatus::Active,
        account_status: AccountStatus::Active,
        membership_status: MembershipStatus::Active,
        platform_roles: Vec::new(),
        added_to_org: None,
        activity: Activity::Known(vec![
            at("jira-service-desk", JSM),
            at("jira-service-desk", JSM_TWO),
            at("jira", JIRA),
            at("confluence", CONF),
        ]),
        groups: groups.iter().map(|id| GroupId::from(*id)).collect(),
        directories: Vec::new(),
    }
}

fn jsm(site: Option<&str>) -> AccessTarget {
    AccessTarget {
        product: ProductKey::from("jira-service-desk"),
        site: site.map(ProductId::from),
        site_name: None,
    }
}

fn names(removal: &Removal) -> Vec<&str> {
    removal
        .memberships
        .iter()
        .map(|membership| membership.group_id.as_str())
        .collect()
}

#[test]
fn every_group_granting_a_billed_role_on_the_seat_is_removed_and_only_those() {
    let groups = [
        group("agents", &[(JSM, "jira-service-desk", "atlassian/user")]),
        group("jsm-admins", &[(JSM, "jira-service-desk", "atlassian/admin")]),
        group("customers", &[(JSM, "jira-service-desk", "atlassian/customer")]),
        group("jira-users", &[(JIRA, "jira", "atlassian/user")]),
    ];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(
        &user(&["agents", "jsm-admins", "customers", "jira-users"]),
        &by_id,
        &[],
        &jsm(Some(JSM)),
        idle(),
    );
    assert_eq!(names(&removal), ["agents", "jsm-admins"]);
    // The customer group stays, so the user keeps free (unbilled) access: the seat is not "lost"
    // as a seat, its billed role is.
    assert_eq!(removal.seats_lost.len(), 1);
    assert!(removal.seats_lost[0].chosen);
    assert!(!removal.has_collateral());
}

#[test]
fn a_group_granting_two_products_makes_the_other_seat_collateral() {
    let groups = [group(
        "service-and-wiki",
        &[
            (JSM, "jira-service-desk", "atlassian/user"),
            (CONF, "confluence", "atlassian/user"),
        ],
    )];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(&user(&["service-and-wiki"]), &by_id, &[], &jsm(None), idle());
    assert_eq!(names(&removal), ["service-and-wiki"]);
    assert!(removal.has_collateral());
    let collateral: Vec<_> = removal.seats_lost.iter().filter(|seat| !seat.chosen).collect();
    assert_eq!(collateral.len(), 1);
    assert_eq!(collateral[0].product.as_str(), "confluence");
}

#[test]
fn another_site_of_the_same_product_is_collateral_when_only_one_site_was_chosen() {
    let groups = [group(
        "all-agents",
        &[
            (JSM, "jira-service-desk", "atlassian/user"),
            (JSM_TWO, "jira-service-desk", "atlassian/user"),
        ],
    )];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(&user(&["all-agents"]), &by_id, &[], &jsm(Some(JSM)), idle());
    assert!(removal.has_collateral());
    let both = plan_removal(&user(&["all-agents"]), &by_id, &[], &jsm(None), idle());
    assert!(!both.has_collateral(), "{:?}", both.seats_lost);
    assert_eq!(both.seats_lost.len(), 2);
}

#[test]
fn a_seat_another_group_still_grants_is_not_lost() {
    let groups = [
        group(
            "service-and-jira",
            &[
                (JSM, "jira-service-desk", "atlassian/user"),
                (JIRA, "jira", "atlassian/user"),
            ],
        ),
        group("jira-users", &[(JIRA, "jira", "atlassian/user")]),
    ];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(
        &user(&["service-and-jira", "jira-users"]),
        &by_id,
        &[],
        &jsm(None),
        idle(),
    );
    assert!(!removal.has_collateral(), "{:?}", removal.seats_lost);
}

#[test]
fn an_idp_managed_group_sends_the_seat_to_the_handoff_and_removes_nothing() {
    let mut synced = group("okta-agents", &[(JSM, "jira-service-desk", "atlassian/user")]);
    synced.modifiable = Some(false);
    let groups = [
        synced,
        group("agents", &[(JSM, "jira-service-desk", "atlassian/user")]),
    ];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(&user(&["okta-agents", "agents"]), &by_id, &[], &jsm(None), idle());
    assert!(removal.memberships.is_empty(), "{:?}", removal.memberships);
    assert_eq!(removal.idp_groups, ["okta-agents-name"]);
}

#[test]
fn unbilled_and_busy_seats_are_never_chosen() {
    let groups = [group(
        "customers",
        &[(JSM, "jira-service-desk", "atlassian/customer")],
    )];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(&user(&["customers"]), &by_id, &[], &jsm(Some(JSM)), idle());
    assert_eq!(removal.billable_targets, 0);
    assert!(removal.memberships.is_empty());
    let groups = [group("agents", &[(JSM, "jira-service-desk", "atlassian/user")])];
    let by_id = groups_by_id(&groups);
    let removal = plan_removal(&user(&["agents"]), &by_id, &[], &jsm(Some(JSM)), busy());
    assert!(removal.memberships.is_empty());
    assert_eq!(removal.kept.len(), 1);
    assert_eq!(removal.kept[0].1.lane, SeatLane::Active);
    let protected = SeatContext {
        protected: true,
        ..idle()
    };
    let removal = plan_removal(&user(&["agents"]), &by_id, &[], &jsm(Some(JSM)), protected);
    assert!(
        removal.memberships.is_empty(),
        "a protected user's seat is never chosen"
    );
}

#[test]
fn a_directly_granted_seat_is_not_freed_by_membership() {
    // The activity reports a JSM site no loaded group explains: a direct assignment.
    let removal = plan_removal(&user(&[]), &groups_by_id(&[]), &[], &jsm(Some(JSM)), idle());
    assert!(removal.memberships.is_empty());
    assert_eq!(removal.direct.len(), 1);
}
