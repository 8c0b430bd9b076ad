//! `Client`: one HTTP connection pool, the key, pacing and retries for every call to the admin
//! APIs, plus base-URL validation. Must not know about the domain model or the UI.

mod body;
mod endpoints;
mod memberships;
mod mutations;
mod seats;
mod send;

use super::error::ApiError;
use super::pacing::Pacer;
use super::retry::{Jitter, RetryPolicy};
use crate::types::Secret;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;
use url::{Host, Url};

pub use body::MAX_RESPONSE_BYTES;
pub use endpoints::ALL_DIRECTORIES;
pub use memberships::MembershipChange;
pub(crate) use send::{Call, Subject};

/// Atlassian's API gateway: the base URL unless `--base-url` / `DORMANT_BASE_URL` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.atlassian.com";

/// Everything needed to build a `Client`. Fields are public so callers and tests can tune them.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Validated by `parse_base_url` (https, or http on loopback only).
    pub base_url: Url,
    pub key: Secret,
    pub retry: RetryPolicy,
    pub connect_timeout: Duration,
    /// Per attempt, headers and body included.
    pub request_timeout: Duration,
}

impl ClientConfig {
    /// Sensible defaults; a loopback base URL (the simulator) gets `RetryPolicy::loopback()`.
    #[must_use]
    pub fn new(base_url: Url, key: Secret) -> Self {
        let retry = if is_loopback(&base_url) {
            RetryPolicy::loopback()
        } else {
            RetryPolicy::default()
        };
        Self {
            base_url,
            key,
            retry,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_mins(1),
        }
    }
}

/// Counters over the client's life, for progress, benchmarks and retry-budget tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// Attempts put on the wire (first tries and retries).
    pub requests: u64,
    pub retries: u64,
    /// 429 answers received.
    pub throttled: u64,
    /// 5xx answers received.
    pub server_errors: u64,
    /// Attempts that got no HTTP answer (refused, dropped, timed out).
    pub transport_errors: u64,
    /// The most attempts any single call needed.
    pub max_attempts_per_call: u32,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
    server_errors: AtomicU64,
    transport_errors: AtomicU64,
    max_attempts_per_call: AtomicU32,
}

/// The admin API client. Cheap to clone (shared state); create one per process so every
/// request shares one connection pool and one rate budget.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// Kept only to blank it out of any server text shown in an error.
    key: Secret,
    retry: RetryPolicy,
    jitter: Jitter,
    pacer: Pacer,
    counters: Counters,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        check_base_url(&config.base_url, config.base_url.as_str())?;
        if config.key.is_empty() {
            return Err(ApiError::InvalidKey {
                reason: "it is empty",
            });
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // The only place the key leaves `Secret`: the Authorization header, marked sensitive so
        // reqwest and hyper never print it.
        let mut bearer =
            HeaderValue::from_str(&format!("Bearer {}", config.key.expose().trim())).map_err(|_| {
                ApiError::InvalidKey {
                    reason: "it contains characters not allowed in an HTTP header",
                }
            })?;
        bearer.set_sensitive(true);
        headers.insert(AUTHORIZATION, bearer);
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .default_headers(headers)
            .user_agent(concat!("dormant/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ApiError::HttpClient)?;
        let jitter = Jitter::new(config.retry.jitter_seed);
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url: config.base_url,
                key: config.key,
                retry: config.retry,
                jitter,
                pacer: Pacer::default(),
                counters: Counters::default(),
            }),
        })
    }

    #[must_use]
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    #[must_use]
    pub fn stats(&self) -> ClientStats {
        let c = &self.inner.counters;
        ClientStats {
            requests: c.requests.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            throttled: c.throttled.load(Ordering::Relaxed),
            server_errors: c.server_errors.load(Ordering::Relaxed),
            transport_errors: c.transport_errors.load(Ordering::Relaxed),
            max_attempts_per_call: c.max_attempts_per_call.load(Ordering::Relaxed),
        }
    }

    /// The base URL with `segments` appended as path segments (each percent-encoded as needed).
    fn url(&self, segments: &[&str]) -> Result<Url, ApiError> {
        let mut url = self.inner.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| ApiError::InvalidBaseUrl {
                text: self.inner.base_url.to_string(),
                reason: "it cannot carry a path".into(),
            })?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }
}

/// Parses and checks a base URL from a flag, the environment or config. Refuses plain `http://`
/// unless the host is this machine, since the key would cross the network unencrypted.
pub fn parse_base_url(text: &str) -> Result<Url, ApiError> {
    let trimmed = text.trim();
    let url = Url::parse(trimmed).map_err(|err| ApiError::InvalidBaseUrl {
        text: trimmed.to_owned(),
        reason: format!("not a URL ({err}); expected e.g. {DEFAULT_BASE_URL}"),
    })?;
    check_base_url(&url, trimmed)?;
    Ok(url)
}

fn check_base_url(url: &Url, text: &str) -> Result<(), ApiError> {
    let refuse = |reason: &str| ApiError::InvalidBaseUrl {
        text: text.to_owned(),
        reason: reason.to_owned(),
    };
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(refuse("it has no host; expected e.g. https://api.atlassian.com"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "it carries credentials; pass the key in DORMANT_API_KEY instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse(
            "it has a query or fragment; give only scheme, host, port and path",
        ));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(refuse(
            "plain http:// would send the API key unencrypted; use https://, or http:// only for a \
             simulator on this machine (127.0.0.1, ::1 or localhost)",
        )),
        _ => Err(refuse("only https:// (or http:// on this machine) is supported")),
    }
}

/// Whether the URL's host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
#[must_use]
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert!(parse_base_url(DEFAULT_BASE_URL).is_ok());
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9/",
            "http://[::1]:1",
            "http://LOCALHOST:3000/api",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("http://api.atlassian.com", "unencrypted"),
            ("http://10.0.0.1", "unencrypted"),
            ("http://localhost.evil.example", "unencrypted"),
            ("ftp://127.0.0.1", "only https"),
            ("https://user:pw@api.atlassian.com", "credentials"),
            ("https://api.atlassian.com/?x=1", "query"),
            ("api.atlassian.com", "not a URL"),
            ("mailto:a@b", "no host"),
        ] {
            let err = parse_base_url(bad).expect_err(bad).to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn urls_are_built_from_segments() {
        let base = parse_base_url("http://127.0.0.1:9/prefix/").expect("valid");
        let client =
            Client::new(ClientConfig::new(base, Secret::new("very-secret-key".into()))).expect("client");
        let url = client
            .url(&["admin", "v1", "orgs", "o/../x", "users", "712020:ab cd"])
            .expect("url");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/prefix/admin/v1/orgs/o%2F..%2Fx/users/712020:ab%20cd"
        );
        assert!(!format!("{client:?}").contains("very-secret"), "{client:?}");
    }

    #[test]
    fn empty_or_malformed_keys_are_refused_without_showing_them() {
        let base = parse_base_url("http://127.0.0.1:9").expect("valid");
        let empty = Client::new(ClientConfig::new(base.clone(), Secret::new("  ".into())));
        assert!(matches!(empty, Err(ApiError::InvalidKey { .. })));
        let broken = Client::new(ClientConfig::new(base, Secret::new("abc\ndef-secret".into())));
        let shown = broken.expect_err("newline refused").to_string();
        assert!(
            !shown.contains("def-secret") && shown.contains("admin.atlassian.com"),
            "{shown}"
        );
    }
}
