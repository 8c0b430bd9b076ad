//! The insight page: how long the filtered users have been idle, and the billable seats each
//! product holds (and how many of them are cleanup-ready), drawn from the `Insight` computed by `update`.

use super::{safe, table::short_product, thousands};
use crate::tui::app::App;
use crate::tui::insight::{BUCKETS, Insight};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL_WIDTH: usize = 12;
const COUNT_WIDTH: usize = 9;

fn bar(count: usize, max: usize, width: usize) -> String {
    if max == 0 || count == 0 {
        return String::new();
    }
    let cells = (count * width).div_ceil(max).max(1);
    "█".repeat(cells)
}

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let inner = super::framed(frame, area, format!(" insight · {} back ", super::back_key(app)));
    let Some(insight) = &app.insight else {
        frame.render_widget(
            Paragraph::new(Line::styled("Nothing loaded yet.", theme.dim())),
            inner,
        );
        return;
    };
    let bar_width = usize::from(inner.width).saturating_sub(LABEL_WIDTH + COUNT_WIDTH + 2);
    let mut lines = vec![Line::styled(
        format!(
            "Days since last activity, {} users shown by the filter",
            thousands(insight.users as u64)
        ),
        theme.title(),
    )];
    let max = insight.idle.iter().copied().max().unwrap_or(0);
    for (label, &count) in BUCKETS.iter().zip(&insight.idle) {
        lines.push(Line::from(vec![
            Span::raw(format!("{label:>LABEL_WIDTH$} ")),
            Span::raw(format!("{:>COUNT_WIDTH$} ", thousands(count as u64))),
            Span::styled(bar(count, max, bar_width), theme.bar()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Billable seats by product, active users only (of them cleanup-ready)",
        theme.title(),
    ));
    let max = insight.seats.iter().map(|seats| seats.seats).max().unwrap_or(0);
    for seats in &insight.seats {
        let ready = format!(
            "{} ({})",
            thousands(seats.seats as u64),
            thousands(seats.cleanup_ready as u64)
        );
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{:>LABEL_WIDTH$} ",
                safe(short_product(&seats.product), LABEL_WIDTH)
            )),
            Span::raw(format!("{ready:>COUNT_WIDTH$} ")),
            Span::styled(bar(seats.seats, max, bar_width.saturating_sub(4)), theme.bar()),
        ]));
    }
    lines.extend(
        not_counted(insight)
            .into_iter()
            .map(|note| Line::styled(note, theme.dim())),
    );
    if let Some(data) = &app.data {
        lines.extend(super::seats::saving_lines(
            &data.impact,
            theme,
            usize::from(inner.width),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Who the seat counts leave out, so the figures are not mistaken for every user shown.
fn not_counted(insight: &Insight) -> Vec<String> {
    let mut notes = Vec::new();
    if insight.not_billable > 0 {
        notes.push(format!(
            "not counted: {} without a billable seat (suspended, deactivated, app, customer)",
            thousands(insight.not_billable as u64)
        ));
    }
    if insight.seats_unknown > 0 {
        notes.push(format!(
            "not counted: {} with activity unknown (products not reported)",
            thousands(insight.seats_unknown as u64)
        ));
    }
    notes
}
