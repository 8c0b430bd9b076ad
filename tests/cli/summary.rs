//! `dormant summary` as a script runs it: the real binary against an in-process simulator on
//! loopback (then `--offline` from the snapshot it saved), in a private home. Markdown goes to
//! stdout, `-o FILE` writes the HTML file, the cleanup-ready count equals `dormant report`'s
//! `lane:ready` rows on the same snapshot, and bad flags are usage errors (exit 2) that say what
//! to type.

use crate::support::home;
use dormant::sim::SimConfig;
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_mins(1);

async fn run(home: &std::path::Path, base_url: &str, key: &str, args: &[&str]) -> Output {
    let mut command = Command::from(home::dormant_in(home));
    command
        .args(args)
        .env("DORMANT_BASE_URL", base_url)
        .env("DORMANT_API_KEY", key)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    timeout(DEADLINE, command.output())
        .await
        .expect("finished before the deadline")
        .expect("binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

/// The number before `marker` in `text` ("<p>1,234 cleanup-ready users" → 1234).
fn number_before(text: &str, marker: &str) -> usize {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in {text}"));
    let word = text[..at].split_whitespace().last().expect("a number");
    let digits: String = word.chars().filter(char::is_ascii_digit).collect();
    digits.parse().expect("a count")
}

#[tokio::test]
async fn summary_writes_markdown_and_html_with_the_reports_figures() {
    let sim = dormant::sim::start(SimConfig {
        users: 300,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let home = tempfile::tempdir().expect("tempdir");
    let base = sim.base_url.as_str();
    let key = sim.key.expose();

    let markdown = stdout(&run(home.path(), base, key, &["summary"]).await);
    assert!(markdown.starts_with("# Seat summary: "), "{markdown}");
    for heading in [
        "## Seats and estimated monthly spend",
        "## Idle seats",
        "## The last quarter",
        "## Pending",
    ] {
        assert!(markdown.contains(heading), "{heading}");
    }

    // The same snapshot for both commands: the online run above saved it.
    let report = stdout(
        &run(
            home.path(),
            base,
            key,
            &["report", "--offline", "--format", "json"],
        )
        .await,
    );
    let rows: Vec<Value> = serde_json::from_str(&report).expect("report JSON");
    let ready = rows.iter().filter(|row| row["lane"] == "ready").count();
    assert!(ready > 0, "the simulated org has cleanup-ready users");

    let file = home.path().join("out").join("summary.html");
    std::fs::create_dir_all(file.parent().expect("dir")).expect("out dir");
    let file_arg = file.to_str().expect("utf-8 path");
    let written = run(
        home.path(),
        base,
        key,
        &["summary", "--offline", "--format", "html", "-o", file_arg],
    )
    .await;
    assert!(stdout(&written).is_empty(), "-o keeps stdout empty");
    let page = std::fs::read_to_string(&file).expect("summary file");
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(page.matches("<svg").count(), 2);
    assert!(!page.to_lowercase().contains("<script"));
    assert_eq!(number_before(&page, " cleanup-ready user"), ready);
    let offline_md = stdout(&run(home.path(), base, key, &["summary", "--offline"]).await);
    assert_eq!(number_before(&offline_md, " cleanup-ready user"), ready);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().expect("dir"))
        .expect("list")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temp file left beside the summary: {leftovers:?}"
    );
}

#[tokio::test]
async fn bad_flags_are_usage_errors_that_name_the_fix() {
    let home = tempfile::tempdir().expect("tempdir");
    let bad_format = run(
        home.path(),
        "http://127.0.0.1:9",
        "k",
        &["summary", "--format", "pdf"],
    )
    .await;
    assert_eq!(bad_format.status.code(), Some(2));
    let message = String::from_utf8_lossy(&bad_format.stderr);
    assert!(message.contains("use md or html"), "{message}");
    let both = run(
        home.path(),
        "http://127.0.0.1:9",
        "k",
        &["summary", "--offline", "--from-csv", "users.csv"],
    )
    .await;
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
    let no_file = run(home.path(), "http://127.0.0.1:9", "k", &["summary", "-o"]).await;
    assert_eq!(no_file.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_file.stderr).contains("FILE"));
}
