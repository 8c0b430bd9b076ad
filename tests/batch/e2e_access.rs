//! Issue 18's end-to-end proof on a multi-site simulated org, through the real binary: free every
//! idle Jira Service Management seat while the same users keep their Jira seats; afterwards the
//! simulator's seats equal, seat by seat, what the plan (the preview's data) said would be lost,
//! and `undo` restores every seat exactly (sites, roles, sources).

use crate::cli::{Setup, code, stderr};
use crate::support::batch::SimTarget;
use dormant::sim::SimConfig;
use dormant::sim::generate::SiteLayout;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

/// A seat as the simulator holds it: site → (product, roles, billable, sources).
type Seats = BTreeMap<String, (String, Vec<String>, bool, BTreeSet<String>)>;

/// The batch CLI tests' set-up (real binary, confined home) on a multi-site simulated org.
struct World(Setup);

impl World {
    async fn run(&self, args: &[&str]) -> Output {
        self.0.run(args).await
    }

    /// Plans removing every idle (> 90 days) JSM seat, and returns the plan file.
    async fn plan_idle_jsm(&self) -> Value {
        let args = [
            "plan",
            "--action",
            "remove-access",
            "--product",
            "jsm",
            "--filter",
            "seat-idle:jsm>90",
            "-o",
            "plan.json",
        ];
        let planned = self.run(&args).await;
        assert_eq!(code(&planned), 0, "{}", stderr(&planned));
        self.json("plan.json")
    }

    fn json(&self, file: &str) -> Value {
        serde_json::from_slice(&std::fs::read(self.0.home.path().join(file)).expect(file)).expect("json")
    }

    async fn seats(&self, account: &str) -> Seats {
        let body = self
            .0
            .target
            .sim_get(&format!("__sim/users/{account}/seats"))
            .await;
        body["seats"]
            .as_array()
            .expect("seats")
            .iter()
            .map(|seat| {
                let text = |value: &Value| value.as_str().expect("text").to_owned();
                let roles = seat["roles"]
                    .as_array()
                    .expect("roles")
                    .iter()
                    .map(text)
                    .collect();
                let sources = seat["sources"]
                    .as_array()
                    .expect("sources")
                    .iter()
                    .map(|source| {
                        format!(
                            "{}:{}",
                            source["groupId"].as_str().unwrap_or("direct"),
                            text(&source["role"])
                        )
                    })
                    .collect();
                (
                    text(&seat["resourceId"]),
                    (
                        text(&seat["product"]),
                        roles,
                        seat["billable"].as_bool().expect("billable"),
                        sources,
                    ),
                )
            })
            .collect()
    }
}

/// What the plan said `entry`'s user loses, applied to `before`: the seats expected afterwards.
fn expected_after(entry: &Value, before: &Seats) -> Seats {
    let account = entry["account_id"].as_str().expect("account");
    let mut expected = before.clone();
    for lost in entry["seats_lost"].as_array().expect("seats lost") {
        let site = lost["site"].as_str().expect("a site the plan names");
        let chosen = lost["chosen"].as_bool().expect("chosen");
        assert!(!chosen || lost["product"] == "jira-service-desk", "{lost}");
        if lost["keeps_free_role"].as_bool().unwrap_or(false) {
            let seat = expected.get_mut(site).expect("the seat existed");
            seat.2 = false;
        } else {
            assert!(expected.remove(site).is_some(), "{account}: {site} was held");
        }
    }
    expected
}

fn billable(seats: &Seats) -> BTreeMap<String, bool> {
    seats.iter().map(|(site, seat)| (site.clone(), seat.2)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_service_desk_seats_are_freed_jira_kept_exactly_as_planned_and_undo_restores_them() {
    let sim = dormant::sim::start(SimConfig {
        users: 600,
        seed: 18,
        sites: SiteLayout::Multi,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let target = SimTarget::new(sim.base_url.clone(), sim.org_id.clone(), sim.key.clone());
    let world = World(Setup {
        sim,
        target,
        home: tempfile::tempdir().expect("tempdir"),
    });

    let plan = world.plan_idle_jsm().await;
    let acting: Vec<&Value> = plan["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry.get("refusal").is_none())
        .collect();
    assert!(acting.len() >= 3, "the org has idle JSM seats to free: {plan}");

    let mut before = BTreeMap::new();
    for entry in &acting {
        let account = entry["account_id"].as_str().expect("account");
        before.insert(account.to_owned(), world.seats(account).await);
    }
    let applied = world
        .run(&[
            "apply",
            "plan.json",
            "--yes",
            "--accept-collateral",
            "--results",
            "results.json",
        ])
        .await;
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    let results = world.json("results.json");
    let result_of = |account: &str| -> String {
        results
            .as_array()
            .expect("rows")
            .iter()
            .find(|row| row["account_id"] == account)
            .map(Value::to_string)
            .expect("every planned user has a result")
    };
    let mut refused_direct = 0;

    let mut jira_kept = 0;
    for entry in &acting {
        let account = entry["account_id"].as_str().expect("account");
        let after = world.seats(account).await;
        let result = result_of(account);
        if result.contains("direct_assignment") {
            // A direct assignment beside the group grant keeps the seat: the engine asked the
            // user's role assignments right before acting and refused; nothing changed.
            assert_eq!(after, before[account], "{account}: refused, untouched");
            refused_direct += 1;
            continue;
        }
        assert!(
            result.contains("succeeded") || result.contains("done"),
            "{account}: {result}"
        );
        let expected = expected_after(entry, &before[account]);
        assert_eq!(
            billable(&after),
            billable(&expected),
            "{account}: seats after the batch, as the plan said"
        );
        assert!(
            after
                .values()
                .all(|(product, _, billable, _)| product != "jira-service-desk" || !billable),
            "{account}: no billable JSM seat is left: {after:?}"
        );
        jira_kept += after
            .values()
            .filter(|(product, _, billable, _)| product == "jira" && *billable)
            .count();
    }
    assert!(jira_kept > 0, "the users kept their Jira seats");
    assert!(
        refused_direct > 0,
        "the org has a user with a direct JSM assignment beside a group grant (seed 18)"
    );

    let history = world.run(&["history", "--format", "json"]).await;
    let listed: Value = serde_json::from_slice(&history.stdout).expect("history json");
    let batch_id = listed[0]["batch_id"].as_str().expect("batch id").to_owned();
    let undone = world.run(&["undo", &batch_id, "--yes"]).await;
    assert_eq!(code(&undone), 0, "{}", stderr(&undone));
    for (account, seats) in &before {
        assert_eq!(&world.seats(account).await, seats, "{account}: restored exactly");
    }
}
