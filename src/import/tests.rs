//! The export parser over small in-memory files: every value form, header detection, merged
//! group rows, and unreadable rows reported with their lines.

use super::*;
use crate::directory::{Activity, GroupId, PlatformRole, ProductKey, User, UserStatus};
use chrono::TimeZone;

fn org() -> Org {
    Org {
        id: "org-1".to_owned(),
        name: "Acme".to_owned(),
    }
}

fn file_date() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("valid")
}

fn parse(text: &str) -> CsvImport {
    parse_export(text.as_bytes(), Path::new("users.csv"), file_date(), org()).expect("an export")
}

fn user<'a>(import: &'a CsvImport, id: &str) -> &'a User {
    import
        .directory
        .users
        .iter()
        .find(|user| user.account_id.as_str() == id)
        .unwrap_or_else(|| panic!("user {id}"))
}

fn day(m: u32, d: u32) -> Option<DateTime<Utc>> {
    Utc.with_ymd_and_hms(2026, m, d, 0, 0, 0).single()
}

const EXPORT: &str = "\
User id,User name,email,User status,Added to org,Org role,Group name,Jira - acme,Last seen in Jira - acme,Last seen in Confluence - acme
u1,Ada,ada@example.test,Active,5 Jan 2026,Basic,\"devs,admins\",User,14 Feb 2026,Never accessed
u2,Bob,bob@example.test,Suspended,2025-11-30,,,User,,
u3,Cy,cy@example.test,Active,,Organization admin,,,3 Jan 2026,Invite pending
u4,Di,di@example.test,Active,,,,User,yesterday,Never
,Nobody,nobody@example.test,Active,,,,,,
u5,Ed,ed@example.test,Active
u6,Flo,flo@example.test,Invite pending,,,,User,Unknown,
u1,Ada,ada@example.test,Active,5 Jan 2026,Basic,testers,User,14 Feb 2026,Never accessed
";

#[test]
fn every_value_form_reads_as_never_known_or_unknown() {
    let import = parse(EXPORT);
    let ada = user(&import, "u1");
    assert_eq!(ada.name, "Ada");
    assert_eq!(ada.status, UserStatus::Active);
    assert_eq!(ada.added_to_org, day(1, 5));
    let Activity::Known(products) = &ada.activity else {
        panic!("known activity")
    };
    assert_eq!(products.len(), 2);
    assert_eq!(products[0].product, ProductKey::from("jira"));
    assert_eq!(
        products[0]
            .product_id
            .as_ref()
            .map(crate::directory::ProductId::as_str),
        Some("acme")
    );
    assert_eq!(products[0].last_active, day(2, 14));
    assert_eq!(products[1].product, ProductKey::from("confluence"));
    assert_eq!(
        products[1].last_active, None,
        "never accessed is known, not unknown"
    );

    // Access to Jira and a blank "Last seen" beside it: the export does not say never, so unknown.
    let bob = user(&import, "u2");
    assert_eq!(bob.status, UserStatus::Suspended);
    assert_eq!(
        bob.activity,
        Activity::Unknown,
        "a blank beside access is not never"
    );

    // An empty access column wins over a date; "Invite pending" is never used.
    let cy = user(&import, "u3");
    assert_eq!(cy.platform_roles, vec![PlatformRole::OrgAdmin]);
    let Activity::Known(products) = &cy.activity else {
        panic!("known activity")
    };
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].product, ProductKey::from("confluence"));
    assert_eq!(products[0].last_active, None);

    assert_eq!(
        user(&import, "u4").activity,
        Activity::Unknown,
        "an unreadable date"
    );
    assert_eq!(
        user(&import, "u6").activity,
        Activity::Unknown,
        "the export says unknown"
    );
    assert_eq!(
        user(&import, "u6").status,
        UserStatus::Other("invite pending".to_owned())
    );
}

#[test]
fn repeated_rows_merge_groups_and_the_directory_is_dated_by_the_file() {
    let import = parse(EXPORT);
    assert_eq!(import.directory.users.len(), 5);
    let ada = user(&import, "u1");
    let groups: Vec<&str> = ada.groups.iter().map(GroupId::as_str).collect();
    assert_eq!(groups, ["devs", "admins", "testers"]);
    let names: Vec<(&str, Option<u64>)> = import
        .directory
        .groups
        .iter()
        .map(|group| (group.name.as_str(), group.user_count))
        .collect();
    assert_eq!(
        names,
        [("admins", Some(1)), ("devs", Some(1)), ("testers", Some(1))]
    );
    assert_eq!(import.directory.loaded_at, file_date());
    assert_eq!(
        import.directory.source,
        DataSource::CsvExport {
            path: PathBuf::from("users.csv"),
            file_date: file_date()
        }
    );
}

#[test]
fn unreadable_rows_are_reported_with_their_lines() {
    let import = parse(EXPORT);
    let lines: Vec<(u64, bool)> = import.problems.iter().map(|p| (p.line, p.kept)).collect();
    assert_eq!(lines, [(5, true), (6, false), (7, false)]);
    assert!(import.problems[0].reason.contains("\"yesterday\""));
    assert!(import.problems[1].reason.contains("user id is empty"));
    assert!(
        import.problems[2]
            .reason
            .contains("4 fields where the header has 10")
    );
    let summary = import.problem_summary(2).expect("a summary");
    assert!(
        summary.starts_with("3 row problem(s) in the export (2 row(s) skipped): line 5"),
        "{summary}"
    );
    assert!(summary.ends_with("; and 1 more"), "{summary}");
}

#[test]
fn quoted_line_breaks_and_non_utf8_rows_keep_line_numbers_right() {
    let mut bytes = b"email,User id,User name\n\"a@x.test\",a,\"Two\nLines\"\nb@x.test,b,".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\nc@x.test,c,Cee\n");
    let import = parse_export(&bytes, Path::new("x.csv"), file_date(), org()).expect("an export");
    assert_eq!(import.directory.users.len(), 2);
    assert_eq!(
        user(&import, "a").name,
        "Two\nLines",
        "kept as is; renderers sanitise"
    );
    assert_eq!(
        user(&import, "c").activity,
        Activity::Unknown,
        "no activity columns at all"
    );
    assert_eq!(import.problems.len(), 1);
    assert_eq!(import.problems[0].line, 4);
    assert!(import.problems[0].reason.contains("UTF-8"));
}

#[test]
fn the_export_belongs_to_the_configured_org_or_a_named_placeholder() {
    let configured: OrgId = "org-9".parse().expect("org id");
    assert_eq!(export_org(Some(&configured)).id, "org-9");
    assert_eq!(unknown_org_id().as_str(), UNKNOWN_ORG_ID);
    for unknown in [None, Some(&unknown_org_id())] {
        let org = export_org(unknown);
        assert_eq!(
            (org.id.as_str(), org.name.as_str()),
            (UNKNOWN_ORG_ID, "user export")
        );
    }
}

#[test]
fn a_file_that_is_not_an_export_names_what_is_missing() {
    let error = parse_export(
        b"Name,Status\nAda,Active\n",
        Path::new("x.csv"),
        file_date(),
        org(),
    )
    .expect_err("not an export");
    let text = error.to_string();
    assert!(
        text.contains("no user id column (\"User id\") and no email column"),
        "{text}"
    );
    assert!(text.contains("found columns: \"Name\", \"Status\""), "{text}");
    assert!(matches!(
        parse_export(b"", Path::new("x.csv"), file_date(), org()),
        Err(ImportError::Empty { .. })
    ));
}

#[test]
fn a_file_larger_than_the_bound_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.csv");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(MAX_EXPORT_BYTES + 1).expect("sparse file");
    let error = read_export(&path, org()).expect_err("too large");
    assert!(
        matches!(error, ImportError::Read(FileError::TooLarge { .. })),
        "{error}"
    );
}

proptest::proptest! {
    /// Whatever follows a valid header, the parser loads or reports each line and never panics;
    /// every user it keeps has a non-empty id.
    #[test]
    fn any_body_loads_or_is_reported(body in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let mut bytes = b"User id,email,Last seen in Jira,Group name\n".to_vec();
        bytes.extend_from_slice(&body);
        let import = parse_export(&bytes, Path::new("x.csv"), file_date(), org()).expect("a header");
        proptest::prop_assert!(import.directory.users.iter().all(|user| !user.account_id.as_str().is_empty()));
        proptest::prop_assert!(import.problems.iter().all(|problem| problem.line >= 2));
    }
}

/// Issue 15, hole 7: a blank "Last seen" cell beside product access once read as "never active",
/// so an active, long-added user became cleanup-ready on missing data.
#[test]
fn a_blank_last_seen_beside_access_is_unknown_activity_and_lands_in_review() {
    use crate::directory::{DirectoryIndex, Exclusions, Lane, Policy};
    let export = "\
User id,email,User status,Added to org,Jira - acme,Last seen in Jira - acme,Confluence - acme,Last seen in Confluence - acme
blank,blank@example.test,Active,5 Jan 2020,User,,User,14 Feb 2025
never,never@example.test,Active,5 Jan 2020,User,Never accessed,User,Never
noseat,noseat@example.test,Active,5 Jan 2020,,,User,14 Feb 2025
";
    let import = parse(export);
    assert_eq!(user(&import, "blank").activity, Activity::Unknown);
    assert!(
        user(&import, "never").activity.is_never_active(),
        "the export's own words mean never"
    );
    let Activity::Known(products) = &user(&import, "noseat").activity else {
        panic!("known activity: a blank beside no access is no seat")
    };
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].product, ProductKey::from("confluence"));

    let index = DirectoryIndex::build(
        std::sync::Arc::new(import.directory),
        &Policy::default(),
        &Exclusions::default(),
        file_date(),
    );
    let lane = |id: &str| index.lane(index.row_of(&id.into()).expect("present"));
    assert_eq!(
        lane("blank"),
        Lane::NeedsReview,
        "missing data never makes anyone cleanup-ready"
    );
    assert_eq!(lane("never"), Lane::CleanupReady);
    assert_eq!(lane("noseat"), Lane::CleanupReady);
}
