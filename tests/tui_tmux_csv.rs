//! The real `dormant --from-csv FILE` in a real terminal (tmux), in a confined home without a
//! key: the sample export loads, the header says where the data came from and that the session
//! is read-only, the status line counts the unreadable rows, and `q` quits cleanly. Polls the
//! screen with a deadline; never sleeps to wait. Needs tmux (`.ci/run` installs it).

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/atlassian-export/users.csv"
);
const DEADLINE: Duration = Duration::from_mins(1);

/// A tmux server of its own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
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
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn the_console_reads_the_export_read_only_without_a_key() {
    let home = tempfile::tempdir().expect("home");
    let root = home.path().display();
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!(
        "env -u DORMANT_API_KEY -u DORMANT_PROFILE -u DORMANT_CONFIG -u DORMANT_BASE_URL \
         -u DORMANT_ORG_ID -u DORMANT_LOG_FILE -u DBUS_SESSION_BUS_ADDRESS NO_COLOR=1 HOME={root} \
         XDG_CONFIG_HOME={root}/config XDG_DATA_HOME={root}/data XDG_CACHE_HOME={root}/cache \
         {binary} --from-csv {FIXTURE}; echo EXIT:$?; read wait_for_kill"
    );
    let tmux = Tmux {
        socket: format!("dormant-csv-test-{}", std::process::id()),
    };
    let started = tmux.run(&["new-session", "-d", "-s", "t", "-x", "200", "-y", "32", &command]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    let screen = tmux.wait_for("the export to load", |screen| {
        screen.contains("read 50 users from the user export")
    });
    assert!(screen.contains("from CSV export users.csv (dated "), "{screen}");
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(screen.contains("3 row problem(s)"), "{screen}");
    tmux.run(&["send-keys", "-t", "t", "q"]);
    tmux.wait_for("a clean exit", |screen| screen.contains("EXIT:0"));
}
