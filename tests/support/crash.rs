//! Killing the real `dormant` binary at chosen moments: a `dormant sim` process to run against,
//! commands confined to a temporary home, SIGKILL once a journal holds N records or once a debug
//! fault point (`src/test_hooks.rs`) announces itself. Polls with deadlines; never sleeps to wait.
//! Uses its siblings `home` and `batch`.

#![allow(dead_code, clippy::unwrap_used)]

use super::batch::SimTarget;
use dormant::test_hooks::{PAUSE_AT, PAUSE_FILE};
use dormant::types::Secret;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::{Instant, timeout};

/// Longest any one step may take on a loaded machine before the test fails.
pub const DEADLINE: Duration = Duration::from_mins(2);
/// The key the simulator accepts.
const SIM_KEY: &str = "crash-key";

/// `dormant ARGS` confined to `home`, output piped, killed if dropped.
pub fn dormant(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::from(super::home::dormant_in(home));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// `dormant ARGS` confined to `home`, talking to `target` through the environment.
pub fn dormant_against(home: &Path, target: &SimTarget, args: &[&str]) -> Command {
    let mut command = dormant(home, args);
    command
        .env("DORMANT_API_KEY", target.key.expose())
        .env("DORMANT_BASE_URL", target.base_url.as_str());
    command
}

/// A `dormant sim` child process and the client side of it.
pub struct SimProcess {
    child: Child,
    pub target: SimTarget,
}

impl SimProcess {
    /// Starts a simulator of `users` accounts generated from `seed`, with no rate limit to speak of.
    pub async fn start(home: &Path, users: usize, seed: u64) -> Self {
        let (users, seed) = (users.to_string(), seed.to_string());
        let args = ["sim", "--users", &users, "--seed", &seed, "--key", SIM_KEY];
        let mut child = dormant(home, &args)
            .args(["--rate-limit", "1000000"])
            // Request logs go nowhere: an unread pipe would fill and stall the simulator.
            .stderr(Stdio::null())
            .spawn()
            .expect("sim starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        timeout(DEADLINE, BufReader::new(stdout).read_line(&mut line))
            .await
            .expect("announced in time")
            .expect("reads");
        let announced: serde_json::Value = serde_json::from_str(&line).expect("json line");
        let base = url::Url::parse(announced["base_url"].as_str().expect("base_url")).expect("url");
        let org = announced["org_id"].as_str().expect("org").to_owned();
        let target = SimTarget::new(base, org, Secret::new(SIM_KEY.into()));
        Self { child, target }
    }

    /// SIGTERM, then waits for the exit.
    pub async fn stop(mut self) {
        kill(pid_of(&self.child), Signal::SIGTERM).expect("stop sim");
        timeout(DEADLINE, self.child.wait())
            .await
            .expect("sim stops")
            .expect("status");
    }
}

fn pid_of(child: &Child) -> Pid {
    Pid::from_raw(i32::try_from(child.id().expect("running")).expect("pid"))
}

/// The batch journal under `home`, if one was created.
pub fn journal_in(home: &Path) -> Option<PathBuf> {
    let dir = home.join("data").join("dormant").join("batches");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|ext| ext == "jsonl"))
}

/// Complete records (lines) in the journal at `path`.
pub fn records_in(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |bytes| memchr::memchr_iter(b'\n', &bytes).count())
}

/// SIGKILLs `child` unless it already exited, and reaps it. Returns whether the kill was sent.
pub async fn sigkill(child: &mut Child) -> bool {
    let running = child.try_wait().expect("status").is_none();
    if running {
        kill(pid_of(child), Signal::SIGKILL).expect("kill");
    }
    timeout(DEADLINE, child.wait())
        .await
        .expect("exits")
        .expect("status");
    running
}

/// Spawns `command` with its output discarded and SIGKILLs it once `home`'s journal holds
/// `records` complete records. Returns whether it was killed (false: it finished first).
pub async fn kill_after_records(mut command: Command, home: &Path, records: usize) -> bool {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < DEADLINE,
            "no progress to {records} journal records"
        );
        if journal_in(home).is_some_and(|path| records_in(&path) >= records) {
            break;
        }
        if child.try_wait().expect("status").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    sigkill(&mut child).await
}

/// Spawns `command` set to pause at the first fault point whose name contains `point`, waits
/// until it announces that point, SIGKILLs it, and returns the point's full name. Fails if the
/// process exits, or the deadline passes, without reaching it.
pub async fn kill_at_point(mut command: Command, point: &str, scratch: &Path) -> String {
    let announce = scratch.join(format!("paused-{}", std::process::id()));
    match std::fs::remove_file(&announce) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => panic!("{error}"),
        _ => {}
    }
    let mut child = command
        .env(PAUSE_AT, point)
        .env(PAUSE_FILE, &announce)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    let landed = loop {
        if let Ok(name) = std::fs::read_to_string(&announce)
            && !name.is_empty()
        {
            break name;
        }
        if let Some(status) = child.try_wait().expect("status") {
            let output = child.wait_with_output().await.expect("output");
            panic!(
                "{point}: exited ({status}) without reaching the point: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert!(started.elapsed() < DEADLINE, "{point}: not reached in time");
        tokio::time::sleep(Duration::from_micros(200)).await;
    };
    assert!(sigkill(&mut child).await, "{point}: paused, so still running");
    std::fs::remove_file(&announce).expect("announcement removed");
    landed
}

/// Runs `command` to its end (with a deadline) and returns its output.
pub async fn run(mut command: Command) -> Output {
    timeout(DEADLINE, command.output())
        .await
        .expect("finishes in time")
        .expect("runs")
}
