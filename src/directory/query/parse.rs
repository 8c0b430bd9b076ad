//! Turning one lexed atom into terms (a list into one per value), or an error that names it and
//! lists what is valid. Fixed vocabularies only: the org's names are checked by `resolve`.

use super::lex::Token;
use super::seat_term;
use super::{Comparison, DayFilter, Matcher, Node, QueryError, Term, WarnedFilter};
use crate::directory::ids::ProductKey;
use crate::directory::index::AccountKind;
use crate::directory::index::text_lowercase;
use crate::directory::lane::Lane;
use crate::directory::user::UserStatus;
use chrono::NaiveDate;

const DAYS: &str = ">N, <N, >=N, <=N, =N or N whole days (e.g. idle:>90)";
const DATES: &str =
    "<DATE, >DATE, <=DATE, >=DATE, =DATE or DATE, a UTC date as YYYY-MM-DD (e.g. active:<2026-01-01)";
const COUNTS: &str = ">N, <N, >=N, <=N, =N or N products, or none (e.g. products:>2, products:none)";
const STATUSES: [(&str, UserStatus); 5] = [
    ("active", UserStatus::Active),
    ("suspended", UserStatus::Suspended),
    ("deactivated", UserStatus::Deactivated),
    ("not_invited", UserStatus::NotInvited),
    ("for_deletion", UserStatus::ForDeletion),
];

/// One atom token: a keyword, a search word or phrase, or `FIELD:VALUE[,VALUE…]` (a list
/// becomes an OR of its values, each with the whole atom as its span).
pub(super) fn atom(token: &Token, org_products: &[ProductKey]) -> Result<Node, QueryError> {
    let body = token.raw.as_str();
    let field_end = body.find(':').filter(|&colon| !body[..colon].contains('"'));
    let Some(colon) = field_end else {
        return Ok(leaf(token, bare(token, body)?));
    };
    let (name, values) = (&body[..colon], &body[colon + 1..]);
    let values = split_list(values);
    if values.len() > 1 && values.iter().any(|value| unquote(value).is_empty()) {
        return Err(token.error(
            format!("an empty value in the list after `{name}:`"),
            "values separated by commas, without spaces: lane:ready,review",
        ));
    }
    let mut parts = Vec::with_capacity(values.len());
    for value in values {
        parts.push(leaf(token, field(token, name, &unquote(value), org_products)?));
    }
    Ok(if parts.len() == 1 {
        parts.remove(0)
    } else {
        Node::Any(parts)
    })
}

fn leaf(token: &Token, matcher: Matcher) -> Node {
    Node::Term(Term {
        matcher,
        span: token.start..token.end,
        text: token.raw.clone(),
    })
}

/// The values of a list, split at commas outside double quotes.
fn split_list(text: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                values.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    values.push(&text[start..]);
    values
}

fn unquote(text: &str) -> String {
    text.replace('"', "")
}

fn bare(token: &Token, body: &str) -> Result<Matcher, QueryError> {
    if !body.contains('"') {
        match body.to_lowercase().as_str() {
            "marked" => return Ok(Matcher::Marked),
            "excluded" => return Ok(Matcher::Excluded),
            _ => {}
        }
    }
    let text = unquote(body);
    if text.is_empty() {
        return Err(token.error("empty search text", "a word or a \"quoted phrase\""));
    }
    Ok(Matcher::Text(text_lowercase(&text)))
}

fn field(token: &Token, name: &str, value: &str, org_products: &[ProductKey]) -> Result<Matcher, QueryError> {
    let lower_name = name.to_lowercase();
    let lower = value.to_lowercase();
    if value.is_empty() {
        return Err(token.error(
            format!("`{name}:` needs a value"),
            valid_values(&lower_name, org_products),
        ));
    }
    let invalid = |what: &str| {
        token.error(
            format!("`{value}` is not a valid {what}"),
            valid_values(&lower_name, org_products),
        )
    };
    match lower_name.as_str() {
        "idle" => days(&lower, true)
            .map(Matcher::Idle)
            .ok_or_else(|| invalid("number of days")),
        "added" => match days(&lower, true) {
            Some(filter @ (DayFilter::Compare(..) | DayFilter::Unknown)) => Ok(Matcher::Added(filter)),
            _ => Err(invalid("number of days")),
        },
        "active" => date(&lower)
            .map(|(comparison, date)| Matcher::Active(comparison, date))
            .ok_or_else(|| invalid("date")),
        "products" => count(&lower)
            .map(|(comparison, count)| Matcher::Products(comparison, count))
            .ok_or_else(|| invalid("number of products")),
        "type" => AccountKind::ALL
            .into_iter()
            .find(|kind| kind.to_string() == lower)
            .map(Matcher::Type)
            .ok_or_else(|| invalid("type")),
        "status" => STATUSES
            .iter()
            .find(|(text, _)| *text == lower.replace('-', "_"))
            .map(|(_, status)| Matcher::Status(status.clone()))
            .ok_or_else(|| invalid("status")),
        "lane" => lane(&lower).map(Matcher::Lane).ok_or_else(|| invalid("lane")),
        "group" => match value.strip_prefix('~') {
            Some("") => Err(invalid("group part")),
            Some(part) => Ok(Matcher::GroupContaining(part.to_lowercase())),
            None => Ok(Matcher::Group {
                name: lower,
                id: value.to_owned(),
            }),
        },
        "domain" => match lower.trim_start_matches('@') {
            "" => Err(invalid("domain")),
            domain => Ok(Matcher::Domain(domain.to_owned())),
        },
        "warned" => WarnedFilter::ALL
            .into_iter()
            .find(|filter| filter.query_name() == lower)
            .map(Matcher::Warned)
            .ok_or_else(|| invalid("warning standing")),
        seat if seat_term::FIELDS.contains(&seat) => seat_term::parse_value(seat, value, org_products)
            .map(Matcher::Seat)
            .map_err(invalid),
        _ => match ProductKey::from_query_name(name, org_products) {
            Some(product) => days(&lower, false)
                .map(|filter| Matcher::Product(product, filter))
                .ok_or_else(|| invalid("number of days")),
            None => Err(token.error(format!("`{name}:` is not a field"), fields(org_products))),
        },
    }
}

pub(super) fn days(value: &str, unknown_allowed: bool) -> Option<DayFilter> {
    match value {
        "never" => return Some(DayFilter::Never),
        "unknown" if unknown_allowed => return Some(DayFilter::Unknown),
        _ => {}
    }
    let (comparison, number) = compared(value);
    let number = number.strip_suffix('d').unwrap_or(number);
    whole(number).map(|limit| DayFilter::Compare(comparison, limit))
}

/// The comparison a value starts with (`=` when none) and the rest.
fn compared(value: &str) -> (Comparison, &str) {
    let operators = [
        (">=", Comparison::GreaterOrEqual),
        ("<=", Comparison::LessOrEqual),
        (">", Comparison::Greater),
        ("<", Comparison::Less),
        ("=", Comparison::Equal),
    ];
    operators
        .iter()
        .find_map(|(prefix, comparison)| value.strip_prefix(prefix).map(|rest| (*comparison, rest)))
        .unwrap_or((Comparison::Equal, value))
}

/// A whole number of ASCII digits that fits in `u32`.
fn whole(number: &str) -> Option<u32> {
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

/// `[OP]YYYY-MM-DD`, exactly: four-digit year, two-digit month and day, a day the calendar has.
fn date(value: &str) -> Option<(Comparison, NaiveDate)> {
    let (comparison, text) = compared(value);
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, b)| {
            if at == 4 || at == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| (comparison, date))
}

/// `[OP]N` products, or `none` (no product at all).
fn count(value: &str) -> Option<(Comparison, u32)> {
    if value == "none" {
        return Some((Comparison::Equal, 0));
    }
    let (comparison, number) = compared(value);
    whole(number).map(|count| (comparison, count))
}

fn lane(value: &str) -> Option<Lane> {
    match value {
        "ready" | "cleanup-ready" | "cleanup" => Some(Lane::CleanupReady),
        "review" | "needs-review" => Some(Lane::NeedsReview),
        "active" => Some(Lane::Active),
        "protected" => Some(Lane::Protected),
        _ => None,
    }
}

fn valid_values(field_name: &str, org_products: &[ProductKey]) -> String {
    match field_name {
        "idle" => format!("{DAYS}, never, unknown"),
        "added" => format!("{DAYS}, unknown"),
        "active" => DATES.to_owned(),
        "products" => COUNTS.to_owned(),
        "type" => AccountKind::ALL.map(|kind| kind.to_string()).join(", "),
        "status" => STATUSES.map(|(text, _)| text).join(", "),
        "lane" => Lane::ALL.map(Lane::query_name).join(", "),
        "group" => "group:NAME (exact, case-insensitive) or group:~PART (name contains PART)".to_owned(),
        "domain" => "domain:example.com".to_owned(),
        "warned" => WarnedFilter::ALL.map(WarnedFilter::query_name).join(", "),
        seat if seat_term::FIELDS.contains(&seat) => seat_term::valid_values(seat).to_owned(),
        _ if ProductKey::from_query_name(field_name, org_products).is_some() => format!("{DAYS}, never"),
        _ => fields(org_products),
    }
}

fn fields(org_products: &[ProductKey]) -> String {
    let mut products: Vec<&str> = org_products.iter().map(ProductKey::short_name).collect();
    for known in ["jira", "conf", "jsm", "bb"] {
        if !products.contains(&known) {
            products.push(known);
        }
    }
    let fields: Vec<String> = super::FIELDS
        .iter()
        .map(|field| format!("{}:", field.name))
        .collect();
    format!(
        "{}, {}, a product ({}:) or a search word (quote text that contains a colon)",
        super::KEYWORDS.join(", "),
        fields.join(", "),
        products.join(":, ")
    )
}
