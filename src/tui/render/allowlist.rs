//! The allowlist page (`A`): one row per exclusion and configured allowlist entry (who or what,
//! reason, date added, who added it, source), and under the list the selected entry in full with
//! where to change it. Only reads `App`.

use super::safe;
use crate::report::sanitize::display_width;
use crate::store::allowlist_file::{ListedEntry, ListedSource};
use crate::tui::allowlist_screen::{AllowlistScreen, DETAIL_LINES};
use crate::tui::app::App;
use crate::tui::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const WHO: usize = 22;
const ADDED: usize = 10;
const BY: usize = 10;
const SOURCE: usize = 10;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let page = &app.allowlist;
    let inner = super::framed(frame, area, title(app));
    let width = usize::from(inner.width);
    let reason_width = width.saturating_sub(WHO + ADDED + BY + SOURCE + 4).max(8);
    let mut lines = vec![Line::styled(
        cells(&["WHO / WHAT", "REASON", "ADDED", "BY", "SOURCE"], reason_width),
        theme.title(),
    )];
    let rows = AllowlistScreen::rows_shown(app.area, app.filter_bar_shown());
    match &page.listing {
        None => lines.push(Line::styled(
            page.error
                .as_deref()
                .unwrap_or("reading the allowlist…")
                .to_owned(),
            theme.dim(),
        )),
        Some(listing) if listing.entries.is_empty() => lines.push(Line::styled(
            "Nobody is excluded and the config has no allowlist: x on a row excludes a user.",
            theme.dim(),
        )),
        Some(listing) => {
            for (position, entry) in listing.entries.iter().enumerate().skip(page.offset).take(rows) {
                let line = Line::raw(row(entry, reason_width));
                lines.push(if position == page.cursor {
                    line.style(theme.cursor())
                } else {
                    line
                });
            }
        }
    }
    let list_height = inner.height.saturating_sub(DETAIL_LINES);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: list_height,
            ..inner
        },
    );
    let detail_area = Rect {
        y: inner.y + list_height,
        height: inner.height.saturating_sub(list_height),
        ..inner
    };
    frame.render_widget(Paragraph::new(detail(app, width)), detail_area);
}

/// " allowlist · 3 of 12 · e: edit reason · d: remove · esc: back ".
fn title(app: &App) -> String {
    let keymap = &app.settings.keymap;
    let page = &app.allowlist;
    let mut parts = vec!["allowlist".to_owned()];
    if !page.is_empty() {
        parts.push(format!("{} of {}", page.cursor + 1, page.len()));
    }
    for (action, label) in [
        (Action::EditReason, "edit reason"),
        (Action::RemoveEntry, "remove"),
    ] {
        if let Some(key) = keymap.hint_in(Mode::Allowlist, action) {
            parts.push(format!("{key}: {label}"));
        }
    }
    parts.push(format!("{}: back", super::back_key(app)));
    format!(" {} ", parts.join(" · "))
}

fn row(entry: &ListedEntry, reason_width: usize) -> String {
    let who = entry.name.as_deref().unwrap_or(&entry.value);
    let added = entry
        .added_at
        .map_or_else(|| "—".to_owned(), |at| at.format("%Y-%m-%d").to_string());
    let by = match (&entry.source, &entry.added_by) {
        (ListedSource::Config { .. }, _) => "config".to_owned(),
        (ListedSource::ProfileFile, Some(by)) => by.clone(),
        (ListedSource::ProfileFile, None) => "unknown".to_owned(),
    };
    let source = match &entry.source {
        ListedSource::ProfileFile => "profile".to_owned(),
        ListedSource::Config { line, .. } => format!("config:{line}"),
    };
    cells(&[who, &entry.reason, &added, &by, &source], reason_width)
}

/// The columns cut and padded to their widths (text made safe for the terminal).
fn cells(texts: &[&str; 5], reason_width: usize) -> String {
    let widths = [WHO, reason_width, ADDED, BY, SOURCE];
    let mut out = String::new();
    for (text, width) in texts.iter().zip(widths) {
        let cell = safe(text, width);
        let pad = width.saturating_sub(display_width(&cell));
        out.push_str(&cell);
        out.push_str(&" ".repeat(pad + 1));
    }
    out.trim_end().to_owned()
}

/// The selected entry in full: what it matches, its whole reason, and where to change it.
fn detail(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.settings.theme;
    let page = &app.allowlist;
    let Some(listing) = &page.listing else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(entry) = page.selected() {
        let what = match &entry.name {
            Some(name) => format!("{} {name} ({})", entry.kind, entry.value),
            None => format!("{} {}", entry.kind, entry.value),
        };
        lines.push(Line::styled(safe(&what, width), theme.title()));
        lines.push(Line::raw(safe(&format!("reason: {}", entry.reason), width)));
        let source = match &entry.source {
            ListedSource::ProfileFile => format!("in {} (this profile's exclusions)", listing.file.display()),
            ListedSource::Config { table, line } => format!(
                "read-only here: edit {}:{line} ({table})",
                listing.config.display()
            ),
        };
        lines.push(Line::styled(safe(&source, width), theme.dim()));
    }
    if let Some(error) = &listing.config_error {
        let note = format!("config entries not listed: {error}");
        match lines.last_mut() {
            Some(last) => *last = Line::styled(safe(&note, width), theme.warning()),
            None => lines.push(Line::styled(safe(&note, width), theme.warning())),
        }
    }
    lines
}
