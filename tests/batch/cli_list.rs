//! What the headless batch commands list of who: `apply` prints every user of the plan on stdout
//! (all of them off a terminal, the first of each group with `--list first`), grouped by
//! section and refusal, each with email, lane, days idle, seats and action; the `--results` file
//! keeps the same; a plan naming a user twice is refused naming them, before anything is sent.

use crate::cli::{Setup, code, stderr};
use serde_json::Value;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn planned(setup: &Setup) -> Value {
    let plan = setup
        .run(&["plan", "--filter", "lane:ready OR type:admin", "-o", "plan.json"])
        .await;
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    serde_json::from_slice(&std::fs::read(setup.home.path().join("plan.json")).expect("plan")).expect("json")
}

fn entries(plan: &Value) -> &Vec<Value> {
    plan["entries"].as_array().expect("entries")
}

#[tokio::test]
async fn apply_lists_every_user_by_group_off_a_terminal_and_the_results_keep_it() {
    let setup = Setup::new().await;
    let plan = planned(&setup).await;
    let all = entries(&plan);
    let refused = all.iter().filter(|entry| entry.get("refusal").is_some()).count();
    let acting = all.len() - refused;
    assert!(refused > 0 && acting > 10, "{refused} refused, {acting} acting");

    let applied = setup
        .run(&["apply", "plan.json", "--yes", "--results", "results.csv"])
        .await;
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    let listed = stdout(&applied);
    assert!(
        listed.contains(&format!("suspend, cleanup-ready ({acting}):")),
        "{listed}"
    );
    assert!(listed.contains(&format!("refused ({refused}):")), "{listed}");
    assert!(!listed.contains("more: pass --list all"), "{listed}");
    for entry in all {
        let name = entry["name"].as_str().expect("name");
        let row = listed
            .lines()
            .find(|line| line.starts_with(&format!("  {name} <")))
            .unwrap_or_else(|| panic!("{name} is listed: {listed}"));
        let email = entry["email"].as_str().unwrap_or("no email");
        assert!(row.contains(email), "{row}");
        if entry.get("refusal").is_some() {
            assert!(row.contains("· refused: protected"), "{row}");
        } else {
            assert!(
                row.ends_with("· suspend") && row.contains("cleanup-ready"),
                "{row}"
            );
        }
    }

    let results = std::fs::read_to_string(setup.home.path().join("results.csv")).expect("results");
    let mut lines = results.lines();
    assert_eq!(
        lines.next(),
        Some(
            "account_id,name,email,action,result,detail,at,section,lane,idle_days,products,synced,synced_groups,memberships_changed,seats_lost"
        )
    );
    assert_eq!(lines.clone().count(), all.len());
    assert!(
        lines.clone().any(|line| line.contains(",cleanup-ready,ready,")),
        "{results}"
    );
    assert!(lines.any(|line| line.contains(",protected,")), "{results}");
}

#[tokio::test]
async fn list_first_shows_the_first_of_each_group_and_says_how_to_see_all() {
    let setup = Setup::new().await;
    let plan = planned(&setup).await;
    let acting = entries(&plan)
        .iter()
        .filter(|entry| entry.get("refusal").is_none())
        .count();
    let asked = setup.run(&["apply", "plan.json", "--list", "first"]).await;
    assert_eq!(
        code(&asked),
        4,
        "not confirmed off a terminal: {}",
        stderr(&asked)
    );
    let listed = stdout(&asked);
    assert!(
        listed.contains(&format!(
            "  … and {} more: pass --list all to list everyone",
            acting - 10
        )),
        "{listed}"
    );
    assert!(setup.target.actions().await.is_empty(), "nothing was changed");
}

#[tokio::test]
async fn a_plan_naming_a_user_twice_is_refused_naming_them_and_nothing_is_sent() {
    let setup = Setup::new().await;
    let mut plan = planned(&setup).await;
    let entries = plan["entries"].as_array_mut().expect("entries");
    let repeated = entries[0].clone();
    let name = repeated["name"].as_str().expect("name").to_owned();
    entries.push(repeated);
    std::fs::write(
        setup.home.path().join("twice.json"),
        serde_json::to_vec(&plan).expect("json"),
    )
    .expect("write");
    let refused = setup.run(&["apply", "twice.json", "--yes"]).await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));
    let said = stderr(&refused);
    assert!(
        said.contains("1 user(s) more than once") && said.contains(&name) && said.contains("`dormant plan`"),
        "{said}"
    );
    assert!(stdout(&refused).is_empty(), "no list of a refused plan");
    assert!(setup.target.actions().await.is_empty(), "nothing was changed");
}
