//! A tiny stand-in for the endpoint router, so the transport layer is tested on its own: one
//! read, one mutation that counts how often it was applied, one User management read, and the
//! `/__sim` endpoints the transport must leave alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use dormant::sim::{SimConfig, SimHandle, start_with_router};
use serde_json::{Value, json};

pub const SUSPEND: &str = "admin/v2/orgs/org-1/directories/dir-1/users/acc-1/suspend";

/// A started simulator over the fixture router, plus how often the mutation was applied.
pub struct Fixture {
    pub sim: SimHandle,
    pub applied: Arc<AtomicU64>,
    pub http: reqwest::Client,
}

pub async fn start(config: SimConfig) -> Fixture {
    let applied = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&applied);
    let sim = start_with_router(config, "org-1".into(), move |base_url| router(&base_url, counter))
        .await
        .unwrap();
    Fixture {
        sim,
        applied,
        http: reqwest::Client::new(),
    }
}

fn router(base_url: &url::Url, applied: Arc<AtomicU64>) -> Router {
    let orgs_link = base_url.join("admin/v1/orgs").unwrap().to_string();
    let on_suspend = Arc::clone(&applied);
    let on_reset = Arc::clone(&applied);
    let on_actions = applied;
    Router::new()
        .route(
            "/admin/v1/orgs",
            get(move || {
                let link = orgs_link.clone();
                async move { axum::Json(json!({ "data": [], "links": { "self": link } })) }
            }),
        )
        .route(
            "/admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend",
            post(move || {
                on_suspend.fetch_add(1, Ordering::SeqCst);
                async { StatusCode::NO_CONTENT }
            }),
        )
        .route(
            "/users/{accountId}/manage/profile",
            get(|| async { axum::Json(json!({ "account": { "account_id": "acc-1" } })) }),
        )
        .route(
            "/__sim/actions",
            get(move || {
                let applied = on_actions.load(Ordering::SeqCst);
                async move { axum::Json(json!({ "applied": applied })) }
            }),
        )
        .route(
            "/__sim/reset",
            post(move || {
                on_reset.store(0, Ordering::SeqCst);
                async { StatusCode::NO_CONTENT }
            }),
        )
}

impl Fixture {
    pub fn url(&self, path: &str) -> url::Url {
        self.sim.base_url.join(path).unwrap()
    }

    /// An authenticated request with the admin key.
    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(self.sim.key.expose())
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(self.sim.key.expose())
    }

    pub async fn stats(&self) -> Value {
        let response = self.get("__sim/stats").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub fn applied(&self) -> u64 {
        self.applied.load(Ordering::SeqCst)
    }
}

/// Polls `check` every 20 ms until it holds or `within` elapses.
pub async fn eventually<F, Fut>(within: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + within;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .unwrap()
}
