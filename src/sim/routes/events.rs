//! `GET /admin/v1/orgs/{orgId}/events` (reference §1.12): the audit log of changes the simulator
//! applied, newest first (`EVENTS_NEWEST_FIRST`), v1 paging with full-URL `links.next` and
//! `meta.next`. Owns request handling and paging; event shapes live in `wire::event`.

use super::input::{QueryParams, page_limit};
use super::{Handled, SimContext, json_ok};
use crate::api::assumptions::{EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT};
use crate::sim::cursor::PageCursor;
use crate::sim::state::{EventRecord, scan_page};
use crate::sim::wire::event::event_model;
use crate::sim::wire::to_body;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

const EVENTS_CURSOR: &str = "events";

pub(super) fn routes() -> Router<SimContext> {
    Router::new().route("/admin/v1/orgs/{org_id}/events", get(events))
}

/// The filters a cursor replays: `from`/`to` in epoch milliseconds (inclusive), `action` exact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct EventQuery {
    from: Option<i64>,
    to: Option<i64>,
    action: Option<String>,
    limit: usize,
}

impl EventQuery {
    fn matches(&self, event: &EventRecord) -> bool {
        let millis = event.time.timestamp_millis();
        self.from.is_none_or(|from| millis >= from)
            && self.to.is_none_or(|to| millis <= to)
            && self.action.as_ref().is_none_or(|action| action == event.action)
    }
}

async fn events(
    State(ctx): State<SimContext>,
    Path(org_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Handled {
    let params = QueryParams::parse(raw.as_deref());
    let cursor = params.single("cursor")?;
    let limit = params.number("limit")?;
    let body = ctx.read(|state, render_ctx| {
        state.check_org(&org_id)?;
        let events = state.journal().events();
        // A cursor position is the newest `seq` its page may show.
        let (query, newest) = if let Some(cursor) = &cursor {
            let PageCursor {
                mut query, position, ..
            } = PageCursor::<EventQuery>::decode(EVENTS_CURSOR, cursor)?;
            if let Some(limit) = limit {
                query.limit = page_limit(Some(limit), EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT)?;
            }
            (query, position)
        } else {
            let query = EventQuery {
                from: params.integer("from")?,
                to: params.integer("to")?,
                action: params.single("action")?,
                limit: page_limit(limit, EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT)?,
            };
            (query, events.len())
        };
        let at_seq = |seq: usize| seq.checked_sub(1).and_then(|at| events.get(at));
        let page = scan_page(
            (1..=newest.min(events.len())).rev(),
            std::iter::empty(),
            query.limit,
            |seq| at_seq(seq).is_some_and(|event| query.matches(event)),
        );
        let data: Vec<Value> = page
            .positions
            .iter()
            .filter_map(|&seq| at_seq(seq))
            .map(|event| event_model(render_ctx, event))
            .collect();
        let next = page
            .next
            .map(|seq| PageCursor::new(EVENTS_CURSOR, query.clone(), seq).encode())
            .transpose()?;
        let self_query: Vec<(&str, &str)> = params.pairs().collect();
        let self_link = render_ctx.org_v1_link(&["events"], &self_query);
        let next_link = next
            .as_deref()
            .map(|next| render_ctx.org_v1_link(&["events"], &[("cursor", next)]));
        to_body(&json!({
            "data": data,
            "meta": { "next": next, "page_size": query.limit },
            "links": { "self": self_link, "next": next_link },
        }))
    })?;
    Ok(json_ok(body))
}
