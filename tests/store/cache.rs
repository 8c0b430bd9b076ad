//! The local store seam: atomic files, permissions and directory snapshots on a real file system
//! (a temporary directory per test).

use chrono::{DateTime, TimeZone, Utc};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryInfo, Domain, Group, GroupId, GroupManagedBy, ManagementSource, MembershipStatus, Org,
    PlatformRole, ProductActivity, ProductId, ProductKey, Role, RoleGrant, Site, User, UserStatus,
};
use dormant::store::{CacheRead, Paths, SnapshotCache, atomic};
use std::fs;
use std::path::Path;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0)
        .single()
        .expect("valid date")
}

fn user(id: &str, name: &str, activity: Activity) -> User {
    User {
        account_id: AccountId::from(id),
        account_type: AccountType::Atlassian,
        name: name.to_owned(),
        nickname: None,
        email: Some(format!("{id}@example.com")),
        claim_status: ClaimStatus::Managed,
        management_source: Some(ManagementSource::Synced),
        status: UserStatus::Active,
        account_status: AccountStatus::Active,
        membership_status: MembershipStatus::Active,
        platform_roles: vec![],
        added_to_org: Some(at(1, 9)),
        activity,
        groups: vec![GroupId::from("g-1")],
        directories: vec![DirectoryId::from("dir-1")],
    }
}

fn directory(org_id: &str) -> Directory {
    let jira = |day: Option<u32>| ProductActivity {
        product: ProductKey::from("jira"),
        product_id: Some(ProductId::from("ari:cloud:jira::site/1")),
        last_active: day.map(|d| at(d, 10)),
    };
    let mut odd = user(
        "u-3",
        "Zoë \u{202e}evil\u{1b}[31m",
        Activity::Known(vec![jira(None)]),
    );
    odd.status = UserStatus::Other("archived_by_robot".to_owned());
    odd.platform_roles = vec![
        PlatformRole::OrgAdmin,
        PlatformRole::Other("atlassian/new-role".to_owned()),
    ];
    odd.email = None;
    odd.management_source = None;
    Directory {
        org: Org {
            id: org_id.to_owned(),
            name: "Acme".to_owned(),
        },
        directories: vec![DirectoryInfo {
            id: DirectoryId::from("dir-1"),
            name: "Main".to_owned(),
        }],
        domains: vec![Domain {
            name: "example.com".to_owned(),
            verified: true,
        }],
        groups: vec![Group {
            id: GroupId::from("g-1"),
            name: "jira-users".to_owned(),
            description: Some("Default".to_owned()),
            directory_id: Some(DirectoryId::from("dir-1")),
            external_synced: true,
            managed_by: Some(GroupManagedBy::Other("robots".to_owned())),
            user_count: Some(3),
            grants: vec![RoleGrant {
                site: ProductId::from("ari:cloud:jira::site/s-1"),
                product: ProductKey::from("jira"),
                roles: vec![Role::User, Role::from("atlassian/new-role")],
            }],
            modifiable: Some(false),
        }],
        sites: vec![Site {
            id: ProductId::from("ari:cloud:jira::site/s-1"),
            product: ProductKey::from("jira"),
            name: "acme-eu".to_owned(),
            host_url: Some("https://acme-eu.atlassian.net".to_owned()),
        }],
        users: vec![
            user("u-1", "Ada", Activity::Known(vec![jira(Some(2))])),
            user("u-2", "Bob", Activity::Unknown),
            odd,
        ],
        loaded_at: at(9, 8),
        source: DataSource::Api {
            base_url: "http://127.0.0.1:9000/".to_owned(),
        },
    }
}

fn cache_in(root: &Path) -> SnapshotCache {
    SnapshotCache::new(&Paths::under(root))
}

fn ignored_warning(read: CacheRead) -> String {
    match read {
        CacheRead::Ignored { warning } => {
            assert!(!warning.contains('\n'), "one line: {warning}");
            warning
        }
        other => panic!("expected Ignored, got {other:?}"),
    }
}

#[test]
fn snapshot_round_trips_and_says_it_came_from_the_cache() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let original = directory("org-1");
    let path = cache.save(&original, at(9, 9)).expect("saves");
    assert_eq!(path, cache.path_for("org-1"));

    let CacheRead::Loaded(snapshot) = cache.load("org-1") else {
        panic!("expected a snapshot")
    };
    assert_eq!(snapshot.saved_at, at(9, 9));
    assert_eq!(snapshot.path, path);
    assert_eq!(snapshot.directory.loaded_at, original.loaded_at);
    assert_eq!(
        snapshot.directory.source,
        DataSource::Cache {
            base_url: "http://127.0.0.1:9000/".to_owned()
        }
    );
    let mut expected = original;
    expected.source = snapshot.directory.source.clone();
    assert_eq!(snapshot.directory, expected);
}

#[test]
fn a_directory_read_from_a_csv_export_still_says_so_when_reopened() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let mut original = directory("org-1");
    original.source = DataSource::CsvExport {
        path: std::path::PathBuf::from("/exports/users.csv"),
        file_date: at(9, 7),
    };
    cache.save(&original, at(9, 9)).expect("saves");
    let CacheRead::Loaded(snapshot) = cache.load("org-1") else {
        panic!("expected a snapshot")
    };
    assert_eq!(snapshot.directory, original);
}

#[test]
fn saving_again_replaces_the_snapshot() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let mut directory = directory("org-1");
    cache.save(&directory, at(9, 9)).expect("saves");
    directory.users.truncate(1);
    cache.save(&directory, at(10, 9)).expect("saves again");
    let CacheRead::Loaded(snapshot) = cache.load("org-1") else {
        panic!("expected a snapshot")
    };
    assert_eq!(snapshot.directory.users.len(), 1);
    assert_eq!(snapshot.saved_at, at(10, 9));
    let leftovers: Vec<_> = fs::read_dir(root.path().join("cache/snapshots"))
        .expect("lists")
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn missing_snapshot_is_missing() {
    let root = tempfile::tempdir().expect("tempdir");
    assert_eq!(cache_in(root.path()).load("org-1"), CacheRead::Missing);
}

#[test]
fn other_format_version_is_ignored_with_a_warning() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let path = cache.save(&directory("org-1"), at(9, 9)).expect("saves");
    let text = fs::read_to_string(&path).expect("reads");
    assert!(
        text.starts_with(r#"{"format":"dormant-directory-snapshot","version":1,"#),
        "{}",
        &text[..80]
    );
    // A future version may change the directory's shape entirely; it must not even be parsed.
    let future = text.replacen(r#""version":1"#, r#""version":2"#, 1).replacen(
        r#""users":["#,
        r#""users":{"renamed":["#,
        1,
    );
    fs::write(&path, future).expect("writes");
    let warning = ignored_warning(cache.load("org-1"));
    assert!(
        warning.contains("another version of dormant (snapshot format 2"),
        "{warning}"
    );
    assert!(warning.contains(&path.display().to_string()), "{warning}");
}

#[test]
fn corrupt_truncated_and_foreign_files_are_ignored() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let path = cache.save(&directory("org-1"), at(9, 9)).expect("saves");
    let good = fs::read(&path).expect("reads");

    fs::write(&path, &good[..good.len() / 2]).expect("writes");
    assert!(ignored_warning(cache.load("org-1")).contains("truncated"));

    fs::write(&path, b"").expect("writes");
    assert!(ignored_warning(cache.load("org-1")).contains("truncated"));

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] = b'\x01';
    fs::write(&path, &flipped).expect("writes");
    assert!(ignored_warning(cache.load("org-1")).contains("damaged"));

    fs::write(&path, b"\xff\xfe not json \x1b[2J").expect("writes");
    let warning = ignored_warning(cache.load("org-1"));
    assert!(!warning.contains('\u{1b}'), "{warning:?}");

    fs::write(
        &path,
        br#"{"format":"something-else","version":1,"org_id":"org-1","directory":{}}"#,
    )
    .expect("writes");
    assert!(ignored_warning(cache.load("org-1")).contains("not a dormant directory snapshot"));

    let mut trailing = good.clone();
    trailing.extend_from_slice(b" {}");
    fs::write(&path, trailing).expect("writes");
    assert!(ignored_warning(cache.load("org-1")).contains("damaged"));
}

#[test]
fn snapshot_of_another_org_is_ignored() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let path = cache.save(&directory("org-1"), at(9, 9)).expect("saves");
    fs::copy(&path, cache.path_for("org-2")).expect("copies");
    let warning = ignored_warning(cache.load("org-2"));
    assert!(warning.contains("another org (org-1)"), "{warning}");

    // A header edited to claim org-2 while the directory is still org-1's.
    let text = fs::read_to_string(&path).expect("reads");
    fs::write(
        cache.path_for("org-2"),
        text.replacen(r#""org_id":"org-1""#, r#""org_id":"org-2""#, 1),
    )
    .expect("writes");
    assert!(ignored_warning(cache.load("org-2")).contains("different orgs"));
}

#[test]
fn hostile_org_ids_stay_inside_the_snapshots_directory() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    let snapshots = root.path().join("cache").join("snapshots");
    for org_id in ["../../escape", "/etc/passwd", "a\\b", "..", ""] {
        let path = cache.save(&directory(org_id), at(9, 9)).expect("saves");
        assert_eq!(path.parent(), Some(snapshots.as_path()), "{org_id:?}");
        assert!(matches!(cache.load(org_id), CacheRead::Loaded(_)), "{org_id:?}");
    }
}

#[test]
fn stored_lists_the_orgs_from_their_headers() {
    let root = tempfile::tempdir().expect("tempdir");
    let cache = cache_in(root.path());
    assert!(cache.stored().expect("lists").headers.is_empty());
    cache.save(&directory("org-b"), at(9, 9)).expect("saves");
    cache.save(&directory("org-a"), at(8, 9)).expect("saves");
    fs::write(root.path().join("cache/snapshots/broken.json"), b"{\"format\":").expect("writes");
    let stored = cache.stored().expect("lists");
    let orgs: Vec<_> = stored
        .headers
        .iter()
        .map(|header| (header.org_id.as_str(), header.saved_at))
        .collect();
    assert_eq!(orgs, vec![("org-a", at(8, 9)), ("org-b", at(9, 9))]);
    assert_eq!(stored.warnings.len(), 1, "{:?}", stored.warnings);
    assert!(stored.warnings[0].contains("broken.json"));
}

#[cfg(unix)]
#[test]
fn snapshot_and_directories_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("tempdir");
    let path = cache_in(root.path())
        .save(&directory("org-1"), at(9, 9))
        .expect("saves");
    let mode = |path: &Path| fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&root.path().join("cache")), 0o700);
    assert_eq!(mode(&root.path().join("cache/snapshots")), 0o700);
}

#[test]
fn atomic_write_replaces_content_whole() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("config.toml");
    atomic::write(&path, b"first").expect("writes");
    atomic::write(&path, b"second, longer content").expect("replaces");
    assert_eq!(fs::read(&path).expect("reads"), b"second, longer content");
    atomic::write(&path, b"3").expect("replaces with shorter");
    assert_eq!(atomic::read_to_string_bounded(&path, 16).expect("reads"), "3");
}

#[test]
fn failed_write_leaves_the_old_file_and_no_litter() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("journal.json");
    atomic::write(&path, b"old content").expect("writes");
    let error = atomic::write_with(&path, |out| {
        out.write_all(b"half of the new")?;
        Err(std::io::Error::other("disk full"))
    })
    .expect_err("fails");
    assert!(error.to_string().contains("disk full"), "{error}");
    assert_eq!(fs::read(&path).expect("reads"), b"old content");
    let names: Vec<_> = fs::read_dir(root.path())
        .expect("lists")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("journal.json")]);

    let missing_dir = root.path().join("no-such-dir").join("file");
    let error = atomic::write(&missing_dir, b"x").expect_err("no directory");
    assert!(
        error.to_string().contains("no-such-dir"),
        "names the path: {error}"
    );
}

#[cfg(unix)]
#[test]
fn atomic_files_are_0600_and_created_dirs_0700() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("a").join("b");
    atomic::create_private_dir(&dir).expect("creates");
    let path = dir.join("secret.json");
    atomic::write(&path, b"{}").expect("writes");
    let mode = |path: &Path| fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&root.path().join("a")), 0o700);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    // Replacing a file someone made world-readable makes it private again.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    atomic::write(&path, b"{\"v\":2}").expect("writes");
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn bounded_read_refuses_oversized_files() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("big");
    fs::write(&path, vec![b'x'; 100]).expect("writes");
    let error = atomic::read_bounded(&path, 99).expect_err("too large");
    assert!(error.to_string().contains("100 bytes"), "{error}");
    assert_eq!(atomic::read_bounded(&path, 100).expect("fits").len(), 100);
    assert!(
        atomic::read_bounded(&root.path().join("nope"), 10)
            .expect_err("missing")
            .is_not_found()
    );
    fs::write(&path, b"ok \xff").expect("writes");
    assert!(atomic::read_to_string_bounded(&path, 10).is_err());
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["\\PC{0,12}", "[\"\\\\\u{0}-\u{1f}\u{7f}-\u{9f}\u{202e}a]{0,6}"]
    }

    fn time() -> impl Strategy<Value = DateTime<Utc>> {
        (
            -10_000_000_000_i64..10_000_000_000,
            prop_oneof![Just(0_u32), 0_u32..1_000_000_000],
        )
            .prop_map(|(seconds, nanos)| DateTime::from_timestamp(seconds, nanos).expect("in range"))
    }

    fn word(known: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![proptest::sample::select(known).prop_map(str::to_owned), text()]
    }

    fn activity() -> impl Strategy<Value = Activity> {
        let product = (
            word(&["jira", "confluence"]),
            proptest::option::of(text()),
            proptest::option::of(time()),
        )
            .prop_map(|(key, product_id, last_active)| ProductActivity {
                product: ProductKey::from(key),
                product_id: product_id.map(ProductId::from),
                last_active,
            });
        prop_oneof![
            Just(Activity::Unknown),
            proptest::collection::vec(product, 0..4).prop_map(Activity::Known)
        ]
    }

    fn any_user() -> impl Strategy<Value = User> {
        let names = (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
        );
        let kinds = (
            word(&["atlassian", "app"]),
            word(&["managed"]),
            proptest::option::of(word(&["synced"])),
            word(&["active", "suspended"]),
            word(&["active"]),
            word(&["no_membership"]),
        );
        let rest = (
            proptest::collection::vec(word(&["atlassian/org-admin"]), 0..3),
            proptest::option::of(time()),
            activity(),
            proptest::collection::vec(word(&["g-1", "g-2"]), 0..4),
            proptest::collection::vec(word(&["dir-1"]), 0..2),
        );
        (names, kinds, rest).prop_map(
            |(
                (account_id, name, nickname, email),
                (account_type, claim, source, status, account_status, membership),
                (roles, added_to_org, activity, groups, directories),
            )| User {
                account_id: AccountId::from(account_id),
                account_type: AccountType::from(account_type.as_str()),
                name,
                nickname,
                email,
                claim_status: ClaimStatus::from(claim.as_str()),
                management_source: source.as_deref().map(ManagementSource::from),
                status: UserStatus::from(status.as_str()),
                account_status: AccountStatus::from(account_status.as_str()),
                membership_status: MembershipStatus::from(membership.as_str()),
                platform_roles: roles
                    .iter()
                    .map(|role| PlatformRole::from(role.as_str()))
                    .collect(),
                added_to_org,
                activity,
                groups: groups.into_iter().map(GroupId::from).collect(),
                directories: directories.into_iter().map(DirectoryId::from).collect(),
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_directory_reopens_equal(users in proptest::collection::vec(any_user(), 0..6), loaded_at in time()) {
            let root = tempfile::tempdir().expect("tempdir");
            let cache = cache_in(root.path());
            let mut original = directory("org-p");
            original.users = users;
            original.loaded_at = loaded_at;
            cache.save(&original, at(9, 9)).expect("saves");
            let CacheRead::Loaded(snapshot) = cache.load("org-p") else {
                return Err(TestCaseError::fail("not reopened"));
            };
            original.source = DataSource::Cache { base_url: "http://127.0.0.1:9000/".to_owned() };
            prop_assert_eq!(snapshot.directory, original);
        }
    }
}
