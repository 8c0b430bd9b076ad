//! The query parser (`Query::parse`), the org check (`Query::resolve`) and evaluation: raw text,
//! and valid queries from the grammar (`directory::QUERY_GRAMMAR`: terms, `!`/`NOT`, `AND`,
//! `OR`, parentheses, value lists) before and after mutation.

use super::harness::{self, Outcome, check_message};
use super::mutate::{self, Mutation};
use crate::support::users::{generate_org, now};
use dormant::directory::query::{Node, Term};
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

/// Parses, checks the names against a generated org, and on success evaluates; an error must
/// locate itself in the text.
fn check(text: &str) -> Result<Option<Query>, TestCaseError> {
    let chars = text.chars().count();
    match Query::parse(text, &org_products()) {
        Ok(query) => {
            let mut previous_start = 0;
            for term in query.terms() {
                prop_assert!(
                    term.span.start >= previous_start && term.span.end <= chars,
                    "span {:?}",
                    term.span
                );
                prop_assert!(term.span.start < term.span.end, "empty span {:?}", term.span);
                previous_start = term.span.start;
            }
            if let Err(error) = query.resolve(&INDEX) {
                check_error(&error, chars)?;
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

/// The query's meaning without positions: operators and matchers.
fn shape(node: &Node) -> String {
    match node {
        Node::Term(Term { matcher, .. }) => format!("{matcher:?}"),
        Node::Not(inner) => format!("!{}", shape(inner)),
        Node::All(parts) => format!("all({})", parts.iter().map(shape).collect::<Vec<_>>().join(" ")),
        Node::Any(parts) => format!("any({})", parts.iter().map(shape).collect::<Vec<_>>().join(" ")),
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

/// The terms that select by date added, date last active and number of products.
fn selection_term(days: impl Strategy<Value = String> + 'static) -> BoxedStrategy<String> {
    prop_oneof![
        (
            prop::sample::select(vec!["added", "ADDED", "Added"]),
            prop_oneof![days, Just("unknown".to_owned())]
        )
            .prop_map(|(f, v)| format!("{f}:{v}")),
        (
            prop::sample::select(vec!["", ">", "<", ">=", "<=", "="]),
            // Any calendar date with a four-digit year.
            (0_i32..10_000, 1_u32..13, 1_u32..32),
        )
            .prop_filter_map("a calendar date", |(op, (year, month, day))| {
                chrono::NaiveDate::from_ymd_opt(year, month, day)
                    .map(|date| format!("Active:{op}{}", date.format("%Y-%m-%d")))
            }),
        (
            prop::sample::select(vec!["", ">", "<", ">=", "<=", "="]),
            prop_oneof![0..6_u32, any::<u32>()],
        )
            .prop_map(|(op, n)| format!("products:{op}{n}")),
        prop::sample::select(vec![
            "products:none",
            "PRODUCTS:None",
            "products:none,>2",
            "added:<30,unknown"
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// One valid term as typed (field names in mixed case, quoted values, `d` suffixes).
fn valid_term() -> impl Strategy<Value = String> {
    let days = (
        prop::sample::select(vec!["", ">", "<", ">=", "<=", "="]),
        prop_oneof![0..400_u32, any::<u32>()],
        any::<bool>(),
    )
        .prop_map(|(op, n, suffix)| format!("{op}{n}{}", if suffix { "d" } else { "" }));
    let word = "[a-zA-Z0-9._@+-]{1,12}".prop_filter("not a keyword or an operator", |w| {
        !["marked", "excluded"].contains(&w.to_lowercase().as_str())
            && !["AND", "OR", "NOT"].contains(&w.as_str())
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
            prop_oneof![days.clone(), Just("never".to_owned())]
        )
            .prop_map(|(f, v)| format!("{f}:{v}")),
        selection_term(days),
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
        prop::sample::select(vec![
            "lane:ready,review",
            "type:admin,Service",
            "idle:>90,never",
            "jsm:never,<3"
        ])
        .prop_map(str::to_owned),
        (word.clone(), word.clone()).prop_map(|(a, b)| format!("group:{a},\"{b} x\"")),
        word.clone().prop_map(|w| format!("group:{w}")),
        word.clone().prop_map(|w| format!("group:~{w}")),
        (word.clone(), word.clone()).prop_map(|(a, b)| format!("group:\"{a} {b}\"")),
        word.clone().prop_map(|w| format!("domain:@{w}.example")),
        word.clone(),
        (word.clone(), word).prop_map(|(a, b)| format!("\"{a} {b}\"")),
    ];
    (
        prop::sample::select(vec!["", "", "!", "NOT "]),
        any::<bool>(),
        atom,
    )
        .prop_map(|(negation, grouped, atom)| {
            if grouped {
                format!("{negation}({atom})")
            } else {
                format!("{negation}{atom}")
            }
        })
}

/// Terms and what joins them: whitespace (AND), ` AND `, ` OR ` (with its spaces varied).
fn valid_query() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    let separator = prop::sample::select(vec![" ", "  ", "\t", "\u{3000}", " \n "]);
    let operator = prop::sample::select(vec!["", "", "AND", "OR"]);
    let joint = (separator.clone(), operator, separator.clone()).prop_map(|(before, operator, after)| {
        if operator.is_empty() {
            before.to_owned()
        } else {
            format!("{before}{operator}{after}")
        }
    });
    (1..6_usize).prop_flat_map(move |n| {
        (
            proptest::collection::vec(valid_term(), n),
            proptest::collection::vec(joint.clone(), n - 1),
            separator.clone(),
            separator.clone(),
        )
            .prop_map(|(terms, mut joints, first, last)| {
                joints.insert(0, first.to_owned());
                joints.push(last.to_owned());
                (terms, joints)
            })
    })
}

fn join(terms: &[String], joints: &[String]) -> String {
    let mut text = joints[0].clone();
    for (term, joint) in terms.iter().zip(&joints[1..]) {
        text.push_str(term);
        text.push_str(joint);
    }
    text
}

/// A term as it shows in spans: without its negation and parentheses.
fn atom_of(typed: &str) -> &str {
    let typed = typed
        .strip_prefix("NOT ")
        .or_else(|| typed.strip_prefix('!'))
        .unwrap_or(typed);
    typed
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(typed)
}

pub fn raw() -> Outcome {
    harness::run("query raw", mutate::raw_text(80), |text| check(&text).map(drop))
}

pub fn valid_and_mutated() -> Outcome {
    harness::run(
        "query mutated",
        (valid_query(), mutate::mutations()),
        |((terms, joints), mutations): ((Vec<String>, Vec<String>), Vec<Mutation>)| {
            let text = join(&terms, &joints);
            let query =
                check(&text)?.ok_or_else(|| TestCaseError::fail(format!("valid query {text:?} refused")))?;
            // A list's values share their atom's span: one distinct span per typed term.
            let chars: Vec<char> = text.chars().collect();
            let mut spans: Vec<_> = query.terms().into_iter().map(|term| term.span.clone()).collect();
            spans.dedup();
            prop_assert_eq!(spans.len(), terms.len());
            for (span, typed) in spans.into_iter().zip(&terms) {
                let spanned: String = chars[span].iter().collect();
                prop_assert_eq!(spanned.as_str(), atom_of(typed));
            }
            // The same terms with single spaces around operators mean the same: whitespace
            // carries no meaning.
            let mut canonical_text = String::new();
            for (term, joint) in terms.iter().zip(&joints[1..]) {
                canonical_text.push_str(term);
                canonical_text.push(' ');
                canonical_text.push_str(joint.trim());
                canonical_text.push(' ');
            }
            let canonical = Query::parse(&canonical_text, &org_products())
                .map_err(|error| TestCaseError::fail(format!("canonical form refused: {error}")))?;
            prop_assert_eq!(canonical.root.as_ref().map(shape), query.root.as_ref().map(shape));
            let mutated = mutate::apply_all(text.as_bytes(), &mutations);
            check(&String::from_utf8_lossy(&mutated)).map(drop)
        },
    )
}
