//! The cursor row in full: per-product last activity, groups, roles, directories, management
//! source and every lane reason, as a side/bottom pane or a full page.

use super::{safe, table::last_seen};
use crate::report::IdleDays;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The lines describing the cursor row, each cut to `width` cells.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let (Some(data), Some(at)) = (&app.data, app.cursor_row()) else {
        return vec![Line::styled("No row selected.", theme.dim())];
    };
    let report = data.report();
    let row = report.row(at);
    let user = data.index.user(at);
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<13}"), theme.dim()),
            Span::raw(safe(&value, width.saturating_sub(13))),
        ])
    };
    let mut out = vec![
        Line::styled(safe(row.name, width), theme.title()),
        field("email", row.email.unwrap_or("—").to_owned()),
        field("account id", row.account_id.to_string()),
        // The TYPE column's word (what `type:` tests), then the two facts behind it in the
        // words the report's CLAIM and SOURCE columns use.
        field("type", data.index.kind(at).to_string()),
        field("claim", row.claim_status.as_str().to_owned()),
        field(
            "source",
            row.management_source
                .map_or("—", |source| source.as_str())
                .to_owned(),
        ),
        field(
            "status",
            format!(
                "{} (account {}, membership {})",
                row.status.as_str(),
                user.account_status.as_str(),
                user.membership_status.as_str()
            ),
        ),
        field(
            "last active",
            match row.idle {
                IdleDays::Days(days) => format!("{} ({days} days idle)", last_seen(row.last_active)),
                IdleDays::Never {
                    since_added: Some(days),
                } => format!("never · {days} days idle, since added to the org"),
                IdleDays::Never { since_added: None } => "never (date added unknown)".to_owned(),
                IdleDays::Unknown => last_seen(row.last_active),
            },
        ),
    ];
    for (product, seen) in report.products.iter().zip(&row.products) {
        if let Some(seen) = seen {
            out.push(field(
                &format!("  {}", super::table::short_product(product)),
                last_seen(*seen),
            ));
        }
    }
    let roles: Vec<&str> = row
        .roles
        .iter()
        .map(crate::directory::PlatformRole::as_str)
        .collect();
    out.push(field(
        "roles",
        if roles.is_empty() {
            "—".to_owned()
        } else {
            roles.join(", ")
        },
    ));
    out.push(field(
        "groups",
        if row.groups.is_empty() {
            "—".to_owned()
        } else {
            row.groups.join(", ")
        },
    ));
    out.push(field("directory", directory_names(data, user)));
    out.push(field(
        "added",
        user.added_to_org
            .map_or_else(|| "unknown".to_owned(), |at| at.format("%Y-%m-%d").to_string()),
    ));
    // What a batch from the marks does to them: suspend unless the preview switched it.
    let marked = if app.marks.contains(row.account_id) {
        format!("marked: {} once previewed and confirmed", app.batch.action.done())
    } else {
        "not marked".to_owned()
    };
    out.push(field("mark", marked));
    out.extend(super::seats::seat_lines(&data.index, at, theme, width));
    out.push(Line::from(vec![
        Span::styled("lane ", theme.dim()),
        Span::styled(row.lane.to_string(), theme.lane(row.lane)),
    ]));
    for reason in &row.reasons {
        out.push(Line::raw(format!(
            "  • {}",
            safe(reason, width.saturating_sub(4))
        )));
    }
    out
}

/// The names of the user's directories (an id when the directory list lacks it).
fn directory_names(data: &crate::tui::Loaded, user: &crate::directory::User) -> String {
    let names = user
        .directories
        .iter()
        .map(|id| {
            data.index
                .directory()
                .directories
                .iter()
                .find(|directory| &directory.id == id)
                .map_or_else(|| id.to_string(), |directory| directory.name.clone())
        })
        .collect::<Vec<_>>();
    if names.is_empty() {
        "—".to_owned()
    } else {
        names.join(", ")
    }
}

/// The detail pane beside or below the table.
pub(super) fn draw_pane(app: &App, frame: &mut Frame, area: Rect) {
    draw_framed(app, frame, area, " details ".to_owned());
}

fn draw_framed(app: &App, frame: &mut Frame, area: Rect, title: String) {
    let inner = super::framed(frame, area, title);
    let text = lines(app, usize::from(inner.width));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}

/// The details page (Enter), for terminals too small for the pane.
pub(super) fn draw_page(app: &App, frame: &mut Frame, area: Rect) {
    let keymap = &app.settings.keymap;
    let hint = |action| keymap.hint(action).unwrap_or_default();
    let title = format!(
        " details · {} back · {}/{} next and previous user ",
        hint(crate::tui::Action::Back),
        hint(crate::tui::Action::MoveDown),
        hint(crate::tui::Action::MoveUp)
    );
    draw_framed(app, frame, area, title);
}
