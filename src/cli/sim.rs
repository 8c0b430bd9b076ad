//! `dormant sim`: turns flags into a `SimConfig`, starts the simulator, announces it with one
//! JSON line on stdout and serves until Ctrl-C or SIGTERM. Holds no simulator logic.

use std::io::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use thiserror::Error;

use crate::platform::signals::{Stop, StopSignals};
use crate::sim::config::DEFAULT_RATE_LIMIT_PER_MINUTE;
use crate::sim::generate::{DEFAULT_USERS, MAX_USERS};
use crate::sim::{Faults, SimConfig, SimStartError};

/// Flags of `dormant sim`. Fault rates are probabilities per API request; `/__sim/*` is exempt.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Loopback port to listen on (0 = any free port; the chosen one is printed).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Accounts in the generated org.
    #[arg(long, default_value_t = DEFAULT_USERS, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_USERS)))]
    users: u32,
    /// Seed of the generated org and of the injected faults: same seed, same org, same faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Day the generated activity is relative to, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_parser = parse_epoch)]
    epoch: Option<DateTime<Utc>>,
    /// API key clients must send (default: a random one, printed). Prefer the environment
    /// variable: command lines are visible to other local users.
    #[arg(long, env = "DORMANT_SIM_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Requests per minute per key (token bucket; refills continuously).
    #[arg(long = "rate-limit", default_value_t = DEFAULT_RATE_LIMIT_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: u32,
    /// Fixed delay added to every API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Random extra delay of up to this many milliseconds.
    #[arg(long, default_value_t = 0)]
    jitter_ms: u64,
    /// Share of API requests answered 500 ADMIN-500-1 without effect (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fail_rate: f64,
    /// Share of API requests answered with a spurious 429 (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    throttle_rate: f64,
    /// Share of API requests whose connection is closed with no answer, half of them after
    /// the change was applied (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    drop_rate: f64,
    /// Share of API requests held back a further --spike-ms before their answer (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    spike_rate: f64,
    /// Extra delay of a spiked request, in milliseconds.
    #[arg(long, default_value_t = 2_000)]
    spike_ms: u64,
    /// Add accounts with hostile names and emails and records with unknown enum values.
    #[arg(long)]
    hostile: bool,
}

/// Why `dormant sim` stopped with an error.
#[derive(Debug, Error)]
pub enum SimCommandError {
    #[error("the simulator did not start: {0}")]
    Start(#[from] SimStartError),
    #[error("could not write the simulator's address to stdout: {0}")]
    Announce(std::io::Error),
    #[error("could not listen for Ctrl-C / SIGTERM: {0}")]
    Signal(std::io::Error),
}

impl SimCommandError {
    /// Whether a different flag value would fix it.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Self::Start(SimStartError::Config(_) | SimStartError::Bind { .. })
        )
    }
}

impl SimArgs {
    fn into_config(self) -> SimConfig {
        SimConfig {
            port: self.port,
            users: self.users,
            seed: self.seed,
            epoch: self.epoch,
            key: self.key,
            rate_limit_per_minute: self.rate_limit,
            faults: Faults {
                latency_ms: self.latency_ms,
                jitter_ms: self.jitter_ms,
                fail_rate: self.fail_rate,
                throttle_rate: self.throttle_rate,
                drop_rate: self.drop_rate,
                spike_rate: self.spike_rate,
                spike_ms: self.spike_ms,
                seed: self.seed,
            },
            hostile: self.hostile,
            restricted_keys: Vec::new(),
            ..SimConfig::default()
        }
    }
}

/// Serves until Ctrl-C or SIGTERM, then stops gracefully.
pub async fn run(args: SimArgs) -> Result<(), SimCommandError> {
    // Registered before the simulator is announced, so a signal sent right after the
    // announcement stops it cleanly instead of killing the process.
    let mut stop =
        StopSignals::listen(&[Stop::Interrupt, Stop::Terminate]).map_err(SimCommandError::Signal)?;
    let sim = crate::sim::start(args.into_config()).await?;
    let announcement = serde_json::json!({
        "base_url": sim.base_url.as_str(),
        "org_id": sim.org_id,
        // Printing the key is the point: the caller needs it to talk to this simulator.
        "key": sim.key.expose(),
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{announcement}")
        .and_then(|()| stdout.flush())
        .map_err(SimCommandError::Announce)?;
    drop(stdout);
    let signal = stop.recv().await;
    tracing::info!(target: "dormant::sim", signal, "stopping the simulator");
    sim.shutdown().await;
    Ok(())
}

fn parse_rate(value: &str) -> Result<f64, String> {
    let rate: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number; give a probability such as 0.05"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!(
            "{rate} is outside 0..=1; give a probability such as 0.05"
        ))
    }
}

fn parse_epoch(value: &str) -> Result<DateTime<Utc>, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
        .map_err(|error| format!("`{value}` is not a date as YYYY-MM-DD ({error})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    #[test]
    fn rates_must_be_probabilities() {
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert_eq!(parse_rate("1"), Ok(1.0));
        assert!(parse_rate("1.5").unwrap_err().contains("outside 0..=1"));
        assert!(parse_rate("-0").is_ok());
        assert!(parse_rate("NaN").is_err());
        assert!(parse_rate("often").unwrap_err().contains("not a number"));
    }

    #[derive(clap::Parser)]
    struct Line {
        #[command(flatten)]
        sim: SimArgs,
    }

    fn faults_of(args: &[&str]) -> Faults {
        let line = Line::try_parse_from(std::iter::once("sim").chain(args.iter().copied())).unwrap();
        line.sim.into_config().faults
    }

    #[test]
    fn spikes_are_off_unless_asked_for_and_reach_the_config() {
        let quiet = faults_of(&[]);
        assert!(quiet.spike_rate <= 0.0, "{quiet:?}");
        let spiky = faults_of(&["--spike-rate", "0.02", "--spike-ms", "1500", "--seed", "4"]);
        assert!((spiky.spike_rate - 0.02).abs() < f64::EPSILON);
        assert_eq!((spiky.spike_ms, spiky.seed), (1500, 4));
        assert!(Line::try_parse_from(["sim", "--spike-rate", "3"]).is_err());
    }

    #[test]
    fn epochs_are_midnight_utc() {
        let epoch = parse_epoch("2026-03-01").unwrap();
        assert_eq!(epoch.to_rfc3339(), "2026-03-01T00:00:00+00:00");
        assert!(parse_epoch("01/03/2026").is_err());
    }
}
