//! The real `dormant demo` binary in a real terminal (tmux): it loads, a filter is typed, the sort
//! changed, users marked, the header shows the counts the org implies, the marks are previewed,
//! confirmed by typing their count and committed, and quitting restores the terminal (main screen
//! back, cooked mode back). Polls the screen with a deadline; never sleeps
//! to wait. Needs tmux (`.ci/run` installs it).

use dormant::api::{Client, ClientConfig, LoadOptions, load_directory};
use dormant::directory::{DirectoryIndex, Exclusions, Lane, Policy};
use dormant::report::thousands;
use dormant::sim::SimConfig;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

const USERS: u32 = 600;
const SEED: u64 = 11;
const DEADLINE: Duration = Duration::from_mins(1);

/// A tmux server of its own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("dormant-test-{}", std::process::id()),
        };
        let started = tmux.run(&["new-session", "-d", "-s", "t", "-x", "120", "-y", "32", command]);
        assert!(
            started.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs (install it: apt-get install tmux)")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn literal(&self, text: &str) {
        assert!(self.run(&["send-keys", "-t", "t", "-l", text]).status.success());
    }

    /// Polls until `wanted` holds on the screen, failing with the last screen at the deadline.
    fn wait_for(&self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if wanted(&screen) {
                return screen;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "waited for {what}; the screen was:\n{screen}"
            );
            std::thread::yield_now();
        }
    }

    fn format(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

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
    let tmux = Tmux::start(&command);
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

    tmux.keys(&["q"]);
    tmux.wait_for("the quit question", |screen| {
        screen.contains("will be lost with this demo")
    });
    tmux.keys(&["y"]);
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
