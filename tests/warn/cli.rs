//! `dormant warn` as a script runs it: the real binary against an in-process simulator in a
//! confined home. With `require_warning`, nobody is cleanup-ready before a warning; `warn`
//! records the run (0600), writes the notices CSV, lists in `history` as "warn", mails every
//! notice to a real SMTP server with `--send`, and refuses `--send` without `[smtp]` and a
//! filter that selects nobody.

use crate::support::home;

use crate::support::smtp;

use dormant::sim::{SimConfig, SimHandle};
use smtp::{SmtpServer, received_messages};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);

async fn sim() -> SimHandle {
    dormant::sim::start(SimConfig {
        users: 120,
        seed: 11,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

async fn run(sim: &SimHandle, home: &Path, args: &[&str]) -> Output {
    let mut command = Command::from(home::dormant_in(home));
    command
        .arg("--config")
        .arg(home.join("dormant.toml"))
        .args(args)
        .current_dir(home)
        .env("DORMANT_BASE_URL", sim.base_url.as_str())
        .env("DORMANT_API_KEY", sim.key.expose())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    timeout(DEADLINE, command.output())
        .await
        .expect("finished before the deadline")
        .expect("binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Data rows of a CSV report (header dropped).
fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|record| record.expect("csv row"))
        .collect()
}

#[tokio::test]
async fn warn_records_writes_notices_gates_lanes_and_lists_in_history() {
    let sim = sim().await;
    let home = tempfile::tempdir().expect("home");
    std::fs::write(
        home.path().join("dormant.toml"),
        "require_warning = true\ngrace = \"21d\"\n",
    )
    .expect("config");

    let before = run(
        &sim,
        home.path(),
        &["report", "--format", "csv", "--filter", "lane:ready"],
    )
    .await;
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    assert!(csv_rows(&stdout(&before)).is_empty(), "ready before any warning");
    let waiting = run(
        &sim,
        home.path(),
        &["report", "--format", "csv", "--filter", "idle:>90 lane:review"],
    )
    .await;
    let waiting_rows = csv_rows(&stdout(&waiting));
    assert!(!waiting_rows.is_empty(), "{}", stderr(&waiting));

    let warned = run(
        &sim,
        home.path(),
        &["warn", "--filter", "idle:>90 lane:review", "-o", "notices.csv"],
    )
    .await;
    assert_eq!(warned.status.code(), Some(0), "{}", stderr(&warned));
    assert!(
        stderr(&warned).contains("notices written to notices.csv"),
        "{}",
        stderr(&warned)
    );
    let notices = std::fs::read_to_string(home.path().join("notices.csv")).expect("notices");
    let rows = csv_rows(&notices);
    assert_eq!(rows.len(), waiting_rows.len());
    assert!(
        rows.iter()
            .all(|row| row[5].contains(&format!("Hello {},", &row[0]))),
        "{notices}"
    );

    let store = home.path().join("data/dormant/warnings/default.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&store)
            .expect("warnings file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let after = run(
        &sim,
        home.path(),
        &["report", "--format", "csv", "--filter", "lane:ready"],
    )
    .await;
    assert!(
        csv_rows(&stdout(&after)).is_empty(),
        "still within the grace period"
    );
    let table = run(&sim, home.path(), &["report", "--filter", "idle:>90 lane:review"]).await;
    assert!(stdout(&table).contains("warned on "), "{}", stdout(&table));

    let history = run(&sim, home.path(), &["history"]).await;
    assert!(
        stdout(&history).lines().any(|line| line.contains(" warn ")),
        "{}",
        stdout(&history)
    );

    // A warning run changes nothing in the org: undoing it is refused with what it is.
    let warn_line = stdout(&history)
        .lines()
        .find(|line| line.contains(" warn "))
        .map(str::to_owned);
    let run_id = warn_line
        .as_deref()
        .and_then(|line| line.split_whitespace().next())
        .expect("a warn line with its id");
    let undo = run(&sim, home.path(), &["undo", run_id, "--yes"]).await;
    assert_eq!(undo.status.code(), Some(4), "{}", stderr(&undo));
    assert!(stderr(&undo).contains("is a warning run"), "{}", stderr(&undo));

    let refused = run(&sim, home.path(), &["warn", "--filter", "idle:>90", "--send"]).await;
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("[smtp]"), "{}", stderr(&refused));

    let nobody = run(&sim, home.path(), &["warn", "--filter", "zzz-no-such-user"]).await;
    assert_eq!(nobody.status.code(), Some(4), "{}", stderr(&nobody));
    assert!(
        stderr(&nobody).contains("nothing was recorded"),
        "{}",
        stderr(&nobody)
    );
}

#[tokio::test]
async fn warn_send_mails_each_notice_to_a_real_smtp_server() {
    let Some(server) = SmtpServer::start().await else {
        return;
    };
    let sim = sim().await;
    let home = tempfile::tempdir().expect("home");
    let config = format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nsender = \"it@acme.example\"\npace_ms = 0\n",
        server.port
    );
    std::fs::write(home.path().join("dormant.toml"), config).expect("config");
    let args = ["warn", "--filter", "idle:>300 @", "--send", "-o", "sent.csv"];
    let sent = run(&sim, home.path(), &args).await;
    let rows = csv_rows(&std::fs::read_to_string(home.path().join("sent.csv")).expect("notices"));
    assert!(!rows.is_empty(), "{}", stderr(&sent));
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    assert!(
        stderr(&sent).contains(&format!("mailed {} notice(s), 0 failed", rows.len())),
        "{}",
        stderr(&sent)
    );
    let messages = received_messages(&server, rows.len()).await;
    for row in &rows {
        let to = format!("<{}>", &row[1]);
        let message = messages
            .iter()
            .find(|message| {
                message
                    .lines()
                    .any(|line| line.starts_with("To: ") && line.contains(&to))
            })
            .unwrap_or_else(|| panic!("no message to {to}"));
        assert!(
            message.contains(&format!("suspended on {}", &row[4])),
            "{message}"
        );
    }
}
