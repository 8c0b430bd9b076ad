//! The process-level cases of the hostile corpus: the real binary fed a scripted endpoint, a
//! config, an Atlassian CSV export, a hand-edited plan or journal. A module of
//! `hostile.rs`, whose `Case`, `run` and `judge` it uses.

use super::scripted::{self, Script};
use super::{Case, KEY, Verdict, excerpt, home, judge, run};
use axum::body::Bytes;
use dormant::sim::{SimConfig, SimHandle};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tokio::process::Command;

/// Users of the simulated org behind every case.
const USERS: u32 = 150;

/// `dormant ARGS` confined to `home`, talking to `sim`.
fn dormant(home: &Path, sim: Option<&SimHandle>, args: &[&str]) -> Command {
    let mut command = Command::from(home::dormant_in(home));
    command.args(args).current_dir(home);
    if let Some(sim) = sim {
        command
            .env("DORMANT_BASE_URL", sim.base_url.as_str())
            .env("DORMANT_ORG_ID", &sim.org_id)
            .env("DORMANT_API_KEY", KEY);
    }
    command
}

fn generated(kind: &str) -> Result<Script, String> {
    let user = |index: usize, name: &str| {
        json!({
            "accountId": format!("712020:generated-{index}"),
            "accountType": "atlassian", "status": "active", "accountStatus": "active",
            "membershipStatus": "active", "claimStatus": "managed",
            "name": name, "email": format!("generated.{index}@example.test"),
        })
    };
    let page = |data: Vec<Value>| Bytes::from(json!({ "data": data, "links": {} }).to_string());
    Ok(match kind {
        "endless" => Script::Endless,
        "ten_mb_name" => Script::Fixed {
            status: 200,
            body: page(vec![user(0, &"N".repeat(10 * 1024 * 1024))]),
        },
        "huge_page" => Script::Fixed {
            status: 200,
            body: page((0..2_000).map(|i| user(i, &format!("Huge Page {i}"))).collect()),
        },
        other => return Err(format!("unknown generator {other:?}")),
    })
}

/// A scripted endpoint driven through `dormant report`.
pub async fn api(case: &Case) -> Verdict {
    let route = case.route.as_deref().ok_or("an api case needs `route`")?;
    let path = scripted::route_path(route).ok_or_else(|| format!("unknown route {route:?}"))?;
    let script = match (&case.body, &case.pages, &case.generate) {
        (Some(body), None, None) => Script::Fixed {
            status: case.status.unwrap_or(200),
            body: Bytes::from(body.clone()),
        },
        (None, Some(pages), None) => Script::ByCursor(pages.clone()),
        (None, None, Some(kind)) => generated(kind)?,
        _ => return Err("an api case needs exactly one of `body`, `pages`, `generate`".to_owned()),
    };
    let sim = scripted::start(USERS, KEY, path, script).await;
    let home = tempfile::tempdir().map_err(|err| err.to_string())?;
    let output = run(dormant(
        home.path(),
        Some(&sim),
        &["report", "--filter", "", "--sort", "name"],
    ))
    .await;
    sim.shutdown().await;
    judge(&output?, &case.expect)
}

/// A config file given with `DORMANT_CONFIG` to `dormant report`.
pub async fn config(case: &Case) -> Verdict {
    let content = case.content.as_deref().ok_or("a config case needs `content`")?;
    let home = tempfile::tempdir().map_err(|err| err.to_string())?;
    let file = home.path().join("config.toml");
    std::fs::write(&file, content).map_err(|err| err.to_string())?;
    let mut command = dormant(home.path(), None, &["report"]);
    command
        .env("DORMANT_CONFIG", &file)
        .env("DORMANT_API_KEY", KEY)
        .env("DORMANT_BASE_URL", "http://127.0.0.1:9/");
    judge(&run(command).await?, &case.expect)
}

/// An Atlassian export given to `dormant report --from-csv`.
pub async fn csv(case: &Case) -> Verdict {
    let content = case.content.as_deref().ok_or("a csv case needs `content`")?;
    let home = tempfile::tempdir().map_err(|err| err.to_string())?;
    let file = home.path().join("export.csv");
    std::fs::write(&file, content).map_err(|err| err.to_string())?;
    let file = file.to_string_lossy().into_owned();
    judge(
        &run(dormant(home.path(), None, &["report", "--from-csv", &file])).await?,
        &case.expect,
    )
}

/// A simulator with its own home: the real endpoints, nothing scripted.
async fn plain_sim() -> Result<(SimHandle, tempfile::TempDir), String> {
    let sim = dormant::sim::start(SimConfig {
        users: USERS,
        seed: 8,
        key: Some(KEY.to_owned()),
        ..SimConfig::default()
    })
    .await
    .map_err(|err| err.to_string())?;
    Ok((sim, tempfile::tempdir().map_err(|err| err.to_string())?))
}

/// Writes `plan.json` with `dormant plan` for the ready lane.
async fn make_plan(sim: &SimHandle, home: &Path) -> Result<(PathBuf, Value), String> {
    let made = run(dormant(
        home,
        Some(sim),
        &["plan", "--filter", "lane:ready", "-o", "plan.json"],
    ))
    .await?;
    if !made.status.success() {
        return Err(format!(
            "dormant plan failed: {}",
            String::from_utf8_lossy(&made.stderr)
        ));
    }
    let path = home.join("plan.json");
    let text = std::fs::read(&path).map_err(|err| err.to_string())?;
    Ok((
        path,
        serde_json::from_slice(&text).map_err(|err| err.to_string())?,
    ))
}

async fn sim_json(sim: &SimHandle, path: &str) -> Result<Value, String> {
    let url = sim.base_url.join(path).map_err(|err| err.to_string())?;
    let reply = reqwest::get(url).await.map_err(|err| err.to_string())?;
    reply.json().await.map_err(|err| err.to_string())
}

/// An admin of the simulated org, by account id, as `dormant report` classifies it.
async fn an_org_admin(sim: &SimHandle, home: &Path) -> Result<String, String> {
    let args = ["report", "--format", "json", "--filter", "type:admin"];
    let report = run(dormant(home, Some(sim), &args)).await?;
    String::from_utf8_lossy(&report.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find_map(|row| row["account_id"].as_str().map(str::to_owned))
        .ok_or_else(|| {
            format!(
                "no admin in the report: {}",
                String::from_utf8_lossy(&report.stderr)
            )
        })
}

/// Account ids the simulator recorded actions on.
async fn acted_on(sim: &SimHandle) -> Result<Vec<String>, String> {
    let actions = sim_json(sim, "__sim/actions").await?;
    Ok(actions["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(ToString::to_string)
        .collect())
}

/// A plan made by `dormant plan`, edited by hand, then given to `dormant apply --yes`.
pub async fn plan(case: &Case) -> Verdict {
    let edit = case.edit.as_deref().ok_or("a plan case needs `edit`")?;
    let (sim, home) = plain_sim().await?;
    let (path, mut plan) = make_plan(&sim, home.path()).await?;
    let mut forbidden = None;
    match edit {
        "protect_admin" => {
            let admin = an_org_admin(&sim, home.path()).await?;
            let entry = plan["entries"]
                .as_array_mut()
                .and_then(|entries| entries.iter_mut().find(|entry| entry.get("refusal").is_none()))
                .ok_or("the plan has no acting entry")?;
            entry["account_id"] = json!(admin);
            forbidden = Some(admin);
        }
        "wrong_org" => plan["org_id"] = json!("00000000-0000-4000-8000-00000000beef"),
        "garbage" => plan = json!("\u{1b}]0;PWNED\u{7} not a plan"),
        other => return Err(format!("unknown plan edit {other:?}")),
    }
    std::fs::write(&path, plan.to_string()).map_err(|err| err.to_string())?;
    let args = ["apply", "plan.json", "--yes", "--results", "results.csv"];
    let output = run(dormant(home.path(), Some(&sim), &args)).await?;
    let verdict = judge(&output, &case.expect);
    if let Some(admin) = forbidden {
        if acted_on(&sim).await?.iter().any(|action| action.contains(&admin)) {
            return Err(format!("the protected admin {admin} was acted on"));
        }
        let results = std::fs::read_to_string(home.path().join("results.csv")).unwrap_or_default();
        let line = results
            .lines()
            .find(|line| line.contains(&admin))
            .unwrap_or_default();
        if !line.contains("refused") {
            return Err(format!("the admin's outcome is not a refusal: {line:?}"));
        }
        sim.shutdown().await;
        return verdict.map(|_| {
            format!(
                "admin refused, never acted on; {}",
                excerpt(&String::from_utf8_lossy(&output.stderr))
            )
        });
    }
    sim.shutdown().await;
    verdict
}

/// Every `*.jsonl` below `dir` that is a batch journal (not the audit log).
fn journals(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            journals(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "jsonl")
            && !path.ends_with(dormant::store::AUDIT_FILE)
        {
            found.push(path);
        }
    }
}

/// A batch applied, its journal edited by hand, then `dormant resume` and `dormant history`.
pub async fn journal(case: &Case) -> Verdict {
    let edit = case.edit.as_deref().ok_or("a journal case needs `edit`")?;
    let (sim, home) = plain_sim().await?;
    make_plan(&sim, home.path()).await?;
    let applied = run(dormant(home.path(), Some(&sim), &["apply", "plan.json", "--yes"])).await?;
    if !applied.status.success() {
        return Err(format!(
            "dormant apply failed: {}",
            String::from_utf8_lossy(&applied.stderr)
        ));
    }
    let mut found = Vec::new();
    journals(home.path(), &mut found);
    let journal = found.first().ok_or("apply wrote no journal")?;
    let mut text = std::fs::read_to_string(journal).map_err(|err| err.to_string())?;
    match edit {
        "torn_last_line" => {
            let last = text.trim_end().rfind('\n').ok_or("the journal has one line")?;
            let torn = &text[last + 1..];
            let half = torn.len() / 2;
            text = format!("{}{}", &text[..=last], &torn[..half]);
        }
        "garbage_line" => {
            let first = text.find('\n').ok_or("the journal has one line")?;
            text.insert_str(first + 1, "\u{1b}]0;PWNED\u{7}{\"not\": \"a record\"\n");
        }
        other => return Err(format!("unknown journal edit {other:?}")),
    }
    std::fs::write(journal, text).map_err(|err| err.to_string())?;
    let resumed = run(dormant(home.path(), Some(&sim), &["resume", "--yes"])).await?;
    let verdict = judge(&resumed, &case.expect).map(|_| excerpt(&String::from_utf8_lossy(&resumed.stderr)));
    sim.shutdown().await;
    verdict
}
