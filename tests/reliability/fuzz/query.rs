//! The query parser (`Query::parse`) and its evaluation: raw text, and valid queries from the
//! grammar (`directory::QUERY_GRAMMAR`) before and after mutation.

use super::harness::{self, Outcome, check_message};
use super::mutate::{self, Mutation};
use crate::support::users::{generate_org, now};
use dormant::directory::{DirectoryIndex, Exclusions, Marks, Policy, ProductKey, Query, QueryError};
use proptest::prelude::*;
use std::sync::{Arc, LazyLock};

static INDEX: LazyLock<DirectoryIndex> = LazyLock::new(|| {
    DirectoryIndex::build(
        Arc::new(generate_org(8, 300)),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    )
});

fn org_products() -> Vec<ProductKey> {
    vec![ProductKey::from("jira"), ProductKey::from("statuspage")]
}

/// Parses, and on success evaluates over a generated org; an error must locate itself in the text.
fn check(text: &str) -> Result<Option<Query>, TestCaseError> {
    let chars = text.chars().count();
    match Query::parse(text, &org_products()) {
        Ok(query) => {
            let mut previous_end = 0;
            for term in &query.terms {
                prop_assert!(
                    term.span.start >= previous_end && term.span.end <= chars,
                    "span {:?}",
                    term.span
                );
                prop_assert!(term.span.start < term.span.end, "empty span {:?}", term.span);
                previous_end = term.span.end;
            }
            let matched = query.matches(&INDEX, &Marks::default());
            prop_assert!(matched.count() <= INDEX.len());
            Ok(Some(query))
        }
        Err(error) => {
            check_error(&error, chars)?;
            Ok(None)
        }
    }
}

fn check_error(error: &QueryError, chars: usize) -> Result<(), TestCaseError> {
    check_message(&error.to_string(), false)?;
    prop_assert!(!error.problem.is_empty() && !error.valid.is_empty(), "{error:?}");
    prop_assert!(
        error.span.start <= error.span.end && error.span.end <= chars,
        "span {:?}",
        error.span
    );
    prop_assert!(
        error.column >= 1 && error.column <= chars.max(1),
        "column {}",
        error.column
    );
    Ok(())
}

/// One valid term as typed (field names in mixed case, quoted values, `d` suffixes).
fn valid_term() -> impl Strategy<Value = String> {
    let days = (
        prop::sample::select(vec!["", ">", "<", ">=", "<=", "="]),
        prop_oneof![0..400_u32, any::<u32>()],
        any::<bool>(),
    )
        .prop_map(|(op, n, suffix)| format!("{op}{n}{}", if suffix { "d" } else { "" }));
    let word = "[a-zA-Z0-9._@+-]{1,12}".prop_filter("not a keyword", |w| {
        !["marked", "excluded"].contains(&w.to_lowercase().as_str())
    });
    let atom = prop_oneof![
        prop::sample::select(vec!["marked", "Excluded", "MARKED", "\"marked\"", "\"a b: c\""])
            .prop_map(str::to_owned),
        (
            prop::sample::select(vec!["idle", "IDLE", "Idle"]),
            prop_oneof![days.clone(), Just("never".to_owned()), Just("unknown".to_owned())]
        )
            .prop_map(|(f, v)| format!("{f}:{v}")),
        (
            prop::sample::select(vec![
                "jira",
                "Confluence",
                "jsm",
                "jira-service-desk",
                "jira-service-management",
                "bitbucket",
                "statuspage"
            ]),
            prop_oneof![days, Just("never".to_owned())]
        )
            .prop_map(|(f, v)| format!("{f}:{v}")),
        prop::sample::select(vec![
            "managed",
            "unmanaged",
            "synced",
            "invited",
            "admin",
            "service",
            "app",
            "customer"
        ])
        .prop_map(|v| format!("type:{v}")),
        prop::sample::select(vec![
            "active",
            "suspended",
            "deactivated",
            "not_invited",
            "for-deletion"
        ])
        .prop_map(|v| format!("Status:{v}")),
        prop::sample::select(vec![
            "ready",
            "review",
            "active",
            "protected",
            "cleanup-ready",
            "needs-review"
        ])
        .prop_map(|v| format!("lane:{v}")),
        word.clone().prop_map(|w| format!("group:{w}")),
        word.clone().prop_map(|w| format!("group:~{w}")),
        (word.clone(), word.clone()).prop_map(|(a, b)| format!("group:\"{a} {b}\"")),
        word.clone().prop_map(|w| format!("domain:@{w}.example")),
        word.clone(),
        (word.clone(), word).prop_map(|(a, b)| format!("\"{a} {b}\"")),
    ];
    (any::<bool>(), atom).prop_map(|(negated, atom)| if negated { format!("!{atom}") } else { atom })
}

fn valid_query() -> impl Strategy<Value = (Vec<String>, Vec<&'static str>)> {
    let separator = prop::sample::select(vec![" ", "  ", "\t", "\u{3000}", " \n "]);
    (1..6_usize).prop_flat_map(move |n| {
        (
            proptest::collection::vec(valid_term(), n),
            proptest::collection::vec(separator.clone(), n + 1),
        )
    })
}

fn join(terms: &[String], separators: &[&str]) -> String {
    let mut text = separators[0].to_owned();
    for (term, separator) in terms.iter().zip(&separators[1..]) {
        text.push_str(term);
        text.push_str(separator);
    }
    text
}

pub fn raw() -> Outcome {
    harness::run("query raw", mutate::raw_text(80), |text| check(&text).map(drop))
}

pub fn valid_and_mutated() -> Outcome {
    harness::run(
        "query mutated",
        (valid_query(), mutate::mutations()),
        |((terms, separators), mutations): ((Vec<String>, Vec<&str>), Vec<Mutation>)| {
            let text = join(&terms, &separators);
            let query =
                check(&text)?.ok_or_else(|| TestCaseError::fail(format!("valid query {text:?} refused")))?;
            prop_assert_eq!(query.terms.len(), terms.len());
            let chars: Vec<char> = text.chars().collect();
            for (term, typed) in query.terms.iter().zip(&terms) {
                let spanned: String = chars[term.span.clone()].iter().collect();
                prop_assert_eq!(&spanned, typed);
                prop_assert_eq!(term.negated, typed.starts_with('!'));
            }
            // The same terms with single spaces parse to the same matchers: whitespace carries no meaning.
            let canonical = Query::parse(&terms.join(" "), &org_products())
                .map_err(|error| TestCaseError::fail(format!("canonical form refused: {error}")))?;
            let matchers = |q: &Query| {
                q.terms
                    .iter()
                    .map(|t| (t.negated, t.matcher.clone()))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(matchers(&canonical), matchers(&query));
            let mutated = mutate::apply_all(text.as_bytes(), &mutations);
            check(&String::from_utf8_lossy(&mutated)).map(drop)
        },
    )
}
