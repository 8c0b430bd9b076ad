//! The real `dormant demo` in tmux: `v` picks the view never-active and the table shows what
//! `dormant report --view never-active` lists for the same simulated org (count and order), the
//! header naming the view; `o` picks the first group by name, Enter filters by it and `!` filters
//! it out, with the counts the org implies. Polls with a deadline; never sleeps to wait. Needs tmux
//! (`.ci/run` installs it).

use crate::support::{home, tmux};

use dormant::api::{Client, ClientConfig, LoadOptions, load_directory};
use dormant::directory::{Directory, GroupId};
use dormant::report::thousands;
use dormant::sim::SimConfig;
use std::collections::BTreeMap;
use std::process::Stdio;

const USERS: u32 = 400;
const SEED: u64 = 23;

/// What the demo's org holds, from the same generator: the names `dormant report --view
/// never-active --format csv` prints (in order), and the org's directory.
fn expected() -> (Vec<String>, Directory) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let sim = dormant::sim::start(SimConfig {
            users: USERS,
            seed: SEED,
            ..SimConfig::default()
        })
        .await
        .expect("sim");
        let home = tempfile::tempdir().expect("home");
        let mut report = tokio::process::Command::from(home::dormant_in(home.path()));
        report
            .args(["report", "--view", "never-active", "--format", "csv"])
            .env("DORMANT_BASE_URL", sim.base_url.as_str())
            .env("DORMANT_API_KEY", sim.key.expose())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        let output = tokio::time::timeout(std::time::Duration::from_mins(1), report.output())
            .await
            .expect("the report finishes in time")
            .expect("the report runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        let column = reader
            .headers()
            .expect("a header")
            .iter()
            .position(|title| title == "name")
            .expect("a name column");
        let names = reader
            .records()
            .map(|record| record.expect("a row")[column].to_owned())
            .collect();
        let client = Client::new(ClientConfig::new(sim.base_url.clone(), sim.key.clone())).expect("client");
        let outcome = load_directory(&client, &sim.org_id, &LoadOptions::default(), &|_| {})
            .await
            .expect("load");
        sim.shutdown().await;
        (names, outcome.directory)
    })
}

/// The group the picker lists first (by name, case-insensitive) and its member count.
fn first_group(directory: &Directory) -> (String, usize) {
    let mut members: BTreeMap<&GroupId, usize> = BTreeMap::new();
    for user in &directory.users {
        for group in &user.groups {
            *members.entry(group).or_default() += 1;
        }
    }
    let first = directory
        .groups
        .iter()
        .min_by_key(|group| (group.name.to_lowercase(), group.id.clone()))
        .expect("the simulated org has groups");
    (first.name.clone(), members.get(&first.id).copied().unwrap_or(0))
}

fn showing(count: usize) -> String {
    format!(
        "showing {} of {}",
        thousands(count as u64),
        thousands(u64::from(USERS))
    )
}

#[test]
fn the_view_picker_shows_the_reports_view_and_the_group_picker_filters_by_a_group() {
    let (names, directory) = expected();
    assert!(!names.is_empty(), "the simulated org has never-active users");
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!("NO_COLOR=1 {binary} demo --users {USERS} --seed {SEED}; echo EXIT:$?; read wait");
    let tmux = tmux::Tmux::start("pickers-test", 120, 40, &command);
    tmux.wait_for("the org to load", |screen| {
        screen.contains(&format!("loaded {USERS} users"))
    });

    tmux.keys(&["v"]);
    tmux.wait_for("the view picker", |screen| {
        screen.contains("┌ views") && screen.contains("warned-and-due") && screen.contains("warned:due")
    });
    tmux.keys(&["j", "Enter"]);
    let screen = tmux.wait_for("the view to apply", |screen| {
        screen.contains("view never-active")
            && screen.contains(&showing(names.len()))
            && screen.contains("sort added:asc")
            && !screen.contains("┌ views")
    });
    // The first rows come in the report's order.
    let lines: Vec<&str> = screen.lines().collect();
    let mut last = 0;
    for name in names.iter().take(5) {
        let start: String = name.chars().take(12).collect();
        let at = lines
            .iter()
            .skip(last + 1)
            .position(|line| line.contains(&start))
            .map_or_else(
                || panic!("{name} is not below row {last}:\n{screen}"),
                |offset| offset + last + 1,
            );
        last = at;
    }
    // Reversing the sort by hand ends the view.
    tmux.keys(&["S"]);
    tmux.wait_for("the view to end", |screen| {
        screen.contains("sort added:desc") && !screen.contains("view never-active")
    });

    let (group, members) = first_group(&directory);
    // Esc clears the filter; it is sent apart, as a terminal would (Esc then `o` at once reads as alt-o).
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter to clear", |screen| {
        screen.contains(&showing(USERS as usize))
    });
    tmux.keys(&["o"]);
    tmux.wait_for("the group picker", |screen| {
        screen.contains("┌ groups") && screen.contains("MEMBERS") && screen.contains(&group)
    });
    tmux.keys(&["Enter"]);
    let term = format!("group:\"{group}\"");
    tmux.wait_for("the group filter", |screen| {
        screen.contains(&format!("/ {term}")) && screen.contains(&showing(members))
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter to clear", |screen| {
        screen.contains(&showing(USERS as usize))
    });
    tmux.keys(&["o"]);
    tmux.wait_for("the group picker again", |screen| screen.contains("┌ groups"));
    tmux.keys(&["!"]);
    tmux.wait_for("the group filtered out", |screen| {
        screen.contains(&format!("/ !{term}")) && screen.contains(&showing(USERS as usize - members))
    });
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the exit", |screen| screen.contains("EXIT:"));
    assert!(screen.contains("EXIT:0"), "{screen}");
}
