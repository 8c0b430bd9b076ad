//! `dormant report --from-csv` through the real binary on the sample export in
//! `tests/fixtures/atlassian-export/users.csv` (generated: synthetic names on `acme-demo.test`,
//! the header in an odd order with an extra column, 50 users, one unreadable date and two
//! unreadable rows). The copy's modification time is set, so idle days are exact.

use crate::support::home;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/atlassian-export/users.csv"
);
/// 2026-03-01T09:00:00Z: the date the sample export is given.
const FILE_DATE: u64 = 1_772_355_600;

fn account(n: u32) -> String {
    format!("712020:0c1d2e3f-0000-4000-8000-{n:012}")
}

/// The fixture copied under `home`, dated [`FILE_DATE`].
fn dated_copy(home: &Path) -> PathBuf {
    let path = home.join("export users.csv");
    std::fs::copy(FIXTURE, &path).expect("copy the fixture");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open the copy");
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(FILE_DATE))
        .expect("date the copy");
    path
}

fn report(home: &Path, args: &[&str]) -> Output {
    home::dormant_in(home).args(args).output().expect("dormant runs")
}

#[test]
fn the_sample_export_reports_lanes_and_activity_without_a_key() {
    let home = tempfile::tempdir().expect("home");
    let export = dated_copy(home.path());
    let output = report(
        home.path(),
        &[
            "report",
            "--from-csv",
            export.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(rows.len(), 50, "two unreadable rows are skipped");
    let row = |n: u32| {
        rows.iter()
            .find(|row| row["account_id"] == account(n).as_str())
            .unwrap_or_else(|| panic!("user {n}"))
    };
    let expected = [
        (1, "active", "known"),
        (2, "ready", "known"),
        (3, "review", "known"),
        (4, "ready", "never"),
        (5, "review", "never"),
        (6, "review", "unknown"),
        (7, "protected", "known"),
        (8, "review", "known"),
        (9, "review", "unknown"),
        (10, "ready", "known"),
    ];
    for (n, lane, activity) in expected {
        assert_eq!(row(n)["lane"], lane, "user {n}: {}", row(n));
        assert_eq!(row(n)["activity"], activity, "user {n}: {}", row(n));
    }
    let blair = row(2);
    assert_eq!(blair["days_idle"], 151, "from 1 Oct 2025 to the file's date");
    assert_eq!(blair["products"]["jira"]["last_active"], "2025-10-01T00:00:00Z");
    assert_eq!(blair["products"]["confluence"]["activity"], "never");
    assert_eq!(blair["products"]["jira-service-desk"]["activity"], "no_access");
    assert_eq!(row(1)["groups"], serde_json::json!(["acme-users", "developers"]));
    assert_eq!(row(1)["name"], "Avery Quill");
    assert_eq!(row(1)["email"], "avery.quill@acme-demo.test");

    assert!(stderr.contains("50 users from the user export"), "{stderr}");
    assert!(
        stderr.contains("3 row problem(s) in the export (2 row(s) skipped)"),
        "{stderr}"
    );
    for line in ["line 10 read in part", "line 23 skipped", "line 34 skipped"] {
        assert!(stderr.contains(line), "{line} in {stderr}");
    }
}

#[test]
fn a_file_that_is_not_an_export_is_a_usage_error_naming_the_missing_columns() {
    let home = tempfile::tempdir().expect("home");
    let other = home.path().join("other.csv");
    std::fs::write(&other, "Name,Department\nSomeone,Sales\n").expect("write");
    let output = report(
        home.path(),
        &["report", "--from-csv", other.to_str().expect("utf-8")],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is not an Atlassian \"Export users\" CSV"),
        "{stderr}"
    );
    assert!(stderr.contains("no user id column"), "{stderr}");
    assert!(stderr.contains("\"Department\""), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn from_csv_and_offline_cannot_be_combined() {
    let home = tempfile::tempdir().expect("home");
    let output = report(home.path(), &["report", "--from-csv", FIXTURE, "--offline"]);
    assert_eq!(output.status.code(), Some(2));
}

/// A small export: groups one typo away from each other, a blank "Last seen" beside access.
const TYPO_EXPORT: &str = "\
User id,email,User status,Added to org,Group name,Jira - acme,Last seen in Jira - acme
u1,ann@acme.test,Active,01 Jan 2024,\"freelancers,staff\",User,01 Jan 2025
u2,bea@acme.test,Active,01 Jan 2024,contractors-eu,User,Never accessed
u3,cal@acme.test,Active,01 Jan 2024,staff,User,
u4,dan@acme.test,Active,01 Jan 2024,staff,User,20 Feb 2026
";

fn typo_export(home: &Path) -> PathBuf {
    let path = home.join("typos.csv");
    std::fs::write(&path, TYPO_EXPORT).expect("write the export");
    let file = std::fs::File::options().write(true).open(&path).expect("open");
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(FILE_DATE))
        .expect("date the export");
    path
}

/// Issue 15, hole 3: `group:contractors` (no such group) gave 0 rows and exit 0, and a typo in a
/// negated group protected nobody. Both are usage errors naming the closest groups.
#[test]
fn a_filter_naming_a_group_the_org_lacks_exits_2_naming_the_closest_groups() {
    let home = tempfile::tempdir().expect("home");
    let export = typo_export(home.path());
    let export = export.to_str().expect("utf-8 path");
    for (filter, expected) in [
        (
            "group:contractors",
            "no group named `contractors`; did you mean `contractors-eu`, `freelancers` or `staff`?",
        ),
        (
            "lane:ready !group:freelancer",
            "no group named `freelancer`; did you mean `freelancers`, ",
        ),
        (
            "domain:acme.tset",
            "no user has an email at `acme.tset`; did you mean `acme.test`?",
        ),
        (
            "conf:>30",
            "no one in this org has Confluence (`conf:`); did you mean `jira`?",
        ),
        ("idle:>90 OR", "`OR` needs a term on each side"),
        ("(lane:ready", "this `(` is never closed"),
    ] {
        let output = report(home.path(), &["report", "--from-csv", export, "--filter", filter]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{filter}: {stderr}");
        assert!(stderr.contains(expected), "{filter}: {stderr}");
        assert!(output.stdout.is_empty(), "{filter}");
    }
}

/// `OR` is the union, not a search word; value lists are an OR; a blank "Last seen" beside
/// access (issue 15, hole 7) is unknown activity, so that user is in review, not ready.
#[test]
fn or_and_value_lists_select_the_union_and_a_blank_beside_access_is_review() {
    let home = tempfile::tempdir().expect("home");
    let export = typo_export(home.path());
    let export = export.to_str().expect("utf-8 path");
    let ids = |filter: &str| -> Vec<String> {
        let output = report(
            home.path(),
            &[
                "report",
                "--from-csv",
                export,
                "--format",
                "json",
                "--filter",
                filter,
                "--sort",
                "email",
            ],
        );
        assert!(
            output.status.success(),
            "{filter}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json");
        rows.iter()
            .map(|row| row["account_id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(ids("idle:>90 OR lane:review"), ["u1", "u2", "u3"]);
    assert_eq!(ids("lane:ready,review"), ids("lane:ready OR lane:review"));
    assert_eq!(ids("lane:review"), ["u3"], "the blank beside access");
    assert_eq!(ids("idle:unknown"), ["u3"]);
    assert_eq!(ids("lane:ready"), ["u1", "u2"]);
    assert_eq!(ids("!group:freelancers,contractors-eu"), ["u3", "u4"]);
}
