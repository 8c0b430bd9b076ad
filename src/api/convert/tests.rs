//! Conversion keeps unknown activity apart from never active, maps v1 keys, and passes unknown
//! enum values through.

use super::*;
use crate::api::model::{GroupRef, LastActiveData, Page, ProductLastActive};
use crate::directory::GroupId;

fn user_json(extra: &str) -> DirectoryUser {
    let body = format!(
        r#"{{"accountId":"a-1","accountType":"atlassian","status":"active","accountStatus":"active",
        "membershipStatus":"active","claimStatus":"managed","name":"Ann","nickname":"ann",
        "email":"ann@acme.example","managementSource":"synced","platformRoles":["atlassian/org-admin","atlassian/new-role"],
        "groups":[{{"id":"g1","name":"jira-users"}}],"addedToOrg":"2024-01-02T03:04:05Z"{extra}}}"#
    );
    serde_json::from_str(&body).expect("test user decodes")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("date")
        .with_timezone(&Utc)
}

#[test]
fn missing_product_access_is_unknown_and_empty_is_never_active() {
    let unknown = user(user_json(""), None, &mut Interner::default());
    assert_eq!(unknown.activity, Activity::Unknown);
    assert!(!unknown.activity.is_never_active());

    let none_used = user(
        user_json(r#","productAccess":[]"#),
        None,
        &mut Interner::default(),
    );
    assert_eq!(none_used.activity, Activity::Known(vec![]));
    assert!(none_used.activity.is_never_active());

    let access_never_used = user(
        user_json(r#","productAccess":[{"key":"jira","id":"ari:j"}]"#),
        None,
        &mut Interner::default(),
    );
    assert!(access_never_used.activity.is_never_active());
    let product = access_never_used
        .activity
        .product(&ProductKey::from("jira"))
        .expect("jira");
    assert_eq!(product.product_id.as_ref().map(ProductId::as_str), Some("ari:j"));
    assert_eq!(product.last_active, None);
}

#[test]
fn user_fields_and_unknown_values_carry_over() {
    let directory = DirectoryId::from("d-1");
    let converted = user(
        user_json(
            r#","productAccess":[{"key":"confluence","id":"ari:c","lastActiveTimestamp":"2026-01-05T00:00:00Z"}]"#,
        ),
        Some(&directory),
        &mut Interner::default(),
    );
    assert_eq!(converted.account_id.as_str(), "a-1");
    assert_eq!(converted.name, "Ann");
    assert_eq!(converted.claim_status, ClaimStatus::Managed);
    assert_eq!(converted.management_source, Some(ManagementSource::Synced));
    assert_eq!(
        converted.platform_roles,
        vec![
            PlatformRole::OrgAdmin,
            PlatformRole::Other("atlassian/new-role".into())
        ]
    );
    assert_eq!(converted.groups, vec![GroupId::from("g1")]);
    assert_eq!(converted.directories, vec![directory]);
    assert_eq!(converted.added_to_org, Some(at("2024-01-02T03:04:05Z")));
    assert_eq!(converted.activity.last_active(), Some(at("2026-01-05T00:00:00Z")));
}

#[test]
fn last_active_dates_map_to_v2_keys_by_product_id_then_by_rule() {
    let mut catalog = ProductCatalog::default();
    catalog.learn(&Activity::Known(vec![ProductActivity {
        product: ProductKey::from("jira"),
        product_id: Some("ari:cloud:jira::site/1".into()),
        last_active: None,
    }]));
    let data = LastActiveData {
        product_access: vec![
            ProductLastActive {
                id: Some("ari:cloud:jira::site/1".into()),
                key: "jira-software".into(),
                last_active: None,
                last_active_timestamp: Some(at("2026-03-02T09:14:27Z")),
            },
            ProductLastActive {
                id: None,
                key: "jira-core".into(),
                last_active: None,
                last_active_timestamp: None,
            },
            ProductLastActive {
                id: Some("ari:other".into()),
                key: "jira-service-desk".into(),
                last_active: Some(NaiveDate::from_ymd_opt(2025, 11, 18).expect("date")),
                last_active_timestamp: None,
            },
        ],
        added_to_org: NaiveDate::from_ymd_opt(2022, 5, 11),
        added_to_org_timestamp: None,
    };
    let mut interner = Interner::default();
    let Activity::Known(products) = activity_from_last_active(&data, &catalog, &mut interner) else {
        panic!("known")
    };
    let keys: Vec<&str> = products.iter().map(|p| p.product.as_str()).collect();
    assert_eq!(keys, ["jira", "jira", "jira-service-desk"]);
    assert_eq!(
        products[0].product_id.as_ref().map(ProductId::as_str),
        Some("ari:cloud:jira::site/1")
    );

    // The v1 spelling of the same site's ARI maps to the id searches report.
    let v1_spelling = catalog.resolve(
        Some("ari:cloud:jira-software::site/1"),
        "jira-software",
        &mut interner,
    );
    assert_eq!(
        v1_spelling,
        (
            ProductKey::from("jira"),
            Some(ProductId::from("ari:cloud:jira::site/1"))
        )
    );
    let other_site = catalog.resolve(
        Some("ari:cloud:jira-software::site/2"),
        "jira-software",
        &mut interner,
    );
    assert_eq!(
        other_site.1.as_ref().map(ProductId::as_str),
        Some("ari:cloud:jira-software::site/2")
    );
    assert_eq!(products[1].last_active, None);
    assert_eq!(products[2].last_active, Some(at("2025-11-18T00:00:00Z")));
    assert_eq!(added_to_org(&data), Some(at("2022-05-11T00:00:00Z")));

    let never = LastActiveData {
        product_access: vec![],
        added_to_org: None,
        added_to_org_timestamp: None,
    };
    assert!(activity_from_last_active(&never, &catalog, &mut interner).is_never_active());
}

#[test]
fn org_directory_domain_and_group_convert() {
    let page: Page<DomainRecord> = serde_json::from_str(
        r#"{"data":[{"id":"1","attributes":{"name":"acme.example","claim":{"type":"dns","status":"verified"}}},
        {"id":"2","attributes":{"name":"old.example","claim":{"type":"http","status":"superseded"}}},
        {"id":"3","attributes":{"name":"bare.example"}}]}"#,
    )
    .expect("decodes");
    let domains: Vec<Domain> = page.data.into_iter().map(domain).collect();
    assert_eq!(
        domains.iter().map(|d| d.verified).collect::<Vec<_>>(),
        [true, false, false]
    );

    let record: DirectoryGroup = serde_json::from_str(
        r#"{"id":"g","name":"okta-eng","directoryId":"d","externalSynced":true,"managedBy":"external","counts":{"users":7}}"#,
    )
    .expect("decodes");
    let converted = group(record, &mut Interner::default());
    assert!(converted.external_synced);
    assert_eq!(converted.managed_by, Some(GroupManagedBy::External));
    assert_eq!(converted.user_count, Some(7));

    let bare: DirectoryGroup = serde_json::from_str(r#"{"id":"g2"}"#).expect("decodes");
    let converted = group(bare, &mut Interner::default());
    assert_eq!(
        (
            converted.name.as_str(),
            converted.external_synced,
            converted.user_count
        ),
        ("g2", false, None)
    );

    let dir: DirectoryRecord = serde_json::from_str(r#"{"directoryId":"d","name":"Okta"}"#).expect("decodes");
    assert_eq!(directory_info(dir, &mut Interner::default()).name, "Okta");
    let org_record: OrgRecord =
        serde_json::from_str(r#"{"id":"o","attributes":{"name":"Acme"}}"#).expect("decodes");
    assert_eq!(
        org(org_record),
        Org {
            id: "o".into(),
            name: "Acme".into()
        }
    );
}

#[test]
fn repeated_ids_are_shared_across_users_groups_and_directories() {
    let mut interner = Interner::default();
    let dir: DirectoryRecord = serde_json::from_str(r#"{"directoryId":"d-1"}"#).expect("decodes");
    let info = directory_info(dir, &mut interner);
    let listed: DirectoryGroup = serde_json::from_str(r#"{"id":"g1","directoryId":"d-1"}"#).expect("decodes");
    let listed = group(listed, &mut interner);
    let access =
        r#","productAccess":[{"key":"jira","id":"ari:j","lastActiveTimestamp":"2026-01-05T00:00:00Z"}]"#;
    let first = user(user_json(access), Some(&info.id), &mut interner);
    let second = user(user_json(access), Some(&info.id), &mut interner);

    let same = |a: &str, b: &str| std::ptr::eq(a, b);
    assert!(same(first.groups[0].as_str(), listed.id.as_str()));
    assert!(same(second.groups[0].as_str(), listed.id.as_str()));
    let directory_of_group = listed.directory_id.as_ref().map(DirectoryId::as_str);
    assert!(directory_of_group.is_some_and(|id| same(id, info.id.as_str())));
    assert!(same(first.directories[0].as_str(), info.id.as_str()));
    let product = |u: &User| {
        u.activity
            .product(&ProductKey::from("jira"))
            .cloned()
            .expect("jira")
    };
    let (a, b) = (product(&first), product(&second));
    assert!(same(a.product.as_str(), b.product.as_str()));
    let ids = (a.product_id.expect("id"), b.product_id.expect("id"));
    assert!(same(ids.0.as_str(), ids.1.as_str()));
    // Unique per user: not interned.
    assert_eq!(first.account_id, second.account_id);
    assert_eq!(interner.len(), 4);
}

#[test]
fn converted_lists_carry_no_spare_capacity() {
    let mut record =
        user_json(r#","productAccess":[{"key":"jira","id":"ari:j"},{"key":"confluence"},{"key":"trello"}]"#);
    record.groups = Some(
        (0..7)
            .map(|n| GroupRef {
                id: format!("g{n}"),
                name: Some(format!("group {n}")),
                description: None,
            })
            .collect(),
    );
    let converted = user(record, None, &mut Interner::default());
    assert_eq!((converted.groups.len(), converted.groups.capacity()), (7, 7));
    let Activity::Known(products) = &converted.activity else {
        panic!("known")
    };
    assert_eq!((products.len(), products.capacity()), (3, 3));
}

#[test]
fn missing_platform_roles_never_read_as_no_roles() {
    let mut record = user_json("");
    record.platform_roles = None;
    let converted = user(record, None, &mut Interner::default());
    assert_eq!(
        converted.platform_roles,
        vec![PlatformRole::Other(ROLES_NOT_REPORTED.to_owned())]
    );
    let mut record = user_json("");
    record.platform_roles = Some(vec![]);
    assert!(
        user(record, None, &mut Interner::default())
            .platform_roles
            .is_empty()
    );
}
