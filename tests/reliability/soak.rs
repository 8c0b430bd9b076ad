//! Soak (issue 8): the real `dormant apply` commits a large plan at a tight rate limit against an
//! in-process simulator while the test samples the process's resident memory (`VmRSS` in
//! /proc/PID/status). Memory must stay flat once the batch is under way, and the result must be
//! exact: every planned user suspended once (`/__sim/actions`), the journal agreeing with
//! `/__sim/dump`. Samples on an interval; waits for nothing with a sleep.

use crate::support::expected;
use crate::support::home;

use crate::support::batch as support;

use crate::support::suite;

use crate::commit_checks;

use dormant::batch::PlanOptions;
use dormant::directory::Lane;
use dormant::sim::model::SimOrg;
use dormant::sim::{SimConfig, SimHandle, StatsSnapshot};
use dormant::types::BatchCap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use support::SimTarget;
use tokio::process::Command;
use tokio::time::{Instant, MissedTickBehavior};

/// Growth allowed between the baseline (after `BASELINE_USERS` outcomes) and the end. What the
/// process legitimately keeps per user is its outcome (well under 1 KiB: 5,000 users ≈ 5 MiB)
/// plus allocator slack; a leak of one re-read response per user (≥ 4 KiB each) over the
/// 4,700 users after the baseline would exceed it.
const GROWTH_BOUND_KIB: u64 = 16 * 1024;

/// Everything one soak run needs: planned users, the rate, the org that holds enough of them.
struct Soak {
    users: usize,
    rate_per_minute: u32,
    org: u32,
    /// Outcomes recorded before the baseline sample is taken.
    baseline_users: usize,
}

fn soak() -> Soak {
    Soak {
        users: suite::scale(600, 5_000),
        rate_per_minute: suite::scale(600, 1_200),
        org: suite::scale(1_600, 12_000),
        baseline_users: suite::scale(100, 300),
    }
}

fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn journal_in(home: &Path) -> Option<PathBuf> {
    let dir = home.join("data").join("dormant").join("batches");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
}

/// Outcome records so far: every record but the header and the `started` ones.
fn outcomes_in(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter(|line| !line.contains(r#""record":"started""#) && !line.contains(r#""record":"finished""#))
        .count()
}

/// Resident memory of the apply process over its life.
#[derive(Default)]
struct Memory {
    /// At the first outcome: the org is loaded and the plan read, the commit begins.
    start: Option<u64>,
    /// Once `baseline_users` outcomes are in: the commit has reached its steady state.
    baseline: Option<u64>,
    /// Over the whole process, load included.
    peak: u64,
    end: u64,
    samples: usize,
}

impl Memory {
    fn sample(&mut self, kib: u64, outcomes: usize, baseline_users: usize) {
        if outcomes > 0 {
            self.start.get_or_insert(kib);
        }
        if outcomes >= baseline_users {
            self.baseline.get_or_insert(kib);
        }
        self.peak = self.peak.max(kib);
        self.end = kib;
        self.samples += 1;
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Runs `dormant apply` on the plan and samples its memory until it exits.
async fn watch_apply(
    sim: &SimHandle,
    soak: &Soak,
    home: &Path,
    plan_path: &Path,
) -> (std::process::ExitStatus, Duration, Memory) {
    let stderr_path = home.join("apply.stderr");

    let cap_text = soak.users.to_string();
    let mut child = Command::from(home::dormant_in(home))
        .args([
            "apply",
            plan_path.to_str().expect("utf8"),
            "--yes",
            "--cap",
            &cap_text,
        ])
        .env("DORMANT_API_KEY", sim.key.expose())
        .env("DORMANT_BASE_URL", sim.base_url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).expect("stderr file"))
        .kill_on_drop(true)
        .spawn()
        .expect("apply starts");
    let pid = child.id().expect("running");
    let started = Instant::now();
    // Generous: the full run needs about users / rate minutes plus the load.
    let deadline = Duration::from_secs(120 + 90 * soak.users as u64 / u64::from(soak.rate_per_minute));
    let mut memory = Memory::default();
    let mut ticks = tokio::time::interval(Duration::from_millis(100));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        assert!(
            started.elapsed() < deadline,
            "apply still running after {deadline:?}"
        );
        // Once the baseline is taken, the journal no longer needs reading.
        let outcomes = if memory.baseline.is_some() && memory.start.is_some() {
            soak.baseline_users
        } else {
            journal_in(home).map_or(0, |path| outcomes_in(&path))
        };
        // Zero while the child is still being exec'd: not yet dormant's memory.
        if let Some(kib) = vm_rss_kib(pid).filter(|&kib| kib > 0) {
            memory.sample(kib, outcomes, soak.baseline_users);
        }
        ticks.tick().await;
    };
    (status, started.elapsed(), memory)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_commit_at_a_tight_limit_keeps_memory_flat_and_acts_exactly_once() {
    let soak = soak();
    let sim = dormant::sim::start(SimConfig {
        users: soak.org,
        seed: 21,
        rate_limit_per_minute: soak.rate_per_minute,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    let index = target.index().await;
    let protected: Vec<String> = (0..u32::try_from(index.len()).expect("rows"))
        .filter(|&row| index.lane(row) == Lane::Protected)
        .map(|row| index.user(row).account_id.to_string())
        .collect();
    let cap = BatchCap::explicit(u32::try_from(soak.users).expect("fits")).expect("cap");
    let options = PlanOptions {
        cap,
        ..PlanOptions::default()
    };
    let plan = SimTarget::plan(&index, soak.users, &options);
    assert_eq!(
        plan.acting().count(),
        soak.users,
        "the org must hold enough idle users"
    );
    let home = tempfile::tempdir().expect("tempdir");
    let plan_path = home.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec(&plan).expect("json")).expect("plan written");
    let before: SimOrg = expected::inspect(&sim, "__sim/dump").await;
    let served_before: StatsSnapshot = expected::inspect(&sim, "__sim/stats").await;
    let (status, wall, memory) = watch_apply(&sim, &soak, home.path(), &plan_path).await;
    let stderr = std::fs::read_to_string(home.path().join("apply.stderr")).unwrap_or_default();
    assert!(status.success(), "apply failed ({status}): {stderr}");

    let after: SimOrg = expected::inspect(&sim, "__sim/dump").await;
    let served: StatsSnapshot = expected::inspect(&sim, "__sim/stats").await;
    let journal = journal_in(home.path()).expect("journal written");
    let settled = commit_checks::assert_journal_agrees(&journal, &plan, &before, &after);
    assert!(
        settled.failed.is_empty(),
        "no faults, no failures: {:?}",
        settled.failed
    );
    commit_checks::assert_acted_exactly_once(
        &settled.succeeded,
        &target.actions().await,
        &protected,
        "suspended",
    );

    let requests = served.total_requests - served_before.total_requests;
    let minutes = wall.as_secs_f64() / 60.0;
    let start = memory.start.expect("sampled at least once");
    let baseline = memory.baseline.expect("sampled after the first users");
    let mut table = suite::Table::new(
        "soak",
        &[
            "users",
            "rate limit",
            "wall",
            "users/min",
            "requests/min",
            "429s",
            "RSS at 1st outcome",
            "RSS baseline",
            "RSS peak",
            "RSS end",
            "samples",
        ],
    );
    table.row(vec![
        soak.users.to_string(),
        format!("{}/min", soak.rate_per_minute),
        format!("{:.1} s", wall.as_secs_f64()),
        format!("{:.0}", soak.users as f64 / minutes),
        format!("{:.0}", requests as f64 / minutes),
        (served.rate_limited_429 - served_before.rate_limited_429).to_string(),
        mib(start),
        format!("{} (after {} users)", mib(baseline), soak.baseline_users),
        mib(memory.peak),
        mib(memory.end),
        memory.samples.to_string(),
    ]);
    table.publish();
    assert!(
        memory.end <= baseline + GROWTH_BOUND_KIB,
        "memory grew from {} to {} (bound {})",
        mib(baseline),
        mib(memory.end),
        mib(GROWTH_BOUND_KIB)
    );
    sim.shutdown().await;
}
