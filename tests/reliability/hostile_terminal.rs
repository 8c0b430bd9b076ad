//! The terminal case of the hostile corpus: the real console in tmux over the simulator's hostile
//! org (names, emails, groups and titles carrying ANSI CSI colours and cursor moves, OSC title and
//! clipboard sequences, bidi overrides, zero-width and wide text, NUL and control bytes),
//! filtered to the hostile users. Checked on tmux's own record of the screen: the pane title is
//! untouched, no clipboard was set, no colour reached a cell (the console runs with `NO_COLOR`), the payload text shows
//! visibly escaped, and every row keeps to the window. A module of `hostile.rs`.

use super::tmux::Tmux;
use super::{KEY, Verdict, home};
use dormant::sim::SimConfig;
use unicode_width::UnicodeWidthStr;

const WIDTH: usize = 140;
const HEIGHT: usize = 40;

/// Serves the hostile org, then drives the console on a blocking thread.
pub async fn run() -> Verdict {
    let sim = dormant::sim::start(SimConfig {
        users: 200,
        seed: 8,
        hostile: true,
        key: Some(KEY.to_owned()),
        ..SimConfig::default()
    })
    .await
    .map_err(|err| err.to_string())?;
    let (base, org) = (sim.base_url.to_string(), sim.org_id.clone());
    let verdict = tokio::task::spawn_blocking(move || drive(&base, &org))
        .await
        .map_err(|err| format!("the terminal check panicked: {err}"))?;
    sim.shutdown().await;
    verdict
}

/// SGR parameters that set a colour (foreground, background, 256-colour or RGB); 39 and 49 only
/// restore the default colours.
fn sets_colour(sequence: &str) -> bool {
    sequence.split(';').any(|param| {
        param
            .parse::<u16>()
            .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=107))
    })
}

/// Colour-setting SGR sequences in a `capture-pane -e` dump.
fn colours(dump: &str) -> Vec<String> {
    dump.split('\u{1b}')
        .filter_map(|rest| rest.strip_prefix('['))
        .filter_map(|rest| rest.split_once('m').map(|(params, _)| params))
        .filter(|params| params.chars().all(|c| c.is_ascii_digit() || c == ';') && sets_colour(params))
        .map(str::to_owned)
        .collect()
}

/// Rows whose right border of the details box is not under the box's top-right corner: text
/// that moved the cursor, or whose width was misjudged, would push or pull it.
fn misaligned_borders(lines: &[&str]) -> Vec<String> {
    let column_of = |line: &str, mark: char| line.rfind(mark).map(|at| line[..at].width());
    let Some((top, corner)) = lines
        .iter()
        .enumerate()
        .find_map(|(row, line)| Some((row, column_of(line, '┐')?)))
    else {
        return vec!["no bordered box on the screen".to_owned()];
    };
    lines[top + 1..]
        .iter()
        .enumerate()
        .take_while(|(_, line)| !line.contains('┘'))
        .filter(|(_, line)| column_of(line, '│') != Some(corner))
        .map(|(offset, _)| format!("row {} breaks the box's right border", top + 1 + offset))
        .collect()
}

fn drive(base: &str, org: &str) -> Verdict {
    let root = tempfile::tempdir().map_err(|err| err.to_string())?;
    let confined = home::dormant_in(root.path());
    let mut env: Vec<String> = confined
        .get_envs()
        .filter_map(|(name, value)| Some(format!("{}={}", name.to_str()?, value?.to_str()?)))
        .collect();
    env.extend([
        format!("DORMANT_API_KEY={KEY}"),
        format!("DORMANT_BASE_URL={base}"),
        format!("DORMANT_ORG_ID={org}"),
        "NO_COLOR=1".to_owned(),
    ]);
    let command = format!(
        "env -u DORMANT_PROFILE -u DORMANT_CONFIG {} {}; echo EXIT:$?; read wait_for_kill",
        env.join(" "),
        env!("CARGO_BIN_EXE_dormant")
    );
    let tmux = Tmux::start("hostile-test", WIDTH as u16, HEIGHT as u16, &command);
    let title_before = tmux.format("#{pane_title}");
    // With the clipboard on, an OSC 52 sequence that reached tmux would become a paste buffer.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("the load", |screen| {
        screen.contains("loaded ") && screen.contains(" users")
    });
    tmux.keys(&["/"]);
    tmux.literal("hostile");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the hostile rows", |screen| {
        screen.contains("/ hostile") && screen.contains("nimda") && screen.contains("RED")
    });
    let dump =
        String::from_utf8_lossy(&tmux.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout).into_owned();
    let title = tmux.format("#{pane_title}");
    std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-terminal-screen.txt"),
        format!("title: {title}\n{screen}\n--- with escapes ---\n{dump}"),
    )
    .map_err(|err| err.to_string())?;
    let mut problems = Vec::new();
    if title != title_before || title.to_lowercase().contains("pwned") || title.contains("window title") {
        problems.push(format!("pane title changed from {title_before:?} to {title:?}"));
    }
    let buffers = String::from_utf8_lossy(&tmux.run(&["list-buffers"]).stdout).into_owned();
    if !buffers.trim().is_empty() {
        problems.push(format!("an OSC 52 sequence set the clipboard: {buffers}"));
    }
    let injected = colours(&dump);
    if !injected.is_empty() {
        problems.push(format!("colours reached the terminal: {injected:?}"));
    }
    let lines: Vec<&str> = screen.lines().collect();
    if lines.len() > HEIGHT {
        problems.push(format!("{} lines on a {HEIGHT}-line screen", lines.len()));
    }
    for (row, line) in lines.iter().enumerate() {
        if line.width() > WIDTH {
            problems.push(format!("row {row} is {} cells wide", line.width()));
        }
        if line
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        {
            problems.push(format!("row {row} holds a raw control or bidi character"));
        }
    }
    problems.extend(misaligned_borders(&lines));
    tmux.keys(&["q"]);
    tmux.wait_for("the exit", |screen| screen.contains("EXIT:"));
    if problems.is_empty() {
        Ok(format!(
            "rendered safely (title {title:?}, no clipboard, no colour, {} rows in {WIDTH} cells, borders aligned)",
            lines.len()
        ))
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn the_border_check_catches_a_shifted_row_and_counts_wide_text_by_cells() {
    let aligned = ["ab ┌──┐", "山 │x │", "cd └──┘"];
    assert!(misaligned_borders(&aligned).is_empty());
    let shifted = ["ab ┌──┐", "山田 │x │", "cd └──┘"];
    assert_eq!(
        misaligned_borders(&shifted),
        ["row 1 breaks the box's right border"]
    );
}
