//! The real binary in tmux against the simulator, with a config file that has an allowlist: a
//! cleanup-ready user is excluded with `x`, the allowlist page (`A`) lists them with the reason and
//! who added them next to the config's entry (shown with its line), the reason is edited, the
//! exclusion removed after a question, and the file on disk and the change log follow; the user is
//! back among the cleanup-ready, and removing the config entry names its file and line instead.
//! Polls with a deadline; never sleeps. Needs tmux.

use crate::support::home;
use crate::support::tmux;

use dormant::sim::SimConfig;
use std::path::{Path, PathBuf};

const KEY: &str = "dormant-test-key-allowlist-7e2a";

fn command(home: &Path, config: &Path, sim: &dormant::sim::SimHandle) -> String {
    let confined = home::dormant_in(home);
    let mut env: Vec<String> = confined
        .get_envs()
        .filter_map(|(name, value)| Some(format!("{}={}", name.to_str()?, value?.to_str()?)))
        .collect();
    env.extend([
        format!("DORMANT_API_KEY={KEY}"),
        format!("DORMANT_BASE_URL={}", sim.base_url),
        format!("DORMANT_ORG_ID={}", sim.org_id),
        "USER=tester".to_owned(),
        "NO_COLOR=1".to_owned(),
    ]);
    format!(
        "env -u DORMANT_PROFILE -u DORMANT_CONFIG -u DORMANT_LOG_FILE {} {} --config {} 2>/dev/null; echo EXIT:$?; read wait",
        env.join(" "),
        env!("CARGO_BIN_EXE_dormant"),
        config.display(),
    )
}

/// The file named `name` in a directory named `dir` somewhere below `root`.
fn find(root: &Path, dir: &str, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find(&path, dir, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|file| file == name)
            && path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|parent| parent == dir)
        {
            return Some(path);
        }
    }
    None
}

/// "showing N of 300" in the header.
fn showing(screen: &str) -> Option<usize> {
    let rest = &screen[screen.find("showing ")? + "showing ".len()..];
    rest.split_whitespace().next()?.replace(',', "").parse().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exclusion_is_listed_re_reasoned_and_removed_and_a_config_entry_names_its_line() {
    let sim = dormant::sim::start(SimConfig {
        users: 300,
        seed: 5,
        key: Some(KEY.to_owned()),
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let root = tempfile::tempdir().expect("root");
    let home = root.path().join("home");
    std::fs::create_dir(&home).expect("home dir");
    let config = root.path().join("dormant.toml");
    std::fs::write(
        &config,
        "# allowlist for the tmux test\n[allowlist]\naccounts = [\n  { value = \"ceo@tmux.example\", reason = \"the CEO\" },\n]\n",
    )
    .expect("config");

    let tmux = tmux::Tmux::start("allowlist", 200, 40, &command(&home, &config, &sim));
    tmux.wait_for("the load", |screen| screen.contains("loaded 300 users"));
    tmux.keys(&["/"]);
    tmux.literal("lane:ready");
    tmux.keys(&["Enter", "g"]);
    let screen = tmux.wait_for("the cleanup-ready", |screen| screen.contains("/ lane:ready"));
    let ready = showing(&screen).expect("a count");

    // x on the first cleanup-ready row: they leave the lane.
    tmux.keys(&["x"]);
    tmux.wait_for("the exclude prompt", |screen| {
        screen.contains("Exclude 1 user(s)")
    });
    tmux.literal("tmux first reason");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the exclusion", |screen| {
        screen.contains("1 exclusion(s) saved") && showing(screen) == Some(ready - 1)
    });

    // A: the exclusion with who added it, then the config's entry with its line.
    tmux.keys(&["A"]);
    let screen = tmux.wait_for("the allowlist page", |screen| {
        screen.contains("allowlist · 1 of 2")
            && screen.contains("tmux first reason")
            && screen.contains("tester on")
            && screen.contains("ceo@tmux.example")
            && screen.contains("config:4")
    });
    let detail = screen
        .lines()
        .find_map(|line| line.split("│excluded ").nth(1))
        .expect("the selected entry's detail line");
    let name = detail[..detail.rfind(" (").expect("the account id")]
        .trim()
        .to_owned();

    // e: a new reason, written to the file.
    tmux.keys(&["e"]);
    tmux.wait_for("the reason prompt", |screen| {
        screen.contains("Reason: tmux first reason")
    });
    tmux.keys(&["C-u"]);
    tmux.literal("tmux edited reason");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the new reason", |screen| {
        screen.contains(&format!("new reason for {name}: tmux edited reason"))
    });
    let file = find(&home, "allowlist", "default.json").expect("the profile's allowlist file");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        text.contains("tmux edited reason") && text.contains("\"added_by\": \"tester on"),
        "{text}"
    );

    // d, then y: removed from the file, logged, and back among the cleanup-ready.
    tmux.keys(&["d"]);
    tmux.wait_for("the question", |screen| {
        screen.contains(&format!("Remove the exclusion of {name}"))
    });
    tmux.keys(&["y"]);
    tmux.wait_for("the removal", |screen| {
        screen.contains(&format!(
            "removed the exclusion of {name}: back in lane cleanup-ready"
        )) && screen.contains("allowlist · 1 of 1")
    });
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(!text.contains("tmux edited reason"), "{text}");
    let log = find(&home, "allowlist", "changes.jsonl").expect("the change log");
    let log = std::fs::read_to_string(log).expect("read");
    let changes: Vec<&str> = log
        .lines()
        .filter_map(|line| line.split("\"change\":\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(changes, ["excluded", "reason_edited", "removed"], "{log}");

    // The config's entry is read-only: d names the file and the line to edit.
    tmux.keys(&["d"]);
    let screen = tmux.wait_for("where to edit", |screen| {
        screen.contains("ceo@tmux.example is in the config file")
    });
    let config_text = config.display().to_string();
    assert!(
        screen.contains(&format!("edit {config_text}:4"))
            || screen.contains(&format!("{config_text} line 4")),
        "{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the table with the user back", |screen| {
        !screen.contains("┌ allowlist") && showing(screen) == Some(ready)
    });
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:0"));
    sim.shutdown().await;
}
