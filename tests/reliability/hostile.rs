//! The hostile input corpus (issue 8): every case in `tests/hostile/` (see its README) is fed to
//! the real binary, each within a deadline, and must end in a clear error or a safe rendering:
//! the exit code and message the case states, no panic, no raw control character on stdout or
//! stderr. Prints a table of case, input kind, outcome, time and result.

use crate::support::home;
#[path = "hostile_process.rs"]
mod process;
use crate::support::scripted;
use crate::support::suite;
#[path = "hostile_terminal.rs"]
mod terminal;
use crate::support::tmux;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};
use tokio::process::Command;

/// Longest one run of the binary may take: a hang fails the case.
pub const DEADLINE: Duration = Duration::from_secs(45);
/// The key every scripted simulator accepts.
pub const KEY: &str = "hostile-corpus-key";

/// One case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub about: String,
    pub kind: String,
    #[serde(default)]
    pub route: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub pages: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub generate: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub edit: Option<String>,
    pub expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub exit: Option<i32>,
    #[serde(default)]
    pub stderr: Vec<String>,
    #[serde(default)]
    pub stdout: Vec<String>,
}

/// What a case produced: a short outcome for the table, or why it failed.
pub type Verdict = Result<String, String>;

fn cases() -> Vec<(String, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("case readable");
            let case: Case = toml::from_str(&text).unwrap_or_else(|err| panic!("case {name}: {err}"));
            (name, case)
        })
        .collect()
}

/// Runs `command` with the deadline.
async fn run(mut command: Command) -> Result<Output, String> {
    command.stdin(Stdio::null()).kill_on_drop(true);
    match tokio::time::timeout(DEADLINE, command.output()).await {
        Ok(output) => output.map_err(|err| format!("could not run dormant: {err}")),
        Err(_) => Err(format!("no answer within {} s (hang)", DEADLINE.as_secs())),
    }
}

/// A raw control character a terminal would act on (text may keep newlines, tabs and the
/// carriage return of a progress line).
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|c| {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// Checks `output` against the case's expectation; the outcome is the first line of stderr on
/// failure exits, "rendered safely" on success.
fn judge(output: &Output, expect: &Expect) -> Verdict {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    if stderr.contains("panicked") || code == Some(101) || code.is_none() {
        return Err(format!("crashed ({code:?}): {}", excerpt(&stderr)));
    }
    if let Some(bad) = raw_control(&stdout) {
        return Err(format!("raw control {bad:?} on stdout"));
    }
    if let Some(bad) = raw_control(&stderr) {
        return Err(format!("raw control {bad:?} on stderr: {}", excerpt(&stderr)));
    }
    if let Some(wanted) = expect.exit
        && code != Some(wanted)
    {
        return Err(format!("exit {code:?}, wanted {wanted}: {}", excerpt(&stderr)));
    }
    let lower = stderr.to_lowercase();
    for wanted in &expect.stderr {
        if !lower.contains(&wanted.to_lowercase()) {
            return Err(format!("stderr lacks {wanted:?}: {}", excerpt(&stderr)));
        }
    }
    for wanted in &expect.stdout {
        if !stdout.contains(wanted.as_str()) {
            return Err(format!("stdout lacks {wanted:?}"));
        }
    }
    if code == Some(0) {
        Ok("rendered safely".to_owned())
    } else {
        Ok(excerpt(&stderr))
    }
}

/// The last error line of `text`, shortened for a table cell: ids (UUIDs, temporary paths)
/// are elided so the message itself shows.
fn excerpt(text: &str) -> String {
    let line = text
        .lines()
        .rev()
        .find(|line| line.contains("error") || line.contains("dormant:"))
        .or_else(|| text.lines().last())
        .unwrap_or_default()
        .replace('|', "/");
    let line = line
        .split(' ')
        .map(|word| if word.len() > 30 { "…" } else { word })
        .collect::<Vec<_>>()
        .join(" ");
    let short: String = line.chars().take(110).collect();
    if short.len() < line.len() {
        format!("{short}…")
    } else {
        short
    }
}

async fn run_case(case: &Case) -> Verdict {
    match case.kind.as_str() {
        "api" => process::api(case).await,
        "config" => process::config(case).await,
        "csv" => process::csv(case).await,
        "plan" => process::plan(case).await,
        "journal" => process::journal(case).await,
        "terminal" => terminal::run().await,
        other => Err(format!("unknown kind {other:?}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hostile_case_ends_in_a_clear_error_or_a_safe_rendering() {
    let mut table = suite::Table::new(
        "hostile input",
        &["case", "input kind", "outcome", "time", "result"],
    );
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let started = Instant::now();
        let verdict = run_case(&case).await;
        let time = format!("{:.2} s", started.elapsed().as_secs_f64());
        let (outcome, result) = match &verdict {
            Ok(outcome) => (outcome.clone(), "pass"),
            Err(why) => (why.replace('|', "/"), "FAIL"),
        };
        table.row(vec![
            name.clone(),
            case.kind.clone(),
            outcome,
            time,
            result.to_owned(),
        ]);
        if let Err(why) = verdict {
            failures.push(format!("{name} ({}): {why}", case.about));
        }
    }
    table.publish();
    assert!(failures.is_empty(), "failed cases:\n{}", failures.join("\n"));
}
