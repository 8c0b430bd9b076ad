//! One call from first attempt to final answer: pacing slot, send, 429 waits, backoff on 5xx
//! and transport failures for calls safe to repeat, counting, then decode or a typed error.

use super::body::{self, BodyError, MAX_RESPONSE_BYTES};
use super::{Client, Counters};
use crate::api::error::{ApiError, Endpoint};
use crate::api::pacing;
use crate::api::response;
use crate::api::retry::{self, Repeat};
use chrono::Utc;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;

/// What a 404 means for a call: which thing was not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject<'a> {
    /// Org-independent (`GET /admin/v1/orgs`).
    OrgList,
    /// Anything under one org: a 404 means the org id is wrong.
    Org(&'a str),
    /// A per-user call: a 404 means that user (or, with `ADMIN-404-2`, the org).
    User { org_id: &'a str, account_id: &'a str },
}

/// A request, described fully enough to send it again.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub method: Method,
    pub url: url::Url,
    pub json_body: Option<Vec<u8>>,
    pub repeat: Repeat,
    /// Scope a scoped key needs, named in `InsufficientScope`.
    pub scope: &'static str,
    pub subject: Subject<'a>,
}

/// What one attempt produced.
enum Attempt {
    Answered {
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    NoAnswer(reqwest::Error),
    /// The body crossed `MAX_RESPONSE_BYTES`: not read further, never retried.
    TooLarge {
        status: StatusCode,
        declared: Option<u64>,
    },
}

impl Client {
    /// Sends `call` until it succeeds or its retry budget is spent; decodes a 2xx body as `T`.
    pub(crate) async fn execute<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ApiError> {
        let body = self.execute_raw(call).await?;
        response::decode(&call.endpoint(), &body, &self.inner.key)
    }

    /// Like `execute` for calls whose success has no body worth reading.
    pub(crate) async fn execute_raw(&self, call: &Call<'_>) -> Result<Vec<u8>, ApiError> {
        let policy = &self.inner.retry;
        let counters = &self.inner.counters;
        let mut attempts: u32 = 0;
        let mut transient_retries: u32 = 0;
        let mut throttle_retries: u32 = 0;
        loop {
            attempts += 1;
            counters
                .max_attempts_per_call
                .fetch_max(attempts, Ordering::Relaxed);
            let wait = match self.attempt(call).await {
                Attempt::Answered { status, body, .. } if status.is_success() => return Ok(body),
                Attempt::Answered {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    headers,
                    ..
                } => {
                    counters.throttled.fetch_add(1, Ordering::Relaxed);
                    let asked = retry::retry_after(&headers, Utc::now())
                        .or_else(|| pacing::until_reset(&headers, Utc::now()));
                    let too_long = asked.is_some_and(|wait| wait > policy.max_throttle_wait);
                    if throttle_retries >= policy.max_throttle_retries || too_long {
                        return Err(ApiError::RateLimited {
                            endpoint: call.endpoint(),
                            attempts,
                            retry_after: asked,
                        });
                    }
                    throttle_retries += 1;
                    let wait = asked.map_or_else(
                        || policy.backoff(throttle_retries - 1, &self.inner.jitter),
                        // A little extra so requests released together do not collide again.
                        |wait| wait.mul_f64(self.inner.jitter.factor(1.0, 1.1)),
                    );
                    if pacing::budget_spent(&headers) {
                        self.inner.pacer.pause_all(wait);
                    }
                    wait
                }
                Attempt::Answered {
                    status,
                    headers,
                    body,
                } if status.is_server_error() => {
                    counters.server_errors.fetch_add(1, Ordering::Relaxed);
                    if call.repeat == Repeat::Once || transient_retries >= policy.max_retries {
                        return Err(response::server_error(
                            &call.endpoint(),
                            status,
                            &body,
                            attempts,
                            &self.inner.key,
                        ));
                    }
                    transient_retries += 1;
                    let backoff = policy.backoff(transient_retries - 1, &self.inner.jitter);
                    retry::retry_after(&headers, Utc::now()).map_or(backoff, |asked| asked.max(backoff))
                }
                Attempt::Answered { status, body, .. } => {
                    return Err(response::refusal(
                        &call.endpoint(),
                        call,
                        status,
                        &body,
                        &self.inner.key,
                    ));
                }
                Attempt::TooLarge { status, declared } => {
                    return Err(ApiError::ResponseTooLarge {
                        endpoint: call.endpoint(),
                        status: status.as_u16(),
                        limit: MAX_RESPONSE_BYTES,
                        declared,
                    });
                }
                Attempt::NoAnswer(source) => {
                    counters.transport_errors.fetch_add(1, Ordering::Relaxed);
                    if call.repeat == Repeat::Once || transient_retries >= policy.max_retries {
                        return Err(ApiError::Transport {
                            endpoint: call.endpoint(),
                            attempts,
                            source,
                        });
                    }
                    transient_retries += 1;
                    policy.backoff(transient_retries - 1, &self.inner.jitter)
                }
            };
            counters.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, call: &Call<'_>) -> Attempt {
        let slot = self.inner.pacer.acquire().await;
        count(&self.inner.counters);
        let mut request = self.inner.http.request(call.method.clone(), call.url.clone());
        if let Some(body) = &call.json_body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(source) => return Attempt::NoAnswer(source),
        };
        let status = response.status();
        let headers = response.headers().clone();
        self.inner.pacer.observe(&headers);
        let body = match body::read_capped(response, MAX_RESPONSE_BYTES).await {
            Ok(body) => body,
            Err(BodyError::Transport(source)) => return Attempt::NoAnswer(source),
            Err(BodyError::TooLarge { declared }) => return Attempt::TooLarge { status, declared },
        };
        drop(slot);
        Attempt::Answered {
            status,
            headers,
            body,
        }
    }
}

impl Call<'_> {
    /// Method and path of this call, as errors name it.
    pub(crate) fn endpoint(&self) -> Endpoint {
        Endpoint {
            method: method_name(&self.method),
            path: self.url.path().to_owned(),
        }
    }
}

fn count(counters: &Counters) {
    counters.requests.fetch_add(1, Ordering::Relaxed);
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        _ => "request",
    }
}
