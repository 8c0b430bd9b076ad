//! Rendering the simulator's state in the exact JSON shapes of the reference: camelCase for v2,
//! `snake_case` for v1 and User management, each timestamp in the precision its example shows.
//! Owns shapes only; must not filter, page or change state.

pub mod event;
pub mod group;
pub mod org;
pub mod profile;
pub mod role;
pub mod seat;
pub mod user_v1;
pub mod user_v2;
pub mod workspace;

use super::cursor::PageCursor;
use super::errors::SimError;
use super::model::SimOrg;
use super::state::{OrgIndex, Page};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

/// What every renderer may read: the org, its indexes and the base URL for absolute links.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    pub org: &'a SimOrg,
    pub index: &'a OrgIndex,
    pub base_url: &'a Url,
}

impl RenderContext<'_> {
    /// An absolute link under the base URL, built from path segments and query pairs. A base URL
    /// that cannot carry a path (not http/https) renders as itself.
    #[must_use]
    pub fn link(&self, segments: &[&str], query: &[(&str, &str)]) -> String {
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url.to_string()
    }

    /// `…/admin/v1/orgs/{orgId}/<tail>`.
    #[must_use]
    pub fn org_v1_link(&self, tail: &[&str], query: &[(&str, &str)]) -> String {
        let mut segments = vec!["admin", "v1", "orgs", self.org.id.as_str()];
        segments.extend_from_slice(tail);
        self.link(&segments, query)
    }

    /// The User management profile URL of an account (`links.self` of v1 users, event actors).
    #[must_use]
    pub fn profile_link(&self, account_id: &str) -> String {
        self.link(&["users", account_id, "manage", "profile"], &[])
    }
}

/// v2 `links`: bare opaque cursors, `null` where there is no such page.
#[derive(Serialize)]
pub struct CursorLinks {
    #[serde(rename = "self")]
    pub self_link: String,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl CursorLinks {
    /// Links of a page that started at `start`, encoding `query` into each cursor.
    pub fn of<Q: Clone + Serialize + DeserializeOwned>(
        kind: &str,
        query: &Q,
        start: usize,
        page: &Page,
    ) -> Result<Self, SimError> {
        let cursor = |position: usize| PageCursor::new(kind, query.clone(), position).encode();
        Ok(Self {
            self_link: cursor(start)?,
            prev: page.prev.map(cursor).transpose()?,
            next: page.next.map(cursor).transpose()?,
        })
    }
}

/// `2022-05-11T08:02:44.000Z`: `addedToOrg`, `deactivatedOn`, v1 `last_active`, event `time`.
#[must_use]
pub fn timestamp_millis(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `2026-03-02T09:14:27Z`: v2 `lastActiveTimestamp`, `last-active-dates` timestamps.
#[must_use]
pub fn timestamp_seconds(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-03-02`: `last-active-dates` dates.
#[must_use]
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Serializes a response body; failure is the simulator's own bug, served as `ADMIN-500-1`.
pub fn to_body<T: Serialize>(value: &T) -> Result<Vec<u8>, SimError> {
    serde_json::to_vec(value)
        .map_err(|error| SimError::internal(format!("could not render the response: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_use_the_reference_precisions() {
        let at = Utc.with_ymd_and_hms(2022, 5, 11, 8, 2, 44).single().unwrap();
        assert_eq!(timestamp_millis(at), "2022-05-11T08:02:44.000Z");
        assert_eq!(timestamp_seconds(at), "2022-05-11T08:02:44Z");
        assert_eq!(date(at), "2022-05-11");
    }
}
