//! Whole-screen snapshots of the console on ratatui's `TestBackend` (fixed sizes, monochrome, a
//! fixed clock): loading, browse, details, the filter's inline error, insight, help, popups, the
//! too-small message and hostile names. Review changes with `cargo insta review`.

use crate::support::console;
use crate::support::users as support;

use chrono::Duration;
use console::{app_with, fresh_app, loaded_app, settings, small_org, type_keys};
use dormant::api::{LoadPhase, LoadProgress};
use dormant::tui::{App, Event, Msg, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::UserBuilder;

pub(crate) fn screen(app: &App) -> String {
    let area = app.area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut covered = 0;
        for x in 0..area.width {
            // A wide character's second cell is part of it, not a character of its own.
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[test]
fn loading() {
    let (mut app, _) = fresh_app(settings(), 80, 24);
    let progress = LoadProgress {
        phase: LoadPhase::Users,
        requests: 41,
        users: 12_300,
        total: Some(40_000),
    };
    update(
        &mut app,
        Event::Msg(Msg::LoadProgressed {
            generation: 1,
            progress,
        }),
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn browse_at_the_minimum_size_with_marks_and_a_filter() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "*/!type:app\n");
    update(&mut app, Event::Tick(support::now() + Duration::minutes(7)));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn browse_wide_with_the_detail_pane() {
    let mut app = app_with(small_org(), 160, 36);
    type_keys(&mut app, "jj");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn details_page() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "j\n");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn filter_with_a_parse_error() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "/lane:ready idle:>ninety");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn insight() {
    let mut app = app_with(small_org(), 100, 30);
    type_keys(&mut app, "i");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help() {
    let mut app = app_with(small_org(), 100, 48);
    type_keys(&mut app, "?");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn sort_chooser_and_exclude_prompt() {
    let mut app = loaded_app();
    type_keys(&mut app, "sj");
    insta::assert_snapshot!("sort_chooser", screen(&app));
    type_keys(&mut app, "\u{1b}xon leave until March");
    insta::assert_snapshot!("exclude_prompt", screen(&app));
}

#[test]
fn too_small() {
    let app = app_with(small_org(), 60, 20);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn hostile_names_never_reach_the_terminal_raw() {
    let hostile = [
        ("h-esc", "Mallory \u{1b}[2J\u{1b}[31mRED\u{1b}]0;pwned\u{7}"),
        ("h-bidi", "Eve \u{202e}gnp.exe\u{202c} Admin"),
        ("h-wide", "山田太郎 👩‍💻 データ"),
        ("h-ctrl", "Tab\there\r\nnew\u{0}line\u{8}\u{7f}"),
        ("h-zw", "Zero\u{200b}Width\u{feff}Joiner"),
        (
            "h-long",
            "A name that goes on and on and on and on and on and on and on and on forever",
        ),
    ];
    let mut org = small_org();
    for (id, name) in hostile {
        org.users.push(
            UserBuilder::new(id, name)
                .email(Some("x\u{1b}[1m@evil.example"))
                .build(),
        );
    }
    let mut app = app_with(org, 160, 36);
    type_keys(&mut app, "s\u{1b}");
    let text = screen(&app);
    for forbidden in [
        '\u{1b}', '\u{7}', '\u{202e}', '\u{0}', '\r', '\u{8}', '\u{200b}', '\u{feff}',
    ] {
        assert!(!text.contains(forbidden), "{forbidden:?} reached the screen");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn monochrome_draws_no_colour_at_all() {
    let mut app = app_with(small_org(), 120, 30);
    type_keys(&mut app, "* ");
    let colours = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
        terminal.draw(|frame| render(app, frame)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        buffer
            .content()
            .iter()
            .filter(|cell| cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset)
            .count()
    };
    assert_eq!(colours(&app), 0, "NO_COLOR: bold, dim and reverse only");
    app.settings.theme = dormant::tui::Theme::colored();
    assert!(colours(&app) > 0);
}

#[test]
fn batch_preview_and_results() {
    let mut app = app_with(small_org(), 100, 30);
    // Nothing marked: the cursor row (Cy, an admin) is planned and refused, with the reason.
    type_keys(&mut app, "/cy\np");
    insta::assert_snapshot!("batch_preview_refused", screen(&app));
    type_keys(&mut app, "\u{1b}\u{1b}/bob\n \u{1b}/ada\n \u{1b}p");
    insta::assert_snapshot!("batch_preview", screen(&app));
    type_keys(&mut app, "y");
    insta::assert_snapshot!("batch_confirm", screen(&app));
    type_keys(&mut app, "y");
    let outcomes = ["u-ada", "u-bob"]
        .iter()
        .map(|id| dormant::batch::UserOutcome {
            account_id: dormant::directory::AccountId::from(*id),
            name: format!("user {id}"),
            email: Some(format!("{id}@acme.example")),
            action: dormant::batch::BatchAction::Suspend,
            outcome: dormant::batch::Outcome::Succeeded {
                confirmed_by: dormant::batch::Confirmation::Answer,
            },
            at: support::now(),
        })
        .collect::<Vec<_>>();
    let report = dormant::batch::BatchReport {
        batch_id: dormant::types::BatchId::parse("20260601T120000Z-0000beef").expect("id"),
        journal: "/data/dormant/batches/batch.jsonl".into(),
        action: dormant::batch::BatchAction::Suspend,
        end: dormant::batch::BatchEnd::Completed,
        counts: dormant::batch::Counts {
            planned: 2,
            succeeded: 2,
            skipped: 0,
            refused: 0,
            failed: 0,
            elsewhere: 0,
        },
        outcomes,
        entries: Vec::new(),
        warnings: Vec::new(),
        memberships: std::collections::HashMap::new(),
    };
    update(&mut app, Event::Msg(Msg::CommitFinished(Ok(Box::new(report)))));
    insta::assert_snapshot!("batch_results", screen(&app));
}

#[test]
fn prompts_on_marks_with_some_hidden_by_the_filter() {
    let mut app = app_with(small_org(), 100, 30);
    // Bob and Ada marked, then a filter that shows Ada only: one mark hidden.
    type_keys(&mut app, "/bob\n \u{1b}/ada\n ");
    type_keys(&mut app, "w");
    insta::assert_snapshot!("warn_prompt_with_hidden_marks", screen(&app));
    type_keys(&mut app, "\t\u{1b}x");
    insta::assert_snapshot!("exclude_prompt_with_hidden_marks", screen(&app));
    type_keys(&mut app, "\u{1b}p");
    insta::assert_snapshot!("batch_preview_with_hidden_marks", screen(&app));
}

/// Thousands of users at 80×24: the header shortens its words instead of cutting the sort off,
/// and the table keeps LANE and STATUS, so suspended rows do not look like active ones.
#[test]
fn browse_a_large_org_at_the_minimum_size() {
    let mut users = Vec::new();
    for n in 0..4_321_i64 {
        let id = format!("u-{n:05}");
        let name = format!("User {n:05}");
        let user = match n % 4 {
            0 => UserBuilder::new(&id, &name).products(&[("jira", Some(100 + n % 700))]),
            1 => UserBuilder::new(&id, &name)
                .status(dormant::directory::UserStatus::Suspended)
                .products(&[("jira", Some(100 + n % 700))]),
            2 => UserBuilder::new(&id, &name).products(&[("jira", Some(n % 30))]),
            _ => UserBuilder::new(&id, &name)
                .role(dormant::directory::PlatformRole::OrgAdmin)
                .products(&[("confluence", None)])
                .added(Some(100 + n % 700)),
        };
        users.push(user.build());
    }
    let org = support::directory(users, Vec::new());
    let app = app_with(org, 80, 24);
    let text = screen(&app);
    let lanes = text.lines().nth(1).expect("the lanes line");
    assert!(lanes.ends_with("sort idle▼"), "{lanes}");
    let titles = text.lines().nth(3).expect("the table header");
    for title in ["LANE", "STATUS", "IDLE"] {
        assert!(titles.contains(title), "{titles}");
    }
    assert!(text.contains("suspended"), "{text}");
    insta::assert_snapshot!(text);
}

/// A batch from marks suspends by default: the details and the help say so, never "deactivation".
#[test]
fn marking_says_what_the_batch_will_do() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "jj k\n");
    let details = screen(&app);
    assert!(
        details.contains("marked: suspended once previewed and confirmed"),
        "{details}"
    );
    let mut app = app_with(small_org(), 100, 48);
    type_keys(&mut app, "?");
    let help = screen(&app);
    assert!(!help.contains("deactivation"), "{help}");
    assert!(help.contains("mark or unmark the row to suspend"), "{help}");
}

/// One vocabulary: the details' type is the TYPE column's word (what `type:` tests), and claim
/// and source use the report's words, never "managed by synced".
#[test]
fn details_use_the_type_column_words() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "/ivy\n");
    let table = screen(&app);
    let row = table
        .lines()
        .find(|line| line.contains("Ivy Synced"))
        .expect("Ivy's row");
    assert!(row.contains(" synced "), "{row}");
    type_keys(&mut app, "\n");
    let details = screen(&app);
    for line in [
        "type         synced",
        "claim        managed",
        "source       synced",
    ] {
        assert!(details.contains(line), "{line:?} missing:\n{details}");
    }
    assert!(!details.contains("managed by"), "{details}");
    type_keys(&mut app, "\u{1b}\u{1b}/type:synced\n");
    assert_eq!(console::visible_ids(&app), ["u-ivy"]);
}
