//! `--view NAME`: a view selects exactly what its filter and sort select (byte for byte), a
//! view in the config overrides the built-in one of the same name, an unknown name or a view
//! beside `--filter`/`--sort` is a usage error, and a bad view is refused naming file and key.

use crate::support::home;

use dormant::sim::{SimConfig, SimHandle};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;
use tempfile::TempDir;
use tokio::process::Command;
use tokio::time::timeout;

/// Longest any one run may take before the test fails (a deadline, never a wait).
const DEADLINE: Duration = Duration::from_mins(1);

struct Setup {
    sim: SimHandle,
    home: TempDir,
    config: PathBuf,
}

impl Setup {
    async fn new(config: &str) -> Self {
        let sim = dormant::sim::start(SimConfig {
            users: 200,
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        let home = tempfile::tempdir().expect("tempdir");
        let path = home.path().join("views.toml");
        std::fs::write(&path, config).expect("config written");
        Self {
            sim,
            home,
            config: path,
        }
    }

    async fn run(&self, command: &str, args: &[&str]) -> Output {
        let mut child = Command::from(home::dormant_in(self.home.path()));
        child
            .arg(command)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("DORMANT_BASE_URL", self.sim.base_url.as_str())
            .env("DORMANT_API_KEY", self.sim.key.expose())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        timeout(DEADLINE, child.output())
            .await
            .expect("finished before the deadline")
            .expect("binary runs")
    }

    async fn report(&self, args: &[&str]) -> String {
        let output = self.run("report", args).await;
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    fn path(&self) -> &Path {
        &self.config
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const CONFIG: &str = r#"
[views.contractors]
filter = "lane:ready,review !type:admin"
sort = "name:desc"

[views.cleanup-ready]
filter = "lane:ready idle:>120"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_reports_exactly_what_its_filter_and_sort_report() {
    let setup = Setup::new(CONFIG).await;
    for format in ["table", "csv", "json"] {
        let by_view = setup.report(&["--format", format, "--view", "contractors"]).await;
        let by_flags = setup
            .report(&[
                "--format",
                format,
                "--filter",
                "lane:ready,review !type:admin",
                "--sort",
                "name:desc",
            ])
            .await;
        assert_eq!(by_view, by_flags, "{format}");
        assert!(by_view.lines().count() > 2, "the view selects someone: {by_view}");
    }
    // The config's cleanup-ready replaces the built-in one (no sort: the triage order).
    let overridden = setup
        .report(&["--format", "csv", "--view", "cleanup-ready"])
        .await;
    let flags = setup
        .report(&["--format", "csv", "--filter", "lane:ready idle:>120"])
        .await;
    assert_eq!(overridden, flags);
    // A built-in view the config does not override.
    let never = setup.report(&["--format", "csv", "--view", "never-active"]).await;
    let flags = setup
        .report(&["--format", "csv", "--filter", "idle:never", "--sort", "added"])
        .await;
    assert_eq!(never, flags);
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_views_and_views_beside_flags_are_usage_errors() {
    let setup = Setup::new(CONFIG).await;
    let unknown = setup.run("report", &["--view", "contractor"]).await;
    assert_eq!(unknown.status.code(), Some(2), "{}", stderr(&unknown));
    let message = stderr(&unknown);
    assert!(message.contains("view \"contractor\""), "{message}");
    assert!(
        message.contains("cleanup-ready, contractors, never-active, unmanaged-idle"),
        "{message}"
    );
    assert!(message.contains(&setup.path().display().to_string()), "{message}");
    assert!(unknown.stdout.is_empty());
    for (command, flag) in [
        ("report", "--filter"),
        ("report", "--sort"),
        ("plan", "--filter"),
        ("warn", "--filter"),
    ] {
        let both = setup.run(command, &["--view", "contractors", flag, "name"]).await;
        assert_eq!(both.status.code(), Some(2), "{command} {flag}: {}", stderr(&both));
        assert!(stderr(&both).contains("cannot be used with"), "{}", stderr(&both));
    }
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_with_bad_syntax_is_refused_naming_file_key_and_value() {
    let setup = Setup::new("[views.oops]\nfilter = \"idle:>soon\"\n").await;
    let run = setup.run("report", &["--filter", "lane:ready"]).await;
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let message = stderr(&run);
    assert!(message.contains(&setup.path().display().to_string()), "{message}");
    assert!(message.contains("views.oops.filter"), "{message}");
    assert!(message.contains("\"idle:>soon\""), "{message}");
    assert!(message.contains("fix:"), "{message}");
    setup.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_with_a_view_plans_exactly_what_its_filter_plans() {
    let setup = Setup::new(CONFIG).await;
    let home = setup.home.path();
    let by_view = home.join("view.json");
    let by_flag = home.join("flag.json");
    let view_arg = by_view.to_str().expect("UTF-8 path");
    let flag_arg = by_flag.to_str().expect("UTF-8 path");
    let view = setup
        .run("plan", &["--view", "contractors", "-o", view_arg])
        .await;
    assert_eq!(view.status.code(), Some(0), "{}", stderr(&view));
    let filter = "lane:ready,review !type:admin";
    let flag = setup.run("plan", &["--filter", filter, "-o", flag_arg]).await;
    assert_eq!(flag.status.code(), Some(0), "{}", stderr(&flag));
    let entries = |path: &Path| {
        let plan: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).expect("plan written")).expect("JSON");
        plan["entries"].as_array().expect("entries").clone()
    };
    let planned = entries(&by_view);
    assert!(!planned.is_empty(), "the view selects someone");
    assert_eq!(planned, entries(&by_flag));
    setup.sim.shutdown().await;
}

/// Moves every recorded warning of the confined home `days` into the past (as if given then).
fn age_warnings(home: &Path, days: i64) {
    let path = home.join("data/dormant/warnings/default.json");
    let mut stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("warnings file")).expect("JSON");
    let shift = |value: &mut serde_json::Value| {
        let at: chrono::DateTime<chrono::Utc> = value
            .as_str()
            .and_then(|text| text.parse().ok())
            .expect("an RFC 3339 instant");
        *value = serde_json::Value::String((at - chrono::Duration::days(days)).to_rfc3339());
    };
    for run in stored["runs"].as_array_mut().expect("runs") {
        shift(&mut run["created_at"]);
        for record in run["records"].as_array_mut().expect("records") {
            shift(&mut record["warned_at"]);
            shift(&mut record["deadline"]);
        }
    }
    std::fs::write(&path, serde_json::to_vec(&stored).expect("JSON")).expect("written back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warned_and_due_lists_the_warned_once_their_deadline_has_passed() {
    let setup = Setup::new(CONFIG).await;
    let rows = |csv: &str| csv.lines().count().saturating_sub(1);
    let warned = setup
        .run(
            "warn",
            &[
                "--filter",
                "lane:ready idle:>365",
                "--grace",
                "14d",
                "-o",
                "n.csv",
            ],
        )
        .await;
    assert_eq!(warned.status.code(), Some(0), "{}", stderr(&warned));
    let selected = rows(
        &setup
            .report(&["--format", "csv", "--filter", "lane:ready idle:>365"])
            .await,
    );
    assert!(selected > 0, "the org has long-idle users to warn");
    let pending = setup
        .report(&["--format", "csv", "--filter", "warned:pending"])
        .await;
    assert_eq!(rows(&pending), selected, "in grace right after the warning");
    let due = setup
        .report(&["--format", "csv", "--view", "warned-and-due"])
        .await;
    assert_eq!(rows(&due), 0, "{due}");

    age_warnings(setup.home.path(), 15);
    let due = setup
        .report(&["--format", "csv", "--view", "warned-and-due"])
        .await;
    let flags = setup
        .report(&["--format", "csv", "--filter", "warned:due", "--sort", "idle:desc"])
        .await;
    assert_eq!(due, flags, "the view is its filter and sort");
    assert_eq!(
        rows(&due),
        selected,
        "long idle, so nobody used a product since: all due"
    );
    let pending = setup
        .report(&["--format", "csv", "--filter", "warned:pending"])
        .await;
    assert_eq!(rows(&pending), 0, "{pending}");
    let not_warned = setup.report(&["--format", "csv", "--filter", "warned:no"]).await;
    assert_eq!(rows(&not_warned), 200 - selected);
    setup.sim.shutdown().await;
}
