//! `render`: draws the state, and only reads it. Every string that came from the network passes
//! through `safe` (control and escape characters removed, cut to its width in cells). Must not
//! sort, filter, allocate per user, or change anything.

mod allowlist;
mod batch;
mod details;
mod filter_bar;
mod header;
mod help;
mod insight;
mod loading;
mod pickers;
mod popup;
mod preview;
mod prompt;
mod seats;
mod status;
mod table;

use super::app::{App, Screen};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::report::sanitize::{sanitize_for_terminal, truncate_to_width};
pub(crate) use crate::report::thousands;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// Draws the whole screen for `app`.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(app, frame, area);
        return;
    }
    let theme = app.settings.theme;
    let areas = layout::browse(area, app.filter_bar_shown());
    header::draw(app, frame, areas.header);
    match (&app.data, app.screen) {
        // The allowlist is read from files, not from the org: it shows before the org loads.
        (_, Screen::Allowlist) => allowlist::draw(app, frame, body(&areas)),
        (None, _) => loading::draw(app, frame, body(&areas)),
        (Some(_), Screen::Browse) => {
            table::draw(app, frame, areas.table);
            if let Some(detail) = areas.detail {
                details::draw_pane(app, frame, detail);
            }
        }
        (Some(_), Screen::Details) => details::draw_page(app, frame, body(&areas)),
        (Some(_), Screen::Insight) => insight::draw(app, frame, body(&areas)),
        (Some(_), Screen::Help { scroll, of }) => help::draw(app, frame, body(&areas), scroll, of),
        (Some(_), Screen::Preview) => preview::draw(app, frame, body(&areas)),
        (Some(_), Screen::Results) => batch::draw_results(app, frame, body(&areas)),
        (Some(_), Screen::History) => batch::draw_history(app, frame, body(&areas)),
    }
    if let Some(filter) = areas.filter {
        filter_bar::draw(app, frame, filter);
    }
    status::draw(app, frame, areas.status);
    popup::draw(app, frame, area, theme);
}

/// Table and detail pane together: the area full-screen pages use.
fn body(areas: &layout::BrowseAreas) -> Rect {
    let mut body = areas.table;
    if let Some(detail) = areas.detail {
        body = body.union(detail);
    }
    body
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::styled("dormant needs a bigger window", app.settings.theme.warning()),
        Line::raw(format!(
            "Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}).",
            area.width, area.height
        )),
        Line::raw("Nothing is lost: marks and filter are kept."),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// Draws a bordered page titled `title` over `area`; returns the area inside the border.
pub(crate) fn framed(frame: &mut Frame, area: Rect, title: String) -> Rect {
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The key bound to "back", for page titles ("esc back").
pub(crate) fn back_key(app: &App) -> String {
    app.settings.keymap.hint(super::Action::Back).unwrap_or_default()
}

/// Text from the org, made safe for the terminal and cut to `width` cells (with an ellipsis).
pub(crate) fn safe(text: &str, width: usize) -> String {
    truncate_to_width(&sanitize_for_terminal(text), width).into_owned()
}
