//! Batch tests against the simulator: load the org through the real client, plan the idle, and
//! read the simulator's ground truth (action log, dump). Shared as
//! `crate::support::batch` by tests/batch.rs, tests/reliability.rs, tests/tui.rs and the batch benchmark.

// Each including crate uses a different part of this file.
#![allow(dead_code, clippy::unwrap_used)]

use dormant::api::{self, Client, ClientConfig, LoadOptions};
use dormant::batch::{ApiGateway, Plan, PlanOptions, Safeguard};
use dormant::directory::{Activity, DirectoryIndex, Exclusions, Lane, Policy, UserStatus};
use dormant::types::Secret;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use url::Url;

/// The client side of one simulator.
pub struct SimTarget {
    pub base_url: Url,
    pub org_id: String,
    pub key: Secret,
    pub client: Client,
    http: reqwest::Client,
}

impl SimTarget {
    pub fn new(base_url: Url, org_id: String, key: Secret) -> Self {
        let client = Client::new(ClientConfig::new(base_url.clone(), key.clone())).unwrap();
        Self {
            base_url,
            org_id,
            key,
            client,
            http: reqwest::Client::new(),
        }
    }

    pub fn gateway(&self) -> ApiGateway {
        ApiGateway::new(
            self.client.clone(),
            self.org_id.parse().expect("the simulator's org id"),
        )
    }

    /// The org loaded and classified now.
    pub async fn index(&self) -> DirectoryIndex {
        let outcome = api::load_directory(&self.client, &self.org_id, &LoadOptions::default(), &|_| {})
            .await
            .unwrap();
        let as_of = outcome.directory.loaded_at;
        DirectoryIndex::build(
            Arc::new(outcome.directory),
            &Policy::default(),
            &Exclusions::default(),
            as_of,
        )
    }

    /// A suspend plan over up to `limit` active users that are not protected, whatever their
    /// lane: review and active are included explicitly (`--include-lane review,active`). Users
    /// whose activity the load left unknown (not looked up: it could not make them ready) are
    /// left out, since the engine's fresh read may rightly skip them as active since the load.
    pub fn plan(index: &DirectoryIndex, limit: usize, options: &PlanOptions) -> Plan {
        let options = &PlanOptions {
            include_lanes: vec![Lane::NeedsReview, Lane::Active],
            ..options.clone()
        };
        let accounts: Vec<_> = (0..index.len() as u32)
            .filter(|&row| index.lane(row) != Lane::Protected && index.user(row).status == UserStatus::Active)
            .filter(|&row| index.user(row).activity != Activity::Unknown)
            .take(limit)
            .map(|row| index.user(row).account_id.clone())
            .collect();
        Plan::build(index, accounts, options, chrono::Utc::now()).unwrap()
    }

    pub fn safeguard(index: &DirectoryIndex) -> Safeguard {
        Safeguard::new(index.classifier().clone())
    }

    /// GETs a simulator path (inspection endpoints included) and returns its JSON body.
    pub async fn sim_get(&self, path: &str) -> Value {
        let url = self.base_url.join(path).unwrap();
        let response = self
            .http
            .get(url)
            .bearer_auth(self.key.expose())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap()
    }

    /// Tokens left in this key's rate-limit bucket, read from an exempt `/__sim` request (which
    /// reports the quota without spending any).
    pub async fn remaining_budget(&self) -> u64 {
        let url = self.base_url.join("__sim/stats").unwrap();
        let response = self
            .http
            .get(url)
            .bearer_auth(self.key.expose())
            .send()
            .await
            .unwrap();
        response.headers()["x-ratelimit-remaining"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// `(account id, effect)` of every mutation the simulator handled, in order.
    pub async fn actions(&self) -> Vec<(String, String)> {
        let body = self.sim_get("__sim/actions").await;
        body["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|action| {
                (
                    action["accountId"].as_str().unwrap_or_default().to_owned(),
                    action["effect"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Every user of the simulator's ground truth, by account id.
    pub async fn dump_users(&self) -> HashMap<String, Value> {
        let body = self.sim_get("__sim/dump").await;
        body["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|user| (user["account_id"].as_str().unwrap().to_owned(), user.clone()))
            .collect()
    }

    /// Marks `account` active on `product` now (simulator clock).
    pub async fn touch(&self, account: &str, product: &str) {
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .unwrap()
            .pop_if_empty()
            .extend(["__sim", "users", account, "activity"]);
        let response = self
            .http
            .post(url)
            .bearer_auth(self.key.expose())
            .json(&serde_json::json!({ "product": product }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }

    pub async fn reset(&self) {
        let url = self.base_url.join("__sim/reset").unwrap();
        let response = self
            .http
            .post(url)
            .bearer_auth(self.key.expose())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
}
