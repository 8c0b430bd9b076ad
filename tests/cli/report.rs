//! `dormant report` as a script runs it: the real binary against an in-process simulator on
//! loopback, with HOME and the XDG directories in a temporary directory so the admin's own cache
//! is never touched. Checks data on stdout only, lanes and reasons for every user, filter, sort,
//! the snapshot round trip of `--offline`, and the exit codes and messages of each failure.

use crate::support::home;

use dormant::sim::{SimConfig, SimHandle};
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::{Output, Stdio};
use std::time::Duration;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::time::timeout;

/// Longest any one run may take before the test fails (a deadline, never a wait).
const DEADLINE: Duration = Duration::from_mins(1);

/// A simulator with 300 users and a private home directory for the child processes.
struct Setup {
    sim: SimHandle,
    home: TempDir,
}

/// Which API key the child sees.
#[derive(Clone, Copy)]
enum Key {
    Sim,
    Wrong,
    Absent,
}

impl Setup {
    async fn new() -> Self {
        Self::with_users(300).await
    }

    async fn with_users(users: u32) -> Self {
        let sim = dormant::sim::start(SimConfig {
            users,
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        Self {
            sim,
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn command(&self, args: &[&str], key: Key) -> Command {
        let home = self.home.path();
        let mut command = Command::from(home::dormant_in(home));
        command
            .arg("report")
            .args(args)
            .env("DORMANT_BASE_URL", self.sim.base_url.as_str())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        match key {
            Key::Sim => command.env("DORMANT_API_KEY", self.sim.key.expose()),
            Key::Wrong => command.env("DORMANT_API_KEY", "not-the-simulator-key"),
            Key::Absent => &mut command,
        };
        command
    }

    async fn run(&self, args: &[&str], key: Key) -> Run {
        let output = timeout(DEADLINE, self.command(args, key).output())
            .await
            .expect("report finished before the deadline")
            .expect("binary runs");
        Run::from(output)
    }

    /// Account ids of the simulator's ground truth.
    async fn dump_ids(&self) -> BTreeSet<String> {
        let url = self.sim.base_url.join("__sim/dump").expect("dump URL");
        let dump: Value = reqwest::Client::new()
            .get(url)
            .bearer_auth(self.sim.key.expose())
            .send()
            .await
            .expect("dump answers")
            .json()
            .await
            .expect("dump is JSON");
        dump["users"]
            .as_array()
            .expect("users")
            .iter()
            .map(|user| user["account_id"].as_str().expect("account id").to_owned())
            .collect()
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Run {
    fn succeeded(&self) -> &Self {
        assert_eq!(self.code, Some(0), "stderr: {}", self.stderr);
        self
    }

    fn json_rows(&self) -> Vec<Value> {
        let value: Value = serde_json::from_str(&self.stdout).expect("stdout is exactly one JSON document");
        value.as_array().expect("an array of users").clone()
    }
}

const LANES: [&str; 4] = ["ready", "review", "active", "protected"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_lists_every_user_with_lane_and_reasons_and_nothing_else_on_stdout() {
    let setup = Setup::new().await;
    let run = setup.run(&["--format", "json"], Key::Sim).await;
    run.succeeded();
    let rows = run.json_rows();
    let ids: BTreeSet<String> = rows
        .iter()
        .map(|row| row["account_id"].as_str().expect("account id").to_owned())
        .collect();
    assert_eq!(rows.len(), ids.len(), "nobody twice");
    assert_eq!(ids, setup.dump_ids().await, "everyone in the org");
    let mut lanes_seen = BTreeSet::new();
    for row in &rows {
        let lane = row["lane"].as_str().expect("lane string");
        assert!(LANES.contains(&lane), "{row}");
        lanes_seen.insert(lane);
        let reasons = row["reasons"].as_array().expect("reasons array");
        assert!(!reasons.is_empty(), "{row}");
        assert!(
            reasons
                .iter()
                .all(|reason| reason.as_str().is_some_and(|r| !r.is_empty()))
        );
    }
    assert!(
        lanes_seen.len() >= 3,
        "a generated org spans the lanes: {lanes_seen:?}"
    );
    // Not a terminal: no progress at all, and stdout held only the JSON parsed above.
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains("users:"),
        "{}",
        run.stderr
    );
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_and_sort_are_applied() {
    let setup = Setup::new().await;
    let all = setup
        .run(&["--format", "json"], Key::Sim)
        .await
        .succeeded()
        .json_rows();
    let filter = "lane:ready !idle:never";
    let run = setup
        .run(
            &["--format", "json", "--filter", filter, "--sort", "idle:desc"],
            Key::Sim,
        )
        .await;
    let rows = run.succeeded().json_rows();
    let expected = all
        .iter()
        .filter(|row| row["lane"] == "ready" && row["activity"] == "known")
        .count();
    assert!(expected > 0, "the generated org has idle users");
    assert_eq!(rows.len(), expected);
    let days: Vec<u64> = rows
        .iter()
        .map(|row| {
            assert_eq!(row["lane"], "ready", "{row}");
            row["days_idle"].as_u64().expect("days idle")
        })
        .collect();
    assert!(days.is_sorted_by(|a, b| a >= b), "most idle first: {days:?}");
    assert!(days.iter().all(|&d| d > 90), "{days:?}");
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_and_table_start_with_their_headers() {
    let setup = Setup::new().await;
    let csv = setup.run(&["--format", "csv"], Key::Sim).await;
    let header = csv.succeeded().stdout.lines().next().expect("header line");
    assert!(
        header.starts_with("account_id,name,email,lane,claim_status,"),
        "{header}"
    );
    assert!(header.ends_with(",groups,reasons"), "{header}");
    assert_eq!(
        csv.stdout.lines().count(),
        301,
        "header and 300 users (no newline in values)"
    );

    let table = setup.run(&[], Key::Sim).await;
    let first = table.succeeded().stdout.lines().next().expect("title line");
    assert!(first.starts_with("ACCOUNT ID") && first.contains("  LANE  ") && first.ends_with("REASONS"));
    assert!(
        !table.stdout.contains(['\r', '\u{1b}']),
        "no progress or escapes on stdout"
    );
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_reopens_the_saved_snapshot_and_says_how_old_it_is() {
    let setup = Setup::new().await;
    let online = setup.run(&["--format", "json", "--sort", "name"], Key::Sim).await;
    online.succeeded();
    // No key needed offline; the simulator could be gone.
    let offline = setup
        .run(&["--offline", "--format", "json", "--sort", "name"], Key::Absent)
        .await;
    offline.succeeded();
    assert_eq!(
        offline.stdout, online.stdout,
        "the same report, idle days as of the load"
    );
    assert!(offline.stderr.contains("snapshot"), "{}", offline.stderr);
    assert!(
        offline.stderr.contains("just now") || offline.stderr.contains("min ago"),
        "{}",
        offline.stderr
    );
    let org = &setup.sim.org_id;
    let named = setup
        .run(
            &["--offline", "--org", org, "--filter", "lane:protected"],
            Key::Absent,
        )
        .await;
    assert!(
        named
            .succeeded()
            .stdout
            .lines()
            .skip(1)
            .all(|line| line.contains("  protected  "))
    );
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_without_a_snapshot_fails_with_what_to_do() {
    let setup = Setup::new().await;
    let run = setup.run(&["--offline"], Key::Absent).await;
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("no snapshot is saved"), "{}", run.stderr);
    assert!(run.stderr.contains("without --offline"), "{}", run.stderr);
    let named = setup.run(&["--offline", "--org", "some-org"], Key::Absent).await;
    assert_eq!(named.code, Some(1));
    assert!(named.stderr.contains("\"some-org\""), "{}", named.stderr);
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_filter_or_sort_is_a_usage_error_with_a_caret() {
    let setup = Setup::new().await;
    let run = setup.run(&["--filter", "lane:ready idle:>soon"], Key::Sim).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("invalid --filter: `idle:>soon`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Valid: >N"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("\n  lane:ready idle:>soon\n             ^^^^^^^^^^\n"),
        "{}",
        run.stderr
    );
    // Known only once the org is loaded: still exit 2, after the load.
    let sort = setup.run(&["--sort", "nmae"], Key::Sim).await;
    assert_eq!(sort.code, Some(2), "{}", sort.stderr);
    assert!(sort.stderr.contains("`nmae` is not a column"), "{}", sort.stderr);
    assert!(sort.stderr.contains("\n  nmae\n  ^^^^\n"), "{}", sort.stderr);
    let format = setup.run(&["--format", "yaml"], Key::Sim).await;
    assert_eq!(format.code, Some(2), "{}", format.stderr);
    assert!(format.stderr.contains("table, csv or json"), "{}", format.stderr);
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_key_is_a_usage_error_and_a_wrong_key_a_runtime_one() {
    let setup = Setup::new().await;
    let missing = setup.run(&[], Key::Absent).await;
    assert_eq!(missing.code, Some(2), "{}", missing.stderr);
    // No env key: the keychain is asked, and says how to log in or set the variable.
    for needle in ["no API key is stored", "dormant login", "DORMANT_API_KEY"] {
        assert!(missing.stderr.contains(needle), "{needle}: {}", missing.stderr);
    }
    assert!(
        missing.stderr.contains("admin.atlassian.com"),
        "{}",
        missing.stderr
    );

    let wrong = setup.run(&[], Key::Wrong).await;
    assert_eq!(wrong.code, Some(1), "{}", wrong.stderr);
    assert!(wrong.stdout.is_empty());
    assert!(wrong.stderr.contains("401"), "{}", wrong.stderr);
    assert!(wrong.stderr.contains("admin.atlassian.com"), "{}", wrong.stderr);
    assert!(
        !wrong.stderr.contains("not-the-simulator-key"),
        "the key is never echoed"
    );
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_stops_early_ends_the_report_quietly() {
    // Enough rows that every format overflows the pipe and the writers' buffers many times over.
    let setup = Setup::with_users(3_000).await;
    for (args, header) in [
        (&[][..], "ACCOUNT ID"),
        (&["--format", "csv"][..], "account_id,"),
        (&["--format", "json"][..], "["),
    ] {
        let mut child = setup
            .command(args, Key::Sim)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        timeout(DEADLINE, BufReader::new(stdout).read_line(&mut first))
            .await
            .expect("a line before the deadline")
            .expect("reads");
        assert!(first.starts_with(header), "{args:?}: {first}");
        // The reader is dropped here, like `head -1` exiting.
        let output = timeout(DEADLINE, child.wait_with_output())
            .await
            .expect("exits before the deadline")
            .expect("waits");
        let run = Run::from(output);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
    setup.sim.shutdown().await;
}
