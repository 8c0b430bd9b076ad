//! A simulator whose answers on one endpoint are scripted by a test: every other path is served
//! by the real simulator router (behind its usual transport: key, stats, actions), the scripted
//! one answers from a `Script`. For hostile-input cases: malformed or oversized bodies, cursors
//! that loop or never end. A module of `support` in the test crates that need it.

#![allow(dead_code, clippy::unwrap_used)]

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::RawQuery;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::any;
use dormant::sim::generate::{GenerateOptions, generate};
use dormant::sim::{SimConfig, SimHandle};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The endpoints a script can take over, by the short names case files use.
pub fn route_path(name: &str) -> Option<&'static str> {
    Some(match name {
        "org" => "/admin/v1/orgs/{org_id}",
        "directories" => "/admin/v2/orgs/{org_id}/directories",
        "domains" => "/admin/v1/orgs/{org_id}/domains",
        "groups/search" => "/admin/v2/orgs/{org_id}/directories/{directory_id}/groups/search",
        "users/count" => "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/count",
        "users/search" => "/admin/v2/orgs/{org_id}/directories/{directory_id}/users/search",
        "last-active-dates" => "/admin/v1/orgs/{org_id}/directory/users/{account_id}/last-active-dates",
        _ => return None,
    })
}

/// How the scripted endpoint answers.
#[derive(Debug, Clone)]
pub enum Script {
    /// The same status and body to every request.
    Fixed { status: u16, body: Bytes },
    /// The body for the request's cursor (`""` for the first page); an unknown cursor is a 400.
    ByCursor(BTreeMap<String, String>),
    /// An empty page whose `links.next` is always a cursor never handed out before.
    Endless,
}

impl Script {
    fn answer(&self, cursor: &str) -> Response {
        let (status, body) = match self {
            Script::Fixed { status, body } => (*status, body.clone()),
            Script::ByCursor(pages) => match pages.get(cursor) {
                Some(body) => (200, Bytes::from(body.clone())),
                None => (
                    400,
                    Bytes::from(format!(
                        "{{\"errors\":[{{\"title\":\"unknown cursor {cursor}\"}}]}}"
                    )),
                ),
            },
            Script::Endless => {
                let next = cursor.trim_start_matches('c').parse::<u64>().unwrap_or(0) + 1;
                (
                    200,
                    Bytes::from(format!("{{\"data\":[],\"links\":{{\"next\":\"c{next}\"}}}}")),
                )
            }
        };
        Response::builder()
            .status(StatusCode::from_u16(status).unwrap())
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    }
}

/// The cursor of a request: `cursor` in a JSON body (searches) or in the query (GETs).
fn cursor_of(method: &Method, query: Option<&str>, body: &[u8]) -> String {
    if *method == Method::POST {
        let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        return json["cursor"].as_str().unwrap_or_default().to_owned();
    }
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "cursor")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// A simulator of `users` regular users (seeded) with `route` answered by `script`.
pub async fn start(users: u32, key: &str, route: &'static str, script: Script) -> SimHandle {
    let org = generate(&GenerateOptions {
        users,
        seed: 8,
        epoch: chrono::Utc::now()
            .date_naive()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc(),
        hostile: false,
    })
    .unwrap();
    let org_id = org.id.clone();
    let config = SimConfig {
        key: Some(key.to_owned()),
        ..SimConfig::default()
    };
    let script = Arc::new(script);
    dormant::sim::start_with_router(config, org_id, move |base_url| {
        let simulator = dormant::sim::routes::router(org, base_url, dormant::sim::clock::system_clock());
        Router::new()
            .route(
                route,
                any(move |method: Method, RawQuery(query): RawQuery, body: Bytes| {
                    let script = Arc::clone(&script);
                    async move { script.answer(&cursor_of(&method, query.as_deref(), &body)) }
                }),
            )
            .fallback_service(simulator)
    })
    .await
    .unwrap()
}
