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
        // The TYPE column's word, exactly: a synced or invited account is not also `managed`.
        ("type:managed", ""),
        ("type:unmanaged", "c"),
        ("type:synced", "b"),
        ("type:invited", "aefjklmn"),
        ("type:admin", "d"),
        ("type:service", "g"),
        ("type:app", "h"),
        ("type:customer", "i"),
        ("type:other", ""),
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
            "admin, service, app, customer, synced, invited, managed, unmanaged, other",
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

#[test]
fn type_tests_exactly_the_word_the_type_column_shows() {
    let index = org();
    for row in 0..index.len() as u32 {
        let shown = index.kind(row).to_string();
        let id = index.user(row).account_id.as_str();
        assert!(
            ids(&index, &format!("type:{shown}")).contains(id),
            "{id} shows {shown}"
        );
        for kind in dormant::directory::AccountKind::ALL {
            let matched = ids(&index, &format!("type:{kind}")).contains(id);
            assert_eq!(matched, kind.to_string() == shown, "{id}: type:{kind} vs {shown}");
        }
    }
}

#[test]
fn the_short_names_the_products_column_shows_are_fields() {
    let index = org();
    assert_eq!(ids(&index, "conf:>250"), ids(&index, "confluence:>250"));
    assert_eq!(ids(&index, "CONF:>250"), "b");
    assert_eq!(ids(&index, "jsm:never"), ids(&index, "jira-service-desk:never"));
    assert!(Query::parse("bb:>0 jsw:>0 jwm:>0 jpd:never", &[]).is_ok());
}

#[test]
fn or_and_not_parentheses_and_precedence() {
    let index = org();
    // Issue 15: `OR` was a search word; it is the union.
    assert_eq!(ids(&index, "idle:>90 OR lane:review"), "abcefjklm");
    assert_eq!(
        ids(&index, "idle:>90 OR lane:review"),
        ids(&index, "lane:review OR idle:>90")
    );
    // NOT > AND > OR: `a b OR c` is `(a b) OR c`, `!a OR b` is `(!a) OR b`.
    assert_eq!(ids(&index, "jira:>90 !excluded OR lane:active"), "bn");
    assert_eq!(ids(&index, "(jira:>90 !excluded) OR lane:active"), "bn");
    assert_eq!(ids(&index, "jira:>90 (!excluded OR lane:active)"), "b");
    assert_eq!(
        ids(&index, "jira:>90 AND !excluded"),
        ids(&index, "jira:>90 !excluded")
    );
    assert_eq!(ids(&index, "NOT lane:protected"), ids(&index, "!lane:protected"));
    assert_eq!(ids(&index, "!(lane:protected OR lane:review)"), "bn");
    assert_eq!(
        ids(&index, "NOT (lane:protected OR lane:review) !lane:active"),
        "b"
    );
    assert_eq!(ids(&index, "((lane:ready))"), "b");
    // Lower case is a word; quoted upper case is a word (Linus Torvalds).
    assert_eq!(ids(&index, "\"OR\""), "c");
    assert_eq!(ids(&index, "or"), "c");
    assert_eq!(ids(&index, "and \"NOT\""), "", "both search text");
}

#[test]
fn value_lists_match_any_of_their_values() {
    let index = org();
    assert_eq!(ids(&index, "lane:ready,review"), "abcefjkl");
    assert_eq!(
        ids(&index, "lane:ready,review"),
        ids(&index, "(lane:ready OR lane:review)")
    );
    assert_eq!(ids(&index, "group:engineering,\"product team\""), "ab");
    assert_eq!(
        ids(&index, "!group:engineering,g-orphan"),
        ids(&index, "!(group:engineering OR group:g-orphan)")
    );
    assert_eq!(ids(&index, "idle:never,unknown"), "ce");
    assert_eq!(ids(&index, "type:admin,service,app"), "dgh");
    assert_eq!(
        ids(&index, "domain:partner.example,@acme.example !lane:protected"),
        ids(&index, "!lane:protected domain:partner.example,acme.example")
    );
}

#[test]
fn operators_out_of_place_and_unbalanced_parentheses_are_errors_with_positions() {
    for (text, column, problem) in [
        ("idle:>90 OR", 10, "`OR` needs a term on each side"),
        ("OR idle:>90", 1, "`OR` needs a term on each side"),
        ("a OR OR b", 3, "`OR` needs a term on each side"),
        ("a AND", 3, "`AND` needs a term on each side"),
        ("a AND OR b", 3, "`AND` needs a term on each side"),
        ("a NOT", 3, "must be followed by the term it negates"),
        ("NOT", 1, "must be followed by the term it negates"),
        ("!(a) NOT OR b", 6, "must be followed by the term it negates"),
        ("NOT !a", 5, "only one `!` or `NOT`"),
        ("( )", 1, "empty parentheses"),
        ("a ()", 3, "empty parentheses"),
        ("x (lane:ready OR idle:>9", 3, "this `(` is never closed"),
        ("((a) b", 1, "this `(` is never closed"),
        ("lane:ready) x", 11, "this `)` closes no `(`"),
        ("a (b OR) c", 6, "`OR` needs a term on each side"),
        ("lane:ready,", 1, "an empty value in the list"),
        ("group:a,,b", 1, "an empty value in the list"),
        ("lane:ready,later", 1, "`later` is not a valid lane"),
    ] {
        let error = error(text);
        assert_eq!(error.column, column, "{text}: {error}");
        assert!(error.problem.contains(problem), "{text}: {error}");
        assert!(!error.valid.is_empty(), "{text}");
    }
    let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    assert!(error(&deep).problem.contains("nested deeper"), "bounded nesting");
    assert!(Query::parse(&format!("{}a{}", "(".repeat(32), ")".repeat(32)), &[]).is_ok());
}

/// Resolves against the org: the error is the one admins see in the bar and with `--filter`.
fn org_error(index: &DirectoryIndex, text: &str) -> dormant::directory::QueryError {
    index.parse_query(text).expect_err(text)
}

#[test]
fn names_the_org_does_not_have_are_errors_with_the_closest_names_negated_or_not() {
    let index = org();
    let typo = org_error(&index, "lane:ready !group:enginering");
    assert_eq!(
        typo.problem,
        "no group named `enginering`; did you mean `engineering`, `g-orphan` or `\"product team\"`?"
    );
    assert_eq!(
        (typo.column, typo.span.clone()),
        (13, 12..28),
        "the term after `!`"
    );
    let missing = org_error(&index, "group:contractors");
    assert!(
        missing
            .problem
            .starts_with("no group named `contractors`; did you mean `"),
        "{missing}"
    );
    assert!(
        org_error(&index, "group:engineering,contractors")
            .problem
            .contains("`contractors`")
    );
    assert!(
        org_error(&index, "!group:~freelance")
            .problem
            .starts_with("no group name contains `freelance`")
    );

    let domain = org_error(&index, "!domain:partner.exmple");
    assert!(
        domain
            .problem
            .starts_with("no user has an email at `partner.exmple`; did you mean `partner.example`"),
        "{domain}"
    );
    let product = org_error(&index, "lane:ready bb:>30");
    assert!(
        product
            .problem
            .starts_with("no one in this org has Bitbucket (`bb:`); did you mean `"),
        "{product}"
    );
    assert!(
        org_error(&index, "NOT (jsw:never OR lane:active)")
            .problem
            .contains("Jira Software")
    );
    let message = org_error(&index, "idle:>90 OR group:freelancer").to_string();
    assert!(
        message.contains("(character 13): no group named `freelancer`; did you mean"),
        "{message}"
    );
    assert!(message.contains("? Valid: group:NAME"), "{message}");

    // Names the org has resolve, whatever their case; ids of unlisted groups too.
    for text in [
        "group:ENGINEERING !group:g-orphan",
        "group:~team",
        "domain:@Partner.Example",
        "conf:>1 OR jsm:never OR trello:<5",
        "",
        "idle:>90 OR lane:review",
    ] {
        index.parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}
