//! The report's selection seam: `--filter` and `--sort` applied to a classified org, the default
//! triage order, lanes and reasons in every format, and parse errors with a caret under the
//! offending part.

use crate::support::users as support;

use dormant::directory::{Activity, DirectoryIndex, Exclusions, Lane, PlatformRole, Policy, UserStatus};
use dormant::report::{Format, RowOrder, Selection, SelectionError, check_syntax, render};
use std::sync::Arc;
use support::{UserBuilder, directory, group, now};

/// Twelve users, at least two per lane, with ties and undated rows inside lanes.
fn index() -> DirectoryIndex {
    let users = vec![
        UserBuilder::new("a-1", "Zed Ready")
            .products(&[("jira", Some(200))])
            .build(),
        UserBuilder::new("a-2", "Amy Ready")
            .products(&[("jira", Some(120))])
            .build(),
        UserBuilder::new("a-3", "Bob Ready")
            .products(&[("jira", Some(200))])
            .build(),
        UserBuilder::new("a-4", "Never Ready")
            .products(&[("jira", None)])
            .added(Some(300))
            .build(),
        UserBuilder::new("b-1", "Unknown Review")
            .activity(Activity::Unknown)
            .build(),
        UserBuilder::new("b-2", "Mixed Review")
            .products(&[("jira", Some(150)), ("confluence", Some(3))])
            .groups(&["g-1"])
            .build(),
        UserBuilder::new("b-3", "Suspended Review")
            .products(&[("jira", Some(400))])
            .status(UserStatus::Suspended)
            .build(),
        UserBuilder::new("c-1", "Cat Active")
            .products(&[("jira", Some(1))])
            .build(),
        UserBuilder::new("c-2", "Dan Active")
            .products(&[("confluence", Some(10)), ("loom", Some(4))])
            .build(),
        UserBuilder::new("d-1", "Org Admin")
            .role(PlatformRole::OrgAdmin)
            .products(&[("jira", Some(500))])
            .build(),
        UserBuilder::new("d-2", "Build Bot")
            .email(Some("build@serviceaccount.atlassian.com"))
            .build(),
        UserBuilder::new("a-5", "Synced Ready")
            .synced()
            .products(&[("confluence", Some(95))])
            .build(),
    ];
    DirectoryIndex::build(
        Arc::new(directory(users, vec![group("g-1", "Engineering")])),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    )
}

fn names(index: &DirectoryIndex, rows: &[u32]) -> Vec<String> {
    rows.iter().map(|&row| index.user(row).name.clone()).collect()
}

fn selected(index: &DirectoryIndex, filter: Option<&str>, sort: Option<&str>) -> Vec<String> {
    let selection = Selection::parse(index, filter, sort).expect("valid flags");
    names(index, &selection.rows(index))
}

fn json(index: &DirectoryIndex, filter: Option<&str>, sort: Option<&str>) -> Vec<serde_json::Value> {
    let selection = Selection::parse(index, filter, sort).expect("valid flags");
    let mut out = Vec::new();
    render(index, &selection, Format::Json, &mut out).expect("renders");
    let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    value.as_array().expect("array").clone()
}

#[test]
fn default_order_is_lane_then_most_idle_with_undated_rows_last_in_their_lane() {
    let index = index();
    assert_eq!(
        selected(&index, None, None),
        [
            // Ready: 300 days (never active, since added), then the 200-day tie by name, …
            "Never Ready",
            "Bob Ready",
            "Zed Ready",
            "Amy Ready",
            "Synced Ready",
            // Review: dated, most idle first, then unknown activity.
            "Suspended Review",
            "Mixed Review",
            "Unknown Review",
            "Dan Active",
            "Cat Active",
            "Org Admin",
            "Build Bot",
        ]
    );
    let lanes: Vec<Lane> = Selection::default()
        .rows(&index)
        .iter()
        .map(|&row| index.lane(row))
        .collect();
    assert!(lanes.is_sorted(), "{lanes:?}");
    assert_eq!(Selection::default().order, RowOrder::Triage);
}

#[test]
fn filter_selects_and_sort_orders() {
    let index = index();
    assert_eq!(
        selected(&index, Some("lane:ready"), Some("name")),
        [
            "Amy Ready",
            "Bob Ready",
            "Never Ready",
            "Synced Ready",
            "Zed Ready"
        ]
    );
    assert_eq!(
        selected(&index, Some("lane:review"), Some("name:desc")),
        ["Unknown Review", "Suspended Review", "Mixed Review"]
    );
    assert_eq!(
        selected(&index, Some("!lane:ready !lane:review !lane:protected"), None),
        ["Dan Active", "Cat Active"]
    );
    assert_eq!(
        selected(&index, Some("group:engineering"), None),
        ["Mixed Review"]
    );
    // A product only this org has is a term and a column once the org is loaded.
    assert_eq!(
        selected(&index, Some("loom:<30"), Some("loom:desc")),
        ["Dan Active"]
    );
    assert_eq!(
        selected(&index, Some("idle:>100 !type:admin"), Some("idle:desc")),
        [
            "Suspended Review",
            "Never Ready",
            "Bob Ready",
            "Zed Ready",
            "Amy Ready"
        ]
    );
    assert!(selected(&index, Some("nobody-is-called-this"), None).is_empty());
    assert!(json(&index, Some("nobody-is-called-this"), None).is_empty());
}

#[test]
fn every_format_carries_lane_and_reasons() {
    let index = index();
    let rows = json(&index, Some("lane:ready"), Some("name"));
    assert_eq!(rows.len(), 5);
    for row in &rows {
        assert_eq!(row["lane"], "ready", "{row}");
        let reasons = row["reasons"].as_array().expect("reasons array");
        assert!(
            !reasons.is_empty() && reasons.iter().all(serde_json::Value::is_string),
            "{row}"
        );
    }
    let synced = &rows[3];
    assert_eq!(synced["name"], "Synced Ready");
    assert_eq!(
        synced["reasons"],
        serde_json::json!([
            "idle 95 days on every product (threshold 90)",
            "synced from the identity provider (account lifecycle changes must be made there)"
        ])
    );

    let selection = Selection::parse(&index, Some("type:synced"), None).expect("valid");
    let mut out = Vec::new();
    render(&index, &selection, Format::Csv, &mut out).expect("renders");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader.headers().expect("header").clone();
    let lane = headers.iter().position(|h| h == "lane").expect("lane column");
    let reasons = headers
        .iter()
        .position(|h| h == "reasons")
        .expect("reasons column");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][lane], "ready");
    assert_eq!(
        &records[0][reasons],
        "idle 95 days on every product (threshold 90); synced from the identity provider (account \
         lifecycle changes must be made there)"
    );

    let selection = Selection::parse(&index, Some("lane:protected"), Some("name")).expect("valid");
    let mut out = Vec::new();
    render(&index, &selection, Format::Table, &mut out).expect("renders");
    let table = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].contains("  LANE  ") && lines[0].ends_with("REASONS"),
        "{table}"
    );
    assert!(lines[1].contains("Build Bot") && lines[1].contains("  protected  "));
    assert!(
        lines[1].ends_with("service account (@serviceaccount.atlassian.com)"),
        "{table}"
    );
    assert!(lines[2].ends_with("org admin (atlassian/org-admin)"), "{table}");
}

#[test]
fn filter_errors_point_at_the_term_and_say_what_is_valid() {
    let index = index();
    let error = Selection::parse(&index, Some("lane:ready idle:>abc"), None).expect_err("bad days");
    assert!(matches!(error, SelectionError::Filter { .. }));
    let message = error.to_string();
    let lines: Vec<&str> = message.lines().collect();
    assert!(
        lines[0].starts_with("invalid --filter: `idle:>abc` (character 12)"),
        "{message}"
    );
    assert!(lines[0].contains("Valid: >N, <N"), "{message}");
    assert_eq!(lines[1], "  lane:ready idle:>abc");
    assert_eq!(lines[2], "             ^^^^^^^^^");

    let wide = Selection::parse(&index, Some("山田 lane:nope"), None).expect_err("bad lane");
    let message = wide.to_string();
    assert!(
        message.contains("ready, review, active") || message.contains("ready|review"),
        "{message}"
    );
    assert!(
        message.ends_with("\n  山田 lane:nope\n       ^^^^^^^^^"),
        "{message}"
    );

    let quote = Selection::parse(&index, Some("group:\"product team"), None).expect_err("unclosed");
    assert!(quote.to_string().contains("never closed"), "{quote}");
}

#[test]
fn sort_errors_point_at_the_field_or_the_direction() {
    let index = index();
    let field = Selection::parse(&index, None, Some("nmae:desc")).expect_err("typo");
    assert!(matches!(field, SelectionError::Sort { .. }));
    let message = field.to_string();
    assert!(
        message.starts_with("invalid --sort: cannot sort by `nmae:desc`"),
        "{message}"
    );
    assert!(message.contains("last-active"), "lists the columns: {message}");
    assert!(message.ends_with("\n  nmae:desc\n  ^^^^"), "{message}");

    let direction = Selection::parse(&index, None, Some("name:down")).expect_err("direction");
    let message = direction.to_string();
    assert!(message.contains("neither asc nor desc"), "{message}");
    assert!(message.ends_with("\n  name:down\n       ^^^^"), "{message}");
}

#[test]
fn syntax_check_before_loading_defers_only_what_depends_on_the_org() {
    // Certain in every org: fail before loading.
    for (filter, sort) in [
        (Some("lane:nope"), None),
        (Some("idle:>abc"), None),
        (Some("jira:>x"), None),
        (Some("loom:>30 status:gone"), None),
        (Some("!"), None),
        (None, Some("name:down")),
        (None, Some("loom:sideways")),
    ] {
        assert!(check_syntax(filter, sort).is_err(), "{filter:?} {sort:?}");
    }
    // Product keys are only known after loading.
    for (filter, sort) in [
        (Some("loom:>30 !lane:protected"), Some("loom:desc")),
        (Some("LOOM:never"), Some("Loom")),
        (Some("loom:>abc"), None),
        (Some("nmae:x"), Some("nmae")),
        (None, None),
    ] {
        assert_eq!(check_syntax(filter, sort), Ok(()), "{filter:?} {sort:?}");
    }
    // …where the full parse decides them.
    let index = index();
    let unknown = Selection::parse(&index, Some("nmae:x"), None).expect_err("not a field");
    assert!(
        unknown.to_string().contains("`nmae:` is not a field"),
        "{unknown}"
    );
    let not_in_org = Selection::parse(&index, None, Some("trello")).expect_err("not a column");
    assert!(
        not_in_org.to_string().contains("`trello` is not a column"),
        "{not_in_org}"
    );
    assert!(Selection::parse(&index, Some("loom:>abc"), None).is_err());
}

/// Issue 15, hole 3: a name the org does not have is a usage error after loading (the caret
/// under the term), never zero rows or, negated, everyone; the syntax, operators included, is
/// checked before loading.
#[test]
fn names_the_org_lacks_fail_after_loading_and_the_new_syntax_before() {
    let index = index();
    for (filter, expected) in [
        (
            "group:enginering",
            "no group named `enginering`; did you mean `engineering`?",
        ),
        (
            "lane:ready !group:contractors",
            "no group named `contractors`; did you mean `engineering`?",
        ),
        ("!domain:acme.exampel", "no user has an email at `acme.exampel`"),
        ("bb:>30 OR lane:ready", "no one in this org has Bitbucket (`bb:`)"),
    ] {
        let error = Selection::parse(&index, Some(filter), None).expect_err(filter);
        let message = error.to_string();
        assert!(message.contains(expected), "{filter}: {message}");
        assert!(
            message.lines().nth(2).is_some_and(|carets| carets.contains('^')),
            "{message}"
        );
        // Before loading, no org is known: only the syntax can fail.
        assert_eq!(check_syntax(Some(filter), None), Ok(()), "{filter}");
    }
    for filter in [
        "idle:>90 OR",
        "(lane:ready",
        "lane:ready)",
        "( )",
        "OR OR",
        "lane:ready,",
        "loom:>3 AND",
    ] {
        assert!(check_syntax(Some(filter), None).is_err(), "{filter}");
    }
    let either = Selection::parse(&index, Some("idle:>300 OR lane:active"), Some("name")).expect("valid");
    assert_eq!(
        names(&index, &either.rows(&index)),
        ["Cat Active", "Dan Active", "Org Admin", "Suspended Review"]
    );
    let listed = Selection::parse(&index, Some("conf:<100 lane:ready,active"), Some("name")).expect("valid");
    assert_eq!(
        names(&index, &listed.rows(&index)),
        ["Dan Active", "Synced Ready"]
    );
}

#[test]
fn the_idle_sort_orders_by_the_days_idle_the_exports_print() {
    // Never Ready was added 300 days ago and never active: it sorts by 300 and prints 300, between
    // 400 and 200, not as a word wherever "days since added" happens to put it.
    let index = index();
    let rows = json(&index, None, Some("idle:desc"));
    let days: Vec<(String, Option<u64>)> = rows
        .iter()
        .map(|row| {
            let name = row["name"].as_str().expect("name").to_owned();
            (name, row["days_idle"].as_u64())
        })
        .collect();
    let numbers: Vec<u64> = days.iter().filter_map(|(_, days)| *days).collect();
    assert!(numbers.is_sorted_by(|a, b| a >= b), "{days:?}");
    let never = rows
        .iter()
        .find(|row| row["name"] == "Never Ready")
        .expect("Never Ready");
    assert_eq!(never["activity"], "never");
    assert_eq!(never["days_idle"], 300);
    assert!(never["added_to_org"].is_string(), "{never}");
}
