//! The real binary in tmux: the preview's red *not cleanup-ready* section is left alone by a
//! plain confirmation (the engine refuses those users) and acted on only after its own key, and
//! a session whose key the API refuses (401) shows the saved snapshot and marks but starts no
//! batch: the preview says why and names the fix, confirming does nothing but say so, and the
//! simulator records no change. Polls with a deadline; never sleeps. Needs tmux.

use crate::support::expected;
use crate::support::home;
use crate::support::tmux;

use dormant::sim::SimConfig;
use std::path::Path;

const SEED: u64 = 11;

/// Filters to `query`, marks the first `count` rows, and clears the filter again.
fn mark(tmux: &tmux::Tmux, query: &str, count: usize, marked_after: usize) {
    tmux.keys(&["/"]);
    tmux.literal(query);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the filter", |screen| screen.contains(&format!("/ {query}")));
    for _ in 0..count {
        tmux.keys(&["space"]);
    }
    tmux.wait_for("the marks", |screen| {
        screen.contains(&format!("{marked_after} marked"))
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter to clear", |screen| {
        !screen.contains(&format!("/ {query}"))
    });
}

#[test]
fn the_not_cleanup_ready_section_is_committed_only_after_its_own_key() {
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!("NO_COLOR=1 {binary} demo --users 300 --seed {SEED}; echo EXIT:$?; read wait");
    let tmux = tmux::Tmux::start("sections-test", 120, 32, &command);
    tmux.wait_for("the org to load", |screen| screen.contains("loaded 300 users"));
    mark(&tmux, "lane:active", 2, 2);
    mark(&tmux, "lane:ready", 2, 4);

    tmux.keys(&["p"]);
    tmux.wait_for("the preview with a section of its own", |screen| {
        screen.contains("Suspend 2 users")
            && screen.contains("2 not cleanup-ready")
            && screen.contains("a: include the 2 not cleanup-ready")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the question", |screen| {
        screen.contains("Suspend 2 user(s)") && screen.contains("are left alone.")
    });
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("the batch to finish", |screen| {
        screen.contains("batch finished:") && screen.contains("results · e: export")
    });
    assert!(
        screen.contains("2 done") && screen.contains("2 refused"),
        "the not cleanup-ready were refused by the engine:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the results to close", |screen| !screen.contains("┌ results"));

    // Now include the section with its key: the question names both counts, and it is acted on.
    mark(&tmux, "lane:active", 1, 1);
    tmux.keys(&["p"]);
    tmux.wait_for("the preview", |screen| screen.contains("Suspend 0 users"));
    tmux.keys(&["a"]);
    tmux.wait_for("the section included", |screen| {
        screen.contains("Suspend 1 user in") && screen.contains("INCLUDED")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the question", |screen| {
        screen.contains("Suspend 1 user(s)") && screen.contains("included on their own")
    });
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("the second batch", |screen| {
        screen.contains("batch finished:") && screen.contains("results · e: export")
    });
    assert!(
        screen.contains("1 done") && screen.contains("0 refused"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
}

const KEY: &str = "dormant-test-key-sections-4d1c";

fn command(home: &Path, sim: &dormant::sim::SimHandle, key: &str) -> String {
    let confined = home::dormant_in(home);
    let mut env: Vec<String> = confined
        .get_envs()
        .filter_map(|(name, value)| Some(format!("{}={}", name.to_str()?, value?.to_str()?)))
        .collect();
    env.extend([
        format!("DORMANT_API_KEY={key}"),
        format!("DORMANT_BASE_URL={}", sim.base_url),
        format!("DORMANT_ORG_ID={}", sim.org_id),
        "NO_COLOR=1".to_owned(),
    ]);
    format!(
        "env -u DORMANT_PROFILE -u DORMANT_CONFIG -u DORMANT_LOG_FILE {} {} 2>/dev/null; echo EXIT:$?; read wait",
        env.join(" "),
        env!("CARGO_BIN_EXE_dormant"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_key_starts_no_batch_and_the_preview_names_the_fix() {
    let sim = dormant::sim::start(SimConfig {
        users: 300,
        seed: 8,
        key: Some(KEY.to_owned()),
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let root = tempfile::tempdir().expect("home");
    let home = root.path().join("home");
    std::fs::create_dir(&home).expect("home dir");

    // A first session with the right key: the snapshot and two marks are saved.
    let tmux = tmux::Tmux::start("key-ok", 120, 32, &command(&home, &sim, KEY));
    tmux.wait_for("the load", |screen| screen.contains("loaded 300 users"));
    mark(&tmux, "lane:ready !type:synced", 2, 2);
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
    drop(tmux);

    // The key is wrong now: the snapshot and marks show, the load fails with 401.
    let tmux = tmux::Tmux::start("key-bad", 120, 32, &command(&home, &sim, "wrong-key-1234"));
    tmux.wait_for("the failed load over the snapshot", |screen| {
        screen.contains("load failed") && screen.contains("2 marked")
    });
    tmux.keys(&["p"]);
    let screen = tmux.wait_for("the preview saying why", |screen| {
        screen.contains("No batch can start") && screen.contains("blocked")
    });
    assert!(
        screen.contains("dormant login") && screen.contains("DORMANT_API_KEY"),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("confirm to say so", |screen| {
        screen.contains("confirming is blocked") && !screen.contains("now?")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("y to say so too", |screen| {
        screen.contains("confirming is blocked")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the preview to close", |screen| {
        !screen.contains("No batch can start")
    });
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
    drop(tmux);

    let body: serde_json::Value = expected::inspect(&sim, "__sim/actions").await;
    let actions = body["actions"].as_array().expect("an actions array");
    assert!(actions.is_empty(), "nothing was changed: {actions:?}");
    sim.shutdown().await;
}
