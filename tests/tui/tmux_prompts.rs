//! The real `dormant demo` in tmux: with marks the filter hides, the exclude and warn prompts say
//! so ("N marked, M hidden by the filter") and act on the row under the cursor or the visible marks
//! alone when switched; `w` asks first with an editable grace period; and `W` in the history
//! withdraws the warning run after a question that says mails cannot be unsent. Polls with a
//! deadline; never sleeps to wait. Needs tmux (`.ci/run` installs it).

use crate::support::tmux;

/// The number before `suffix` in the last place it shows on `screen` ("12 marked" → 12).
fn number_before(screen: &str, suffix: &str) -> Option<usize> {
    let at = screen.rfind(suffix)?;
    let digits: String = screen[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

#[test]
fn prompts_on_hidden_marks_act_on_the_chosen_set_and_a_warning_is_confirmed_then_withdrawn() {
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!("NO_COLOR=1 {binary} demo --users 300 --seed 11; echo EXIT:$?; read wait_for_kill");
    let tmux = tmux::Tmux::start("prompts-test", 120, 40, &command);
    tmux.wait_for("the org to load", |screen| screen.contains("loaded 300 users"));

    // Mark every cleanup-ready user, then narrow the filter so some marks are hidden.
    tmux.keys(&["/"]);
    tmux.literal("lane:ready");
    tmux.keys(&["Enter", "*"]);
    let screen = tmux.wait_for("the marks", |screen| screen.contains("marked → frees"));
    let marked = number_before(&screen, " marked → frees").expect("a mark count");
    assert!(marked > 2, "{screen}");
    tmux.keys(&["/"]);
    tmux.literal(" idle:>400");
    tmux.keys(&["Enter", "g"]);
    let screen = tmux.wait_for("marks hidden by the filter", |screen| {
        screen.contains("hidden by the filter) → frees") && screen.contains("/ lane:ready idle:>400")
    });
    let hidden = number_before(&screen, " hidden by the filter) → frees").expect("a hidden count");
    assert!(hidden > 0 && hidden < marked, "{screen}");
    let counts = format!("{marked} marked, {hidden} hidden by the filter.");

    // x: the prompt states the counts; tab twice takes the row under the cursor alone.
    tmux.keys(&["x"]);
    tmux.wait_for("the exclude prompt", |screen| {
        screen.contains(&format!("Exclude {marked} user(s)")) && screen.contains(&counts)
    });
    tmux.keys(&["Tab"]);
    let visible = marked - hidden;
    tmux.wait_for("the visible marks", |screen| {
        screen.contains(&format!("Exclude {visible} user(s)"))
            && screen.contains(&format!("Acting on: only the {visible} marked the filter shows."))
    });
    tmux.keys(&["Tab"]);
    tmux.wait_for("the cursor row alone", |screen| {
        screen.contains("Exclude 1 user(s)") && screen.contains("(the row under the cursor).")
    });
    tmux.literal("tmux test");
    tmux.keys(&["Enter"]);
    tmux.wait_for("one exclusion", |screen| {
        screen.contains("excluded 1 user(s) from cleanup")
    });

    // w: asks first, with the counts and the grace period, which is typed over.
    let marked = marked - 1;
    let visible = visible - 1;
    tmux.keys(&["w"]);
    tmux.wait_for("the warn prompt", |screen| {
        screen.contains(&format!("Warn {marked} user(s)"))
            && screen.contains(&format!("{marked} marked, {hidden} hidden by the filter."))
            && screen.contains("Grace period: 14")
    });
    tmux.keys(&["Tab", "BSpace", "BSpace"]);
    tmux.literal("30");
    tmux.wait_for("the visible marks and 30 days", |screen| {
        screen.contains(&format!("Warn {visible} user(s)")) && screen.contains("Grace period: 30")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the warnings", |screen| {
        screen.contains(&format!("warned {visible} user(s), deadline"))
    });

    // H, then W on the warning run: a question that says mails stay sent, then it is withdrawn.
    tmux.keys(&["H"]);
    tmux.wait_for("the history", |screen| {
        screen.contains(" warn ") && screen.contains("W: withdraw")
    });
    tmux.keys(&["W"]);
    tmux.wait_for("the withdraw question", |screen| {
        screen.contains("Withdraw warning run") && screen.contains("cannot be unsent")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("the withdrawal", |screen| {
        screen.contains("withdrew warning run") && screen.contains(" withdraw ")
    });

    tmux.keys(&["q"]);
    tmux.wait_for("the quit question", |screen| screen.contains("Quit?"));
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("the exit", |screen| screen.contains("EXIT:"));
    assert!(screen.contains("EXIT:0"), "{screen}");
}
