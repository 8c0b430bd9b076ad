//! Serves the simulator router on 127.0.0.1:0 inside a test, with a clock the test controls, and a
//! small JSON client over reqwest.

// Test support: a failed setup must fail the test loudly.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use dormant::sim::model::SimOrg;
use dormant::sim::routes::router;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use url::Url;

pub struct Sim {
    pub base: Url,
    /// The id of the org the simulator serves.
    pub org_id: String,
    http: reqwest::Client,
    clock: Arc<Mutex<DateTime<Utc>>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A response: status, body as JSON (`Value::Null` when empty) and the raw text.
pub struct Reply {
    pub status: StatusCode,
    pub json: Value,
    pub text: String,
}

impl Sim {
    pub async fn start(org: SimOrg) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let org_id = org.id.clone();
        let clock = Arc::new(Mutex::new(super::fixture::now()));
        let reader = Arc::clone(&clock);
        let app = router(org, base.clone(), Arc::new(move || *reader.lock().unwrap()));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            base,
            org_id,
            http: reqwest::Client::new(),
            clock,
            server,
        }
    }

    pub fn set_now(&self, at: DateTime<Utc>) {
        *self.clock.lock().unwrap() = at;
    }

    /// An absolute URL for `path` (which may carry a query string).
    pub fn url(&self, path: &str) -> String {
        self.base.join(path.trim_start_matches('/')).unwrap().to_string()
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        Reply { status, json, text }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(self.url(path))).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    pub async fn post_raw(&self, path: &str, body: &'static str) -> Reply {
        self.send(
            self.http
                .post(self.url(path))
                .header("content-type", "application/json")
                .body(body),
        )
        .await
    }

    pub async fn post_empty(&self, path: &str) -> Reply {
        self.send(self.http.post(self.url(path))).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.http.delete(self.url(path))).await
    }

    pub async fn put(&self, path: &str) -> Reply {
        self.send(self.http.put(self.url(path))).await
    }

    /// `POST /admin/v2/orgs/{org}/directories/{dir}/users/search`.
    pub async fn search(&self, directory: &str, body: &Value) -> Reply {
        self.post(
            &format!(
                "/admin/v2/orgs/{}/directories/{directory}/users/search",
                self.org_id
            ),
            body,
        )
        .await
    }

    /// Every page of a user search from `body`, following `links.next`; returns all items.
    pub async fn search_all(&self, directory: &str, body: &Value) -> Vec<Value> {
        let mut items = Vec::new();
        let mut reply = self.search(directory, body).await;
        loop {
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
            items.extend(reply.json["data"].as_array().unwrap().iter().cloned());
            let Some(next) = reply.json["links"]["next"].as_str() else {
                return items;
            };
            reply = self
                .search(directory, &serde_json::json!({ "cursor": next }))
                .await;
        }
    }

    pub async fn dump_user(&self, account_id: &str) -> Value {
        let dump = self.get("/__sim/dump").await.json;
        dump["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|user| user["account_id"] == account_id)
            .unwrap()
            .clone()
    }

    pub async fn actions(&self) -> Vec<Value> {
        self.get("/__sim/actions").await.json["actions"]
            .as_array()
            .unwrap()
            .clone()
    }
}

/// The org-API error code of a reply.
pub fn code(reply: &Reply) -> &str {
    reply.json["errors"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an org error: {}", reply.text))
}

/// The `accountId`s of v2 items.
pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["accountId"].as_str().unwrap().to_owned())
        .collect()
}
