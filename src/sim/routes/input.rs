//! Request inputs: JSON bodies (strict: malformed, mistyped or unknown fields are 400
//! `ADMIN-400-24`) and query strings (arrays as repeated keys or comma lists; unknown parameters
//! ignored). Owns decoding only; must not validate filter semantics.

use crate::api::assumptions::{CURSOR_KEEPS_EXPLICIT_LIMIT, QUERY_ARRAYS_REPEATED_OR_COMMA};
use crate::sim::cursor::PageCursor;
use crate::sim::errors::SimError;
use crate::sim::state::{DirectoryScope, GroupQuery, UserQuery};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A search a cursor replays: it remembers its directory scope and page size.
pub trait ReplayedSearch: Serialize + DeserializeOwned {
    fn scope(&self) -> &DirectoryScope;
    fn set_limit(&mut self, limit: usize);
}

impl ReplayedSearch for UserQuery {
    fn scope(&self) -> &DirectoryScope {
        &self.scope
    }
    fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }
}

impl ReplayedSearch for GroupQuery {
    fn scope(&self) -> &DirectoryScope {
        &self.scope
    }
    fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }
}

/// Resumes a search from its cursor: the cursor's query replaces the body's filters (reference
/// §1.3), must have been issued for the same `{directoryId}`, and only an explicit `limit` still
/// applies (`CURSOR_KEEPS_EXPLICIT_LIMIT`). Returns the query and the position to start at.
pub fn resume<Q: ReplayedSearch>(
    kind: &str,
    cursor: &str,
    scope: &DirectoryScope,
    explicit_limit: Option<usize>,
) -> Result<(Q, usize), SimError> {
    let PageCursor {
        query: mut replayed,
        position,
        ..
    } = PageCursor::<Q>::decode(kind, cursor)?;
    if replayed.scope() != scope {
        return Err(SimError::invalid_cursor(
            "The cursor was issued for another directory",
        ));
    }
    if let Some(limit) = explicit_limit.filter(|_| CURSOR_KEEPS_EXPLICIT_LIMIT) {
        replayed.set_limit(limit);
    }
    Ok((replayed, position))
}

/// Decodes a JSON body; an empty body is `{}` (the reference allows omitting it).
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, SimError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|error| SimError::invalid_request(format!("Invalid request body: {error}")))
}

/// A list filter of at most `max` values (absent = empty), else 400 `ADMIN-400-24`.
pub fn bounded(name: &str, values: Option<Vec<String>>, max: usize) -> Result<Vec<String>, SimError> {
    let values = values.unwrap_or_default();
    if values.len() > max {
        return Err(SimError::invalid_request(format!(
            "{name} takes at most {max} values, got {}",
            values.len()
        )));
    }
    Ok(values)
}

/// A page size: `default` when absent, 1..=`max`, else 400 `ADMIN-400-24`.
pub fn page_limit(limit: Option<u32>, default: u32, max: u32) -> Result<usize, SimError> {
    match limit.unwrap_or(default) {
        limit @ 1.. if limit <= max => Ok(limit as usize),
        limit => Err(SimError::invalid_request(format!(
            "limit must be between 1 and {max}, got {limit}"
        ))),
    }
}

/// The decoded query string.
#[derive(Debug, Clone, Default)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    #[must_use]
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .map(|raw| url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        Self { pairs }
    }

    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(key, _)| key == name || key.strip_suffix("[]") == Some(name))
            .map(|(_, value)| value.as_str())
    }

    /// A list parameter; `None` when absent. Both `k=a&k=b`, `k[]=a` and `k=a,b` are read.
    #[must_use]
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        let mut values = self.values(name).peekable();
        values.peek()?;
        let split = QUERY_ARRAYS_REPEATED_OR_COMMA;
        Some(
            values
                .flat_map(|value| {
                    if split {
                        value.split(',').collect()
                    } else {
                        vec![value]
                    }
                })
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    /// A single-valued parameter; given twice is 400.
    pub fn single(&self, name: &str) -> Result<Option<String>, SimError> {
        let mut values = self.values(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(SimError::invalid_request(format!(
                "Query parameter {name} must be given once"
            )));
        }
        Ok(first.map(str::to_owned))
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, SimError> {
        self.single(name)?
            .map(|value| match value.as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(SimError::invalid_request(format!(
                    "{name} must be true or false, got {other:?}"
                ))),
            })
            .transpose()
    }

    pub fn number(&self, name: &str) -> Result<Option<u32>, SimError> {
        self.single(name)?
            .map(|value| {
                value.parse().map_err(|_| {
                    SimError::invalid_request(format!("{name} must be a non-negative integer, got {value:?}"))
                })
            })
            .transpose()
    }

    /// A signed integer (epoch milliseconds).
    pub fn integer(&self, name: &str) -> Result<Option<i64>, SimError> {
        self.single(name)?
            .map(|value| {
                value.parse().map_err(|_| {
                    SimError::invalid_request(format!("{name} must be an integer, got {value:?}"))
                })
            })
            .transpose()
    }

    /// Every parameter as received, decoded, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.values(name).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_accept_repeated_bracketed_and_comma_forms() {
        let query = QueryParams::parse(Some(
            "status=active,suspended&status=deactivated&groupIds[]=g1&x=1",
        ));
        assert_eq!(
            query.list("status").unwrap(),
            ["active", "suspended", "deactivated"]
        );
        assert_eq!(query.list("groupIds").unwrap(), ["g1"]);
        assert_eq!(query.list("missing"), None);
    }

    #[test]
    fn singles_refuse_repeats_and_bad_values() {
        let query = QueryParams::parse(Some("limit=5&limit=6&mfaEnabled=yes&n=x"));
        assert!(query.single("limit").is_err());
        assert!(query.boolean("mfaEnabled").is_err());
        assert!(query.number("n").is_err());
        assert_eq!(
            QueryParams::parse(Some("limit=7")).number("limit").unwrap(),
            Some(7)
        );
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(page_limit(None, 50, 100).unwrap(), 50);
        assert_eq!(page_limit(Some(100), 50, 100).unwrap(), 100);
        assert!(page_limit(Some(101), 50, 100).is_err());
        assert!(page_limit(Some(0), 50, 100).is_err());
    }

    #[test]
    fn empty_body_is_an_empty_object_and_garbage_is_400() {
        let value: serde_json::Value = json_body(b"  ").unwrap();
        assert_eq!(value, serde_json::json!({}));
        let error = json_body::<serde_json::Value>(b"{").unwrap_err();
        assert_eq!(error.body()["errors"][0]["code"], "ADMIN-400-24");
    }
}
