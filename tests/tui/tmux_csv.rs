//! The real `dormant --from-csv FILE` in a real terminal (tmux), in a confined home without a
//! key: the sample export loads, the header says where the data came from and that the session
//! is read-only, the status line counts the unreadable rows, and `q` quits cleanly. Polls the
//! screen with a deadline; never sleeps to wait. Needs tmux (`.ci/run` installs it).

use crate::support::tmux;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/atlassian-export/users.csv"
);
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
    let tmux = tmux::Tmux::start("csv-test", 200, 32, &command);
    let screen = tmux.wait_for("the export to load", |screen| {
        screen.contains("read 50 users from the user export")
    });
    assert!(screen.contains("from CSV export users.csv (dated "), "{screen}");
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(screen.contains("3 row problem(s)"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("a clean exit", |screen| screen.contains("EXIT:0"));
}
