//! The preview page: the window of the list `update` built (figures, then every user by section,
//! the sections confirmed on their own in red) that the scroll position shows, a rule saying
//! where in the list the window is, and the key hints below it, which never leave the screen.
//! Reads only; wraps and cuts only the lines it draws.

use super::safe;
use crate::tui::Action;
use crate::tui::app::App;
use crate::tui::preview_list::{self, ListRow, PreviewLine, Tone};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let Some(pending) = &app.batch.pending else {
        return;
    };
    let inner = super::framed(
        frame,
        area,
        " preview: nothing changes until you confirm ".to_owned(),
    );
    let back = app.settings.keymap.hint(Action::Back).unwrap_or_default();
    let hints = preview_list::hints(
        &app.settings.keymap,
        pending,
        &back,
        app.batch.key_refused.is_some(),
    );
    let footer = preview_list::footer(&hints, usize::from(inner.width));
    let (width, rows) = preview_list::list_size(inner.width, inner.height, footer.len());
    let start = pending
        .scroll
        .min(preview_list::max_scroll(&pending.lines, width, rows));
    let mut shown: Vec<Line<'static>> = Vec::with_capacity(rows);
    let mut last = start;
    for (index, line) in pending.lines.iter().enumerate().skip(start) {
        if shown.len() >= rows {
            break;
        }
        last = index;
        match line {
            PreviewLine::Text { text, tone } => {
                let style = style(theme, *tone);
                shown.extend(
                    preview_list::wrap(text, width)
                        .into_iter()
                        .map(|text| Line::styled(text, style)),
                );
            }
            PreviewLine::Row { row, tone } => {
                shown.push(Line::styled(columns(row, width), style(theme, *tone)));
            }
        }
    }
    shown.truncate(rows);
    let list_height = u16::try_from(rows).unwrap_or(u16::MAX).min(inner.height);
    frame.render_widget(
        Paragraph::new(shown),
        Rect {
            height: list_height,
            ..inner
        },
    );
    let total = pending.lines.len();
    let place = if start == 0 && last + 1 >= total {
        " whole list shown ".to_owned()
    } else {
        format!(" lines {}–{} of {total} ", start + 1, last + 1)
    };
    let rule = format!("{place:─^width$}");
    let below = Rect {
        y: inner.y + list_height,
        height: inner.height.saturating_sub(list_height),
        ..inner
    };
    let mut bottom = vec![Line::styled(rule, theme.dim())];
    bottom.extend(footer.into_iter().map(|text| Line::styled(text, theme.key())));
    frame.render_widget(Paragraph::new(bottom), below);
}

fn style(theme: Theme, tone: Tone) -> Style {
    match tone {
        Tone::Title => theme.title(),
        Tone::Plain => Style::new(),
        Tone::Dim => theme.dim(),
        Tone::Heading => theme.table_header(),
        Tone::Danger => theme.error(),
        Tone::Warning => theme.warning(),
    }
}

/// One user's row in columns that fit `width`: name and email share what the fixed columns
/// leave (wide screens give the rest to products).
fn columns(row: &ListRow, width: usize) -> String {
    const LANE: usize = 9;
    const IDLE: usize = 8;
    const ACTION: usize = 10;
    const GAPS: usize = 5;
    let mut products = 12;
    let rest = width.saturating_sub(LANE + IDLE + ACTION + products + GAPS);
    let name = (rest * 2 / 5).min(32);
    let email = (rest - name).min(40);
    products += rest - name - email;
    let cell = |text: &str, cells: usize| {
        let text = safe(text, cells);
        let pad = cells.saturating_sub(text.width());
        format!("{text}{}", " ".repeat(pad))
    };
    let line = format!(
        "{} {} {} {} {} {}",
        cell(&row.name, name),
        cell(&row.email, email),
        cell(&row.lane, LANE),
        cell(&row.idle, IDLE),
        cell(&row.products, products),
        cell(&row.action, ACTION),
    );
    line.trim_end().to_owned()
}
