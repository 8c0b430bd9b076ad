//! The real `dormant demo` binary in a real terminal (tmux): it loads, a filter is typed, the sort
//! changed, users marked, the header shows the counts the org implies, the marks are previewed,
//! confirmed by typing their count and committed, and quitting restores the terminal (main screen
//! back, cooked mode back). A second test closes the terminal under a running console and checks
//! that dormant ends. Polls with a deadline; never sleeps to wait. Needs tmux (`.ci/run` installs it).

use crate::support::tmux;

use dormant::api::{Client, ClientConfig, LoadOptions, load_directory};
use dormant::directory::{DirectoryIndex, Exclusions, Lane, Policy};
use dormant::report::thousands;
use dormant::sim::SimConfig;
use std::sync::Arc;

const USERS: u32 = 600;
const SEED: u64 = 11;
/// The lane counts the demo's org must show, from the same generator through the same client.
fn expected_ready() -> usize {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let sim = dormant::sim::start(SimConfig {
            users: USERS,
            seed: SEED,
            ..SimConfig::default()
        })
        .await
        .expect("sim");
        let client = Client::new(ClientConfig::new(sim.base_url.clone(), sim.key.clone())).expect("client");
        let outcome = load_directory(&client, &sim.org_id, &LoadOptions::default(), &|_| {})
            .await
            .expect("load");
        sim.shutdown().await;
        let as_of = outcome.directory.loaded_at;
        let index = DirectoryIndex::build(
            Arc::new(outcome.directory),
            &Policy::default(),
            &Exclusions::default(),
            as_of,
        );
        index.lane_counts().get(Lane::CleanupReady)
    })
}

#[test]
fn the_demo_filters_sorts_marks_commits_and_restores_the_terminal_on_quit() {
    let ready = expected_ready();
    assert!(ready > 0);
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!(
        "NO_COLOR=1 {binary} demo --users {USERS} --seed {SEED}; echo EXIT:$?; \
         stty -a | grep -o -- '-\\?icanon' | sed 's/^/MODE:/'; read wait_for_kill"
    );
    let tmux = tmux::Tmux::start("demo-test", 120, 32, &command);
    let loaded = format!("loaded {} users", thousands(u64::from(USERS)));
    tmux.wait_for("the org to load", |screen| screen.contains(&loaded));
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "1",
        "the console draws on the alternate screen"
    );

    tmux.keys(&["/"]);
    tmux.literal("lane:ready");
    tmux.keys(&["Enter"]);
    let showing = format!(
        "showing {} of {}",
        thousands(ready as u64),
        thousands(u64::from(USERS))
    );
    // A capture can land mid-frame, so each wait asks for everything the frame must show at once.
    tmux.wait_for("the filter to apply", |screen| {
        screen.contains(&showing) && screen.contains("/ lane:ready")
    });

    tmux.keys(&["s"]);
    tmux.wait_for("the sort chooser", |screen| screen.contains("sort by"));
    tmux.keys(&["j"]);
    tmux.keys(&["j"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the sort to change", |screen| {
        screen.contains("sort name:asc") && screen.contains("NAME▲") && !screen.contains("sort by")
    });

    tmux.keys(&["*"]);
    let marked = format!("{} marked", thousands(ready as u64));
    tmux.wait_for("the marks", |screen| {
        screen.contains(&format!("{marked} → frees")) && screen.contains("est. USD")
    });

    // Preview, confirm by typing the count, and commit against the demo's simulator.
    tmux.keys(&["p"]);
    tmux.wait_for("the preview", |screen| {
        screen.contains("preview: nothing changes until you confirm")
            && screen.contains(&format!("Suspend {ready} users"))
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the typed confirmation", |screen| {
        screen.contains(&format!("Type {ready} to confirm"))
    });
    tmux.literal(&ready.to_string());
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the batch to finish", |screen| {
        screen.contains("batch finished:") && screen.contains("results · e: export")
    });
    assert!(
        screen.contains(&format!("{} done", thousands(ready as u64))),
        "{screen}"
    );
    // Every committed mark is cleared, so quitting does not ask.
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the exit", |screen| {
        screen.contains("MODE:") && screen.contains("EXIT:")
    });
    assert!(screen.contains("EXIT:0"), "{screen}");
    assert!(screen.contains("MODE:icanon"), "cooked mode is back:\n{screen}");
    assert!(
        !screen.contains("dormant ·"),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(tmux.format("#{alternate_on}"), "0", "back on the main screen");
    assert_eq!(tmux.format("#{cursor_flag}"), "1", "the cursor is visible again");
}

/// Closing the terminal under a running console (here: the tmux server goes away, so the pane
/// hangs up) ends dormant, rather than leaving it spinning on a terminal that no longer exists.
#[test]
fn the_console_ends_when_its_terminal_goes_away() {
    let binary = env!("CARGO_BIN_EXE_dormant");
    // Run from a shell, as from a terminal: the shell dies with the pane and dormant gets SIGHUP.
    // stderr goes to a file, as in the secrets test where the hang was first seen (with stderr on
    // the terminal, the process happened to end anyway).
    let command =
        format!("NO_COLOR=1 {binary} demo --users 300 --seed {SEED} 2>/dev/null; echo EXIT:$?; read wait");
    let tmux = tmux::Tmux::start("hangup-test", 100, 30, &command);
    tmux.wait_for("the org to load", |screen| screen.contains("loaded 300 users"));
    let shell = tmux.format("#{pane_pid}");
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).expect("children");
    let pid = children
        .split_whitespace()
        .next()
        .expect("dormant runs under the pane's shell")
        .to_owned();
    let stat = format!("/proc/{pid}/stat");
    assert!(std::fs::metadata(&stat).is_ok(), "dormant runs as pid {pid}");
    drop(tmux);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        // Gone, or a zombie waiting for a reaper: either way it has ended.
        match std::fs::read_to_string(&stat) {
            Err(_) => break,
            Ok(text) if text.rsplit(") ").next().is_some_and(|rest| rest.starts_with('Z')) => break,
            Ok(_) => {}
        }
        if std::time::Instant::now() > deadline {
            let _ = std::process::Command::new("kill").args(["-9", &pid]).status();
            panic!("dormant (pid {pid}) still ran 20 s after its terminal went away");
        }
        std::thread::yield_now();
    }
}
