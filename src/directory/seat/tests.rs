use super::*;
use crate::directory::{
    AccountId, AccountStatus, AccountType, ClaimStatus, MembershipStatus, ProductActivity, UserStatus,
};
use chrono::TimeZone;

const JIRA: &str = "ari:cloud:jira::site/one";
const JIRA_TWO: &str = "ari:cloud:jira::site/two";
const CONF: &str = "ari:cloud:confluence::site/one";

fn group(id: &str, grants: &[(&str, &str, &[&str])]) -> Group {
    Group {
        id: GroupId::from(id),
        name: id.to_owned(),
        description: None,
        directory_id: None,
        external_synced: false,
        managed_by: None,
        user_count: None,
        grants: grants
            .iter()
            .map(|(site, product, roles)| RoleGrant {
                site: ProductId::from(*site),
                product: ProductKey::from(*product),
                roles: roles.iter().map(|role| Role::from(*role)).collect(),
            })
            .collect(),
        modifiable: None,
    }
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, d, 0, 0, 0)
        .single()
        .expect("valid date")
}

fn user(groups: &[&str], activity: Activity) -> User {
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
        activity,
        groups: groups.iter().map(|id| GroupId::from(*id)).collect(),
        directories: Vec::new(),
    }
}

fn access(product: &str, site: Option<&str>, at: Option<u32>) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(product),
        product_id: site.map(ProductId::from),
        last_active: at.map(day),
    }
}

#[test]
fn unknown_and_unlisted_roles_are_billable_and_the_listed_free_roles_are_not() {
    for free in [
        "atlassian/guest",
        "atlassian/customer",
        "atlassian/user-access-admin",
        "atlassian/basic",
        "atlassian/contributor",
        "atlassian/stakeholder",
    ] {
        assert!(!Role::from(free).is_billable(), "{free}");
    }
    for paid in ["atlassian/user", "atlassian/admin", "atlassian/brand-new"] {
        assert!(Role::from(paid).is_billable(), "{paid}");
    }
    assert!(
        SeatGrant {
            source: SeatSource::Direct,
            role: None
        }
        .is_billable()
    );
}

#[test]
fn a_group_granting_two_products_gives_two_seats_with_their_own_activity() {
    let groups = [group(
        "g-both",
        &[
            (JIRA, "jira", &["atlassian/user"]),
            (CONF, "confluence", &["atlassian/user"]),
        ],
    )];
    let by_id = groups_by_id(&groups);
    let someone = user(
        &["g-both"],
        Activity::Known(vec![
            access("jira", Some(JIRA), Some(2)),
            access("confluence", Some(CONF), None),
        ]),
    );
    let seats = seats_of(&someone, &by_id);
    assert_eq!(seats.len(), 2);
    assert_eq!(seats[0].activity, SeatActivity::At(day(2)));
    assert_eq!(seats[1].activity, SeatActivity::Never);
    assert!(seats.iter().all(Seat::is_billable));
    assert_eq!(
        seats[1].billable_sources().collect::<Vec<_>>(),
        [&SeatSource::Group(GroupId::from("g-both"))]
    );
}

#[test]
fn the_strongest_role_shows_and_only_billed_grants_must_go() {
    let groups = [
        group("g-admins", &[(JIRA, "jira", &["atlassian/admin"])]),
        group("g-guests", &[(JIRA, "jira", &["atlassian/guest"])]),
        group("g-users", &[(JIRA, "jira", &["atlassian/user"])]),
    ];
    let by_id = groups_by_id(&groups);
    let seats = seats_of(
        &user(&["g-guests", "g-users", "g-admins"], Activity::Unknown),
        &by_id,
    );
    assert_eq!(seats.len(), 1);
    assert_eq!(seats[0].role(), Some(&Role::Admin));
    assert_eq!(seats[0].activity, SeatActivity::Unknown);
    let must_go: Vec<_> = seats[0].billable_sources().collect();
    assert_eq!(
        must_go,
        [
            &SeatSource::Group(GroupId::from("g-users")),
            &SeatSource::Group(GroupId::from("g-admins"))
        ]
    );
}

#[test]
fn guest_only_seats_are_free_and_a_role_the_api_left_out_is_not() {
    let groups = [
        group("g-guests", &[(CONF, "confluence", &["atlassian/guest"])]),
        group("g-unsaid", &[(JIRA_TWO, "jira", &[])]),
    ];
    let by_id = groups_by_id(&groups);
    let seats = seats_of(&user(&["g-guests", "g-unsaid"], Activity::Known(vec![])), &by_id);
    assert!(!seats[0].is_billable());
    assert!(seats[1].is_billable());
    assert_eq!(seats[1].role(), None);
}

#[test]
fn access_no_group_explains_is_a_direct_seat_and_a_granted_site_without_data_is_unknown() {
    let groups = [group("g-jira", &[(JIRA, "jira", &["atlassian/user"])])];
    let by_id = groups_by_id(&groups);
    let someone = user(
        &["g-jira", "g-not-loaded"],
        Activity::Known(vec![access("confluence", Some(CONF), Some(5))]),
    );
    let seats = seats_of(&someone, &by_id);
    assert_eq!(seats.len(), 2);
    assert_eq!(seats[0].activity, SeatActivity::Unknown, "granted, not reported");
    assert_eq!(
        seats[1].grants,
        [SeatGrant {
            source: SeatSource::Direct,
            role: None
        }]
    );
    assert_eq!(seats[1].activity, SeatActivity::At(day(5)));
}

#[test]
fn site_less_records_match_the_only_seat_of_their_product_and_nothing_ambiguous() {
    let groups = [group(
        "g-two-jiras",
        &[
            (JIRA, "jira", &["atlassian/user"]),
            (JIRA_TWO, "jira", &["atlassian/user"]),
        ],
    )];
    let by_id = groups_by_id(&groups);
    let seats = seats_of(
        &user(
            &["g-two-jiras"],
            Activity::Known(vec![access("jira", None, Some(7))]),
        ),
        &by_id,
    );
    assert_eq!(
        seats.len(),
        3,
        "two granted sites stay unknown, the record is its own seat"
    );
    assert_eq!(seats[0].activity, SeatActivity::Unknown);
    assert_eq!(seats[1].activity, SeatActivity::Unknown);
    assert_eq!(seats[2].site, None);

    let one = [group("g-jira", &[(JIRA, "jira", &["atlassian/user"])])];
    let by_id = groups_by_id(&one);
    let seats = seats_of(
        &user(&["g-jira"], Activity::Known(vec![access("jira", None, Some(7))])),
        &by_id,
    );
    assert_eq!(seats.len(), 1);
    assert_eq!(seats[0].activity, SeatActivity::At(day(7)));
}

#[test]
fn idp_managed_groups_are_recognised_by_any_of_the_three_signs() {
    let mut g = group("g", &[]);
    assert!(!g.is_idp_managed());
    g.modifiable = Some(false);
    assert!(g.is_idp_managed());
    g.modifiable = Some(true);
    g.external_synced = true;
    assert!(g.is_idp_managed());
    g.external_synced = false;
    g.managed_by = Some(crate::directory::GroupManagedBy::External);
    assert!(g.is_idp_managed());
}
