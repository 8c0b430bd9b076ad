//! Every term of the query language, its negation, and the parse errors admins see.

use crate::support::users as support;

use dormant::directory::{
    AccountType, Activity, DirectoryIndex, Exclusion, Exclusions, Marks, PlatformRole, Policy, Query,
    UserStatus,
};
use std::sync::Arc;
use support::{UserBuilder, days_ago, directory, group, now};

fn org() -> DirectoryIndex {
    let users = vec![
        UserBuilder::new("a", "Ada Lovelace")
            .products(&[("jira", Some(5)), ("confluence", Some(200))])
            .groups(&["g-eng"]),
        UserBuilder::new("b", "Grace Hopper")
            .products(&[("jira", Some(120)), ("confluence", Some(300))])
            .synced()
            .groups(&["g-eng", "g-pt"]),
        UserBuilder::new("c", "Linus Torvalds")
            .activity(Activity::Unknown)
            .unmanaged()
            .email(Some("linus@partner.example")),
        UserBuilder::new("d", "Margaret Hamilton")
            .role(PlatformRole::OrgAdmin)
            .products(&[("jira", Some(3))]),
        UserBuilder::new("e", "Alan Turing")
            .products(&[("jira", None)])
            .added(Some(10)),
        UserBuilder::new("f", "Barbara Liskov")
            .status(UserStatus::Suspended)
            .products(&[("jira-service-desk", Some(40))])
            .email(Some("barbara@Partner.Example")),
        UserBuilder::new("g", "Deploy Bot").email(Some("deploy@serviceaccount.atlassian.com")),
        UserBuilder::new("h", "Zoë App")
            .account_type(AccountType::App)
            .email(None),
        UserBuilder::new("i", "Cust Omer").account_type(AccountType::Customer),
        UserBuilder::new("j", "Edsger Dijkstra")
            .products(&[("trello", Some(31)), ("jira", None)])
            .added(None),
        UserBuilder::new("k", "Frances Allen").status(UserStatus::NotInvited),
        UserBuilder::new("l", "Ken Thompson").status(UserStatus::Deactivated),
        UserBuilder::new("m", "Radia Perlman")
            .products(&[("jira", Some(400))])
            .groups(&["g-orphan"]),
        UserBuilder::new("n", "Niklaus Wirth").products(&[("jira", Some(5))]),
    ];
    let users = users.into_iter().map(UserBuilder::build).collect();
    let groups = vec![group("g-eng", "Engineering"), group("g-pt", "Product Team")];
    let exclusions: Exclusions = [Exclusion {
        account_id: "m".into(),
        reason: "sabbatical".to_owned(),
        excluded_at: days_ago(3),
        name: None,
    }]
    .into_iter()
    .collect();
    DirectoryIndex::build(
        Arc::new(directory(users, groups)),
        &Policy::default(),
        &exclusions,
        now(),
    )
}

fn marks(index: &DirectoryIndex) -> Marks {
    let mut marks = Marks::default();
    for id in ["a", "b"] {
        let row = index.row_of(&id.into()).expect("present");
        marks.mark(index, row).expect("markable");
    }
    marks
}

/// Account ids matched by `text`, in account-id order; panics with the error if it does not parse.
fn ids(index: &DirectoryIndex, text: &str) -> String {
    let query = Query::parse(text, &index.products()).unwrap_or_else(|e| panic!("{text}: {e}"));
    let matched = query.matches(index, &marks(index));
    let mut ids: Vec<&str> = matched
        .iter()
        .map(|row| index.user(row as u32).account_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.concat()
}

#[test]
fn bare_words_and_quoted_phrases_search_name_and_email_case_insensitively() {
    let index = org();
    assert_eq!(ids(&index, "LOVE"), "a");
    assert_eq!(ids(&index, "partner.example"), "cf");
    assert_eq!(ids(&index, "zoë"), "h");
    assert_eq!(ids(&index, "ada love"), "a");
    assert_eq!(ids(&index, "\"ada lovelace\""), "a");
    assert_eq!(ids(&index, "\"lovelace ada\""), "");
    assert_eq!(ids(&index, ""), "abcdefghijklmn");
    assert_eq!(ids(&index, "\"marked\""), "", "a quoted keyword is text");
}

#[test]
fn idle_compares_days_since_last_activity_anywhere() {
    let index = org();
    assert_eq!(ids(&index, "idle:>90"), "bm");
    assert_eq!(ids(&index, "idle:>=121"), "m");
    assert_eq!(ids(&index, "idle:<30"), "adeghikln");
    assert_eq!(ids(&index, "idle:<=5"), "adghikln");
    assert_eq!(ids(&index, "idle:=10"), "e");
    assert_eq!(ids(&index, "idle:10d"), "e");
    assert_eq!(ids(&index, "idle:never"), "e");
    assert_eq!(ids(&index, "idle:unknown"), "c");
    assert_eq!(ids(&index, "IDLE:>90"), "bm", "field names are case-insensitive");
}

#[test]
fn product_terms_use_keys_aliases_and_org_products() {
    let index = org();
    assert_eq!(ids(&index, "jira:>90"), "bm");
    assert_eq!(ids(&index, "confluence:>250"), "b");
    for alias in [
        "jsm",
        "jira-servicedesk",
        "jira-service-management",
        "jira-service-desk",
    ] {
        assert_eq!(ids(&index, &format!("{alias}:>30")), "f", "{alias}");
    }
    assert_eq!(ids(&index, "trello:<=31"), "j");
    assert_eq!(
        ids(&index, "bitbucket:>0"),
        "",
        "known product, absent from the org"
    );
    assert_eq!(ids(&index, "jira:never"), "ej");
    // Edsger never used Jira, date added unknown: unused at least 31 days (since Trello).
    assert_eq!(ids(&index, "jira:>30 !jira:<40"), "bjm");
}

#[test]
fn type_status_and_lane_terms() {
    let index = org();
    let expected = [
        ("type:managed", "abdefghijklmn"),
        ("type:unmanaged", "c"),
        ("type:synced", "b"),
        ("type:invited", "adefghijklmn"),
        ("type:admin", "d"),
        ("type:service", "g"),
        ("type:app", "h"),
        ("type:customer", "i"),
        ("status:active", "abcdeghijmn"),
        ("status:suspended", "f"),
        ("status:deactivated", "l"),
        ("status:not_invited", "k"),
        ("status:not-invited", "k"),
        ("status:for_deletion", ""),
        ("lane:ready", "b"),
        ("lane:review", "acefjkl"),
        ("lane:active", "n"),
        ("lane:protected", "dghim"),
    ];
    for (text, want) in expected {
        assert_eq!(ids(&index, text), want, "{text}");
    }
}

#[test]
fn group_domain_marked_and_excluded_terms() {
    let index = org();
    assert_eq!(ids(&index, "group:engineering"), "ab");
    assert_eq!(ids(&index, "group:\"product team\""), "b");
    assert_eq!(ids(&index, "group:~TEAM"), "b");
    assert_eq!(ids(&index, "group:g-orphan"), "m", "ids of unlisted groups work");
    assert_eq!(ids(&index, "group:eng"), "", "exact unless ~");
    assert_eq!(ids(&index, "domain:PARTNER.example"), "cf");
    assert_eq!(ids(&index, "domain:@serviceaccount.atlassian.com"), "g");
    assert_eq!(ids(&index, "marked"), "ab");
    assert_eq!(ids(&index, "excluded"), "m");
}

#[test]
fn negation_selects_exactly_the_complement_and_terms_combine_with_and() {
    let index = org();
    let all = ids(&index, "");
    for text in [
        "love",
        "idle:>90",
        "jira:never",
        "type:admin",
        "lane:review",
        "group:~team",
        "marked",
        "excluded",
    ] {
        let (matched, negated) = (ids(&index, text), ids(&index, &format!("!{text}")));
        let mut union: Vec<char> = matched.chars().chain(negated.chars()).collect();
        union.sort_unstable();
        assert_eq!(union.into_iter().collect::<String>(), all, "{text} ∪ !{text}");
    }
    assert_eq!(ids(&index, "jira:>90 !excluded"), "b");
    assert_eq!(ids(&index, "!lane:protected !lane:review !lane:active"), "b");
}

fn error(text: &str) -> dormant::directory::QueryError {
    Query::parse(text, &[]).expect_err(text)
}

#[test]
fn parse_errors_name_the_term_its_position_and_what_is_valid() {
    let bad_days = error("ada idle:>abc");
    assert_eq!(
        (bad_days.term.as_str(), bad_days.column, bad_days.span.clone()),
        ("idle:>abc", 5, 4..13)
    );
    assert!(
        bad_days
            .to_string()
            .contains("`>abc` is not a valid number of days"),
        "{bad_days}"
    );
    assert!(
        bad_days.valid.contains(">N") && bad_days.valid.contains("never"),
        "{bad_days}"
    );

    let unknown = error("colour:red");
    assert!(unknown.problem.contains("`colour:` is not a field"), "{unknown}");
    assert!(
        unknown.valid.contains("idle:") && unknown.valid.contains("jsm:"),
        "{unknown}"
    );
    assert!(
        unknown.valid.contains("quote text that contains a colon"),
        "{unknown}"
    );

    for (text, valid) in [
        (
            "type:robot",
            "managed, unmanaged, synced, invited, admin, service, app, customer",
        ),
        (
            "status:gone",
            "active, suspended, deactivated, not_invited, for_deletion",
        ),
        ("lane:later", "ready, review, active, protected"),
        (
            "jira:unknown",
            ">N, <N, >=N, <=N, =N or N whole days (e.g. idle:>90), never",
        ),
        ("group:~", "group:NAME"),
        ("domain:@", "domain:example.com"),
    ] {
        let error = error(text);
        assert_eq!(error.column, 1, "{text}");
        assert!(error.valid.contains(valid), "{text}: {error}");
    }
    assert!(error("idle:").problem.contains("`idle:` needs a value"));
    assert!(error("ok !").problem.contains("must be followed"));
    assert_eq!(error("ok !").column, 4);
    assert!(error("!!admin").problem.contains("one `!`"));
    assert!(error("\"\"").problem.contains("empty search text"));
    assert_eq!(error("x group:\"a b").column, 9, "points at the open quote");
}
