use super::*;
use crate::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, Group, GroupManagedBy, MembershipStatus,
    ProductActivity, ProductId, ProductKey, Role, RoleGrant, groups_by_id, seats_of,
};
use chrono::TimeZone;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const JIRA: &str = "ari:cloud:jira::site/one";
const JSM: &str = "ari:cloud:jira-servicedesk::site/one";
const CONF: &str = "ari:cloud:confluence::site/one";
const CONF_TWO: &str = "ari:cloud:confluence::site/two";

fn product_of(site: &str) -> &'static str {
    if site.contains("servicedesk") {
        "jira-servicedesk"
    } else if site.contains("confluence") {
        "confluence"
    } else {
        "jira-software"
    }
}

fn group(id: &str, idp: bool, grants: &[(&str, &[&str])]) -> Group {
    Group {
        id: GroupId::from(id),
        name: format!("{id}-name"),
        description: None,
        directory_id: None,
        external_synced: false,
        managed_by: idp.then_some(GroupManagedBy::External),
        user_count: None,
        grants: grants
            .iter()
            .map(|(site, roles)| RoleGrant {
                site: ProductId::from(*site),
                product: ProductKey::from(product_of(site)),
                roles: roles.iter().map(|role| Role::from(*role)).collect(),
            })
            .collect(),
        modifiable: None,
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .expect("valid date")
}

fn days_ago(days: i64) -> DateTime<Utc> {
    now() - chrono::Duration::days(days)
}

/// `(site, days since last use or None for never)`.
fn user(groups: &[&str], activity: Option<&[(&str, Option<i64>)]>) -> User {
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
        added_to_org: Some(days_ago(1_000)),
        activity: activity.map_or(Activity::Unknown, |records| {
            Activity::Known(
                records
                    .iter()
                    .map(|(site, days)| ProductActivity {
                        product: ProductKey::from(product_of(site)),
                        product_id: Some(ProductId::from(*site)),
                        last_active: days.map(days_ago),
                    })
                    .collect(),
            )
        }),
        groups: groups.iter().map(|id| GroupId::from(*id)).collect(),
        directories: Vec::new(),
    }
}

fn thresholds() -> Thresholds {
    let mut thresholds = Thresholds::default();
    thresholds.products.insert(
        ProductKey::from("jira-servicedesk"),
        IdleDays::try_from(30).expect("valid"),
    );
    thresholds
}

fn lanes_and_action(user: &User, groups: &[Group], protected: bool) -> (Vec<SeatVerdict>, SeatAction) {
    let by_id = groups_by_id(groups);
    let seats = seats_of(user, &by_id);
    let thresholds = thresholds();
    let context = SeatContext {
        thresholds: &thresholds,
        now: now(),
        protected,
    };
    let verdicts = seat_lanes(user, &seats, &by_id, context);
    let action = seat_action(user, &seats, &verdicts, &by_id);
    (verdicts, action)
}

fn lanes(verdicts: &[SeatVerdict]) -> Vec<SeatLane> {
    verdicts.iter().map(|v| v.lane).collect()
}

#[test]
fn an_agent_idle_in_jsm_but_active_in_jira_loses_only_the_jsm_group() {
    let groups = [
        group("jira-users", false, &[(JIRA, &["atlassian/user"])]),
        group("jsm-agents", false, &[(JSM, &["atlassian/user"])]),
    ];
    let agent = user(
        &["jira-users", "jsm-agents"],
        Some(&[(JIRA, Some(2)), (JSM, Some(400))]),
    );
    let (verdicts, action) = lanes_and_action(&agent, &groups, false);
    assert_eq!(lanes(&verdicts), [SeatLane::Active, SeatLane::Reclaimable]);
    assert_eq!(verdicts[1].unused_days, Some(400));
    let SeatAction::Remove { removal, handoff } = action else {
        panic!("expected a removal, got {action:?}");
    };
    assert_eq!(removal.groups, [GroupId::from("jsm-agents")]);
    assert_eq!(removal.chosen.len(), 1);
    assert_eq!(removal.chosen[0].site, ProductId::from(JSM));
    assert!(!removal.chosen[0].keeps_free_role);
    assert!(removal.collateral.is_empty());
    assert_eq!(handoff, None);
}

#[test]
fn a_group_granting_two_products_lists_the_other_as_collateral_unless_another_group_keeps_it() {
    let groups = [
        group(
            "everything",
            false,
            &[(JSM, &["atlassian/user"]), (CONF, &["atlassian/user"])],
        ),
        group("jira-users", false, &[(JIRA, &["atlassian/user"])]),
        group("conf-users", false, &[(CONF_TWO, &["atlassian/user"])]),
    ];
    let both = user(
        &["everything", "jira-users"],
        Some(&[(JIRA, Some(1)), (JSM, Some(200)), (CONF, Some(3))]),
    );
    let (_, action) = lanes_and_action(&both, &groups, false);
    let SeatAction::Remove { removal, .. } = action else {
        panic!("expected a removal, got {action:?}");
    };
    assert_eq!(removal.groups, [GroupId::from("everything")]);
    let collateral: Vec<_> = removal.collateral.iter().map(|c| c.site.as_str()).collect();
    assert_eq!(
        collateral,
        [CONF],
        "the active Confluence seat goes with the group"
    );

    let guest_elsewhere = [
        group(
            "everything",
            false,
            &[(JSM, &["atlassian/user"]), (JIRA, &["atlassian/user"])],
        ),
        group("jira-too", false, &[(JIRA, &["atlassian/user"])]),
        group("jsm-guests", false, &[(JSM, &["atlassian/customer"])]),
    ];
    let kept = user(
        &["everything", "jira-too", "jsm-guests"],
        Some(&[(JIRA, Some(1)), (JSM, Some(200))]),
    );
    let (_, action) = lanes_and_action(&kept, &guest_elsewhere, false);
    let SeatAction::Remove { removal, .. } = action else {
        panic!("expected a removal, got {action:?}");
    };
    assert!(removal.collateral.is_empty(), "another group still grants Jira");
    assert!(removal.chosen[0].keeps_free_role, "the customer role stays");
}

#[test]
fn every_billable_seat_idle_suspends_and_free_seats_do_not_count() {
    let groups = [
        group("jira-users", false, &[(JIRA, &["atlassian/user"])]),
        group("conf-guests", false, &[(CONF, &["atlassian/guest"])]),
    ];
    let idle = user(
        &["jira-users", "conf-guests"],
        Some(&[(JIRA, Some(120)), (CONF, Some(1))]),
    );
    let (verdicts, action) = lanes_and_action(&idle, &groups, false);
    assert_eq!(lanes(&verdicts), [SeatLane::Reclaimable, SeatLane::NotBillable]);
    assert_eq!(action, SeatAction::Suspend);

    let guest_only = user(&["conf-guests"], Some(&[(CONF, Some(500))]));
    let (verdicts, action) = lanes_and_action(&guest_only, &groups, false);
    assert_eq!(lanes(&verdicts), [SeatLane::NotBillable]);
    assert_eq!(action, SeatAction::Keep);
}

#[test]
fn an_idle_seat_granted_by_an_idp_group_is_handed_off_naming_the_group() {
    let groups = [
        group("jira-users", false, &[(JIRA, &["atlassian/user"])]),
        group("okta-jsm", true, &[(JSM, &["atlassian/user"])]),
    ];
    let agent = user(
        &["jira-users", "okta-jsm"],
        Some(&[(JIRA, Some(2)), (JSM, Some(400))]),
    );
    let (verdicts, action) = lanes_and_action(&agent, &groups, false);
    assert_eq!(lanes(&verdicts), [SeatLane::Active, SeatLane::IdpOnly]);
    assert_eq!(verdicts[1].idp_groups, [GroupId::from("okta-jsm")]);
    let SeatAction::Handoff(handoff) = action else {
        panic!("expected a handoff, got {action:?}");
    };
    assert_eq!(handoff.groups, [GroupId::from("okta-jsm")]);
    assert_eq!(
        handoff.seats,
        [(ProductKey::from("jira-servicedesk"), ProductId::from(JSM))]
    );
}

#[test]
fn unknown_activity_direct_grants_new_joiners_and_protection_never_reclaim() {
    let groups = [group("jira-users", false, &[(JIRA, &["atlassian/user"])])];
    let unknown = user(&["jira-users"], None);
    let (verdicts, action) = lanes_and_action(&unknown, &groups, false);
    assert_eq!(verdicts[0].review, Some(SeatReview::ActivityUnknown));
    assert_eq!(action, SeatAction::Review);

    let direct = user(&["jira-users"], Some(&[(JIRA, Some(1)), (CONF, Some(300))]));
    let (verdicts, action) = lanes_and_action(&direct, &groups, false);
    assert_eq!(lanes(&verdicts), [SeatLane::Active, SeatLane::Review]);
    assert_eq!(verdicts[1].review, Some(SeatReview::DirectGrant));
    assert_eq!(action, SeatAction::Review);

    let mut joiner = user(&["jira-users"], Some(&[(JIRA, None)]));
    joiner.added_to_org = Some(days_ago(5));
    let (verdicts, _) = lanes_and_action(&joiner, &groups, false);
    assert_eq!(verdicts[0].review, Some(SeatReview::NewJoiner));

    let idle = user(&["jira-users"], Some(&[(JIRA, Some(300))]));
    let (verdicts, action) = lanes_and_action(&idle, &groups, true);
    assert_eq!(lanes(&verdicts), [SeatLane::Protected]);
    assert_eq!(action, SeatAction::Protected);

    let mut suspended = idle.clone();
    suspended.status = UserStatus::Suspended;
    let (verdicts, _) = lanes_and_action(&suspended, &groups, false);
    assert_eq!(verdicts[0].review, Some(SeatReview::AccountNotActive));
}

// Generated orgs: a few sites, groups granting random roles on them, some IdP-managed.
const SITES: [&str; 4] = [JIRA, JSM, CONF, CONF_TWO];
const ROLES: [&str; 4] = [
    "atlassian/user",
    "atlassian/admin",
    "atlassian/guest",
    "atlassian/customer",
];

fn arb_groups() -> impl Strategy<Value = Vec<Group>> {
    let grant = (0..SITES.len(), proptest::collection::vec(0..ROLES.len(), 0..3));
    let one = (
        proptest::collection::vec(grant, 0..3),
        proptest::bool::weighted(0.2),
    );
    proptest::collection::vec(one, 1..6).prop_map(|groups| {
        groups
            .into_iter()
            .enumerate()
            .map(|(at, (grants, idp))| {
                let grants: BTreeMap<usize, Vec<usize>> = grants.into_iter().collect();
                let grants: Vec<(&str, Vec<&str>)> = grants
                    .into_iter()
                    .map(|(site, roles)| (SITES[site], roles.into_iter().map(|r| ROLES[r]).collect()))
                    .collect();
                let grants: Vec<(&str, &[&str])> = grants.iter().map(|(s, r)| (*s, r.as_slice())).collect();
                group(&format!("g{at}"), idp, &grants)
            })
            .collect()
    })
}

/// Per site: no record (`None`), never used (`Some(-1)`) or used that many days ago.
type SiteUses = Vec<Option<i64>>;

fn arb_case() -> impl Strategy<Value = (Vec<Group>, Vec<bool>, SiteUses, bool, bool)> {
    (
        arb_groups(),
        proptest::collection::vec(any::<bool>(), 6),
        proptest::collection::vec(proptest::option::of(-1_i64..400), SITES.len()),
        any::<bool>(),
        proptest::bool::weighted(0.1),
    )
}

fn build_user(groups: &[Group], member: &[bool], activity: &[Option<i64>], known: bool) -> User {
    let ids: Vec<&str> = groups
        .iter()
        .zip(member)
        .filter(|(_, m)| **m)
        .map(|(g, _)| g.id.as_str())
        .collect();
    let records: Vec<(&str, Option<i64>)> = SITES
        .iter()
        .zip(activity)
        .filter_map(|(site, a)| a.map(|days| (*site, (days >= 0).then_some(days))))
        .collect();
    user(&ids, known.then_some(records.as_slice()))
}

proptest! {
    #[test]
    fn a_reclaimable_seat_is_billable_idle_known_and_never_of_a_protected_user(
        (groups, member, activity, known, protected) in arb_case()
    ) {
        let subject = build_user(&groups, &member, &activity, known);
        let by_id = groups_by_id(&groups);
        let seats = seats_of(&subject, &by_id);
        let (verdicts, action) = lanes_and_action(&subject, &groups, protected);
        prop_assert_eq!(verdicts.len(), seats.len());
        for (seat, verdict) in seats.iter().zip(&verdicts) {
            if protected {
                prop_assert_eq!(verdict.lane, SeatLane::Protected);
            }
            if verdict.lane.is_idle_billable() {
                prop_assert!(!protected);
                prop_assert!(seat.is_billable());
                prop_assert!(seat.activity != SeatActivity::Unknown);
                prop_assert!(seat.site.is_some());
                prop_assert!(seat.billable_sources().all(|s| matches!(s, SeatSource::Group(_))));
                let threshold = verdict.threshold.get();
                prop_assert!(verdict.unused_days.is_some_and(|days| days > threshold));
            }
            prop_assert_eq!(verdict.lane == SeatLane::IdpOnly, !verdict.idp_groups.is_empty());
        }
        if let SeatAction::Remove { removal, .. } = &action {
            prop_assert!(removal.groups.iter().all(|id| by_id.get(id).is_some_and(|g| !g.is_idp_managed())));
        }
    }

    #[test]
    fn removing_the_listed_groups_changes_exactly_the_listed_seats(
        (groups, member, activity, known, _protected) in arb_case()
    ) {
        let subject = build_user(&groups, &member, &activity, known);
        let (_, action) = lanes_and_action(&subject, &groups, false);
        let SeatAction::Remove { removal, .. } = action else { return Ok(()) };
        let by_id = groups_by_id(&groups);
        let effect = |user: &User| -> BTreeMap<ProductId, bool> {
            let mut bare = user.clone();
            bare.activity = Activity::Unknown;
            seats_of(&bare, &by_id)
                .into_iter()
                .filter_map(|seat| Some((seat.site.clone()?, seat.is_billable())))
                .collect()
        };
        let before = effect(&subject);
        let mut after_user = subject.clone();
        after_user.groups.retain(|id| !removal.groups.contains(id));
        let after = effect(&after_user);
        let changed: BTreeSet<(ProductId, bool)> = before
            .iter()
            .filter(|(site, billable)| match after.get(*site) {
                None => true,
                Some(still) => **billable && !still,
            })
            .map(|(site, _)| (site.clone(), after.contains_key(site)))
            .collect();
        let listed: BTreeSet<(ProductId, bool)> = removal
            .chosen
            .iter()
            .chain(&removal.collateral)
            .map(|c| (c.site.clone(), c.keeps_free_role))
            .collect();
        prop_assert_eq!(changed, listed);
        for chosen in &removal.chosen {
            prop_assert!(!after.get(&chosen.site).copied().unwrap_or(false), "a chosen seat is no longer billed");
        }
    }
}
