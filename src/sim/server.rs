//! Starting and stopping one simulator instance on 127.0.0.1: binds, wraps the endpoint router
//! in the transport pipeline, serves in a background task. Must never bind a non-loopback
//! address, and holds no endpoint logic.

mod connection;
mod transport;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use url::Url;

use crate::sim::auth::KeyRing;
use crate::sim::clock::system_clock;
use crate::sim::config::{SimConfig, SimConfigError, UserLimit};
use crate::sim::faults::FaultInjector;
use crate::sim::generate::{GenerateError, GenerateOptions, generate_with_layout};
use crate::sim::model::SimOrg;
use crate::sim::rate_limit::RateLimiter;
use crate::sim::stats::Stats;
use crate::types::Secret;
use transport::Transport;

/// A running simulator. Dropping it stops the server (without waiting); call
/// [`SimHandle::shutdown`] to wait until in-flight requests are answered and the port is free.
pub struct SimHandle {
    /// `http://127.0.0.1:PORT/`: join API paths onto it.
    pub base_url: Url,
    pub org_id: String,
    /// The key every request must send as `Authorization: Bearer`.
    pub key: Secret,
    local_addr: SocketAddr,
    stop: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("base_url", &self.base_url.as_str())
            .field("org_id", &self.org_id)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Why a simulator could not start.
#[derive(Debug, Error)]
pub enum SimStartError {
    #[error("invalid simulator settings: {0}")]
    Config(#[from] SimConfigError),
    #[error("could not generate the simulated org: {0}")]
    Generate(#[from] GenerateError),
    #[error("could not listen on 127.0.0.1:{port}: {source}; choose another port, or 0 for any free one")]
    Bind { port: u16, source: std::io::Error },
    #[error("could not read the address the simulator listens on: {0}")]
    LocalAddr(std::io::Error),
    #[error("could not form the base URL for {0}")]
    BaseUrl(SocketAddr),
    #[error(
        "a user limit names site {site:?}, which the simulated org does not have; name a product key or one of: {known}"
    )]
    UnknownSite { site: String, known: String },
}

impl SimHandle {
    /// The loopback address actually bound (useful when the port was 0).
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, lets in-flight requests finish (bounded), and returns once the
    /// listening socket is closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send_replace(true);
        }
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
        {
            tracing::warn!(%error, "simulator task ended abnormally");
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send_replace(true);
        }
    }
}

/// Generates the org `config` describes (users, seed, epoch, hostile) and serves it. The port
/// is bound first, so a busy port fails fast instead of after generating a large org.
pub async fn start(config: SimConfig) -> Result<SimHandle, SimStartError> {
    config.validate()?;
    let bound = Bound::bind(config.port).await?;
    let epoch = config.epoch.unwrap_or_else(|| {
        let today = chrono::Utc::now().date_naive();
        today.and_time(chrono::NaiveTime::MIN).and_utc()
    });
    let mut org = generate_with_layout(
        &GenerateOptions {
            users: config.users,
            seed: config.seed,
            epoch,
            hostile: config.hostile,
        },
        config.sites,
    )?;
    apply_user_limits(&mut org, &config.user_limits)?;
    let org_id = org.id.clone();
    Ok(bound.serve(&config, org_id, move |base_url| {
        crate::sim::routes::router(org, base_url, system_clock())
    }))
}

/// Sets each configured user limit on the sites it names; a name that matches no site is an error.
fn apply_user_limits(org: &mut SimOrg, limits: &[UserLimit]) -> Result<(), SimStartError> {
    for limit in limits {
        let mut matched = false;
        for site in org
            .products
            .iter_mut()
            .filter(|site| site.id == limit.site || site.key == limit.site || site.v1_key == limit.site)
        {
            site.user_limit = Some(limit.limit);
            matched = true;
        }
        if !matched {
            return Err(SimStartError::UnknownSite {
                site: limit.site.clone(),
                known: org
                    .products
                    .iter()
                    .map(|site| site.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    Ok(())
}

/// Serves a given org (a test fixture, or one generated elsewhere) with the real endpoints;
/// `config.users`, `seed`, `epoch`, `hostile` and `sites` are not used; `user_limits` are.
pub async fn start_with_org(mut org: SimOrg, config: SimConfig) -> Result<SimHandle, SimStartError> {
    apply_user_limits(&mut org, &config.user_limits)?;
    let org_id = org.id.clone();
    start_with_router(config, org_id, move |base_url| {
        crate::sim::routes::router(org, base_url, system_clock())
    })
    .await
}

/// Serves any endpoint router behind the simulator's transport (auth, rate limits, faults,
/// stats, log). `make_router` receives the base URL, known only once bound, for absolute links.
/// Tests with hand-made routers use this directly.
pub async fn start_with_router<F>(
    config: SimConfig,
    org_id: String,
    make_router: F,
) -> Result<SimHandle, SimStartError>
where
    F: FnOnce(Url) -> Router,
{
    config.validate()?;
    Ok(Bound::bind(config.port)
        .await?
        .serve(&config, org_id, make_router))
}

/// A listening loopback socket not yet serving.
struct Bound {
    listener: TcpListener,
    local_addr: SocketAddr,
    base_url: Url,
}

impl Bound {
    /// Binds 127.0.0.1 only: the simulator must never be reachable from another machine.
    async fn bind(port: u16) -> Result<Self, SimStartError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|source| SimStartError::Bind { port, source })?;
        let local_addr = listener.local_addr().map_err(SimStartError::LocalAddr)?;
        let base_url =
            Url::parse(&format!("http://{local_addr}/")).map_err(|_| SimStartError::BaseUrl(local_addr))?;
        Ok(Self {
            listener,
            local_addr,
            base_url,
        })
    }

    fn serve<F>(self, config: &SimConfig, org_id: String, make_router: F) -> SimHandle
    where
        F: FnOnce(Url) -> Router,
    {
        let key = config.key.clone().map_or_else(random_key, Secret::new);
        let transport = Arc::new(Transport {
            keys: KeyRing::new(key.clone(), &config.restricted_keys),
            limiter: RateLimiter::new(config.rate_limit_per_minute),
            faults: FaultInjector::new(config.faults.clone()),
            stats: Stats::default(),
        });
        let router = transport::wrap(make_router(self.base_url.clone()), transport);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(connection::serve(self.listener, router, stopped));
        tracing::info!(target: "dormant::sim", base_url = %self.base_url, %org_id, "simulator listening");
        SimHandle {
            base_url: self.base_url,
            org_id,
            key,
            local_addr: self.local_addr,
            stop: Some(stop),
            task: Some(task),
        }
    }
}

/// 256 random bits, URL-safe, prefixed so a leaked simulator key is recognisable as one.
fn random_key() -> Secret {
    let bytes: [u8; 32] = rand::random();
    Secret::new(format!("dormant-sim-{}", URL_SAFE_NO_PAD.encode(bytes)))
}
