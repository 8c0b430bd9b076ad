//! Benchmark of the simulator's org generator: how long generating and serializing the largest
//! orgs takes, and how big their dump is. Prints figures only; never asserts on time.

use std::time::Instant;

use chrono::{DateTime, Utc};
use dormant::sim::generate::{GenerateOptions, MAX_USERS, generate};
use dormant::sim::model::SimOrg;

/// Repeated runs after the first; the best of them is the warm figure.
const WARM_RUNS: u32 = 3;

fn timed(options: &GenerateOptions) -> Result<(SimOrg, f64), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let org = generate(options)?;
    Ok((org, started.elapsed().as_secs_f64() * 1e3))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let epoch: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")?.to_utc();
    for (users, hostile) in [(100_000, false), (100_000, true), (MAX_USERS, false)] {
        let options = GenerateOptions {
            users,
            seed: 2026,
            epoch,
            hostile,
        };
        let (mut org, cold) = timed(&options)?;
        let mut best = f64::MAX;
        for _ in 0..WARM_RUNS {
            // Free the previous org before the clock starts: dropping it is not generation.
            drop(org);
            let (next, millis) = timed(&options)?;
            org = next;
            best = best.min(millis);
        }
        let started = Instant::now();
        let json = serde_json::to_vec(&org)?;
        let serialize = started.elapsed().as_secs_f64() * 1e3;
        println!(
            "sim_generate users={users:>7} hostile={hostile:<5} records={:>7}  generate cold={cold:>7.1} ms \
             warm best={best:>7.1} ms  serialize={serialize:>7.1} ms  json={:>6.1} MiB",
            org.users.len(),
            json.len() as f64 / (1024.0 * 1024.0),
        );
    }
    Ok(())
}
