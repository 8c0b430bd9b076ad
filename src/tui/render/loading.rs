//! The loading page shown until the first data arrives: a gauge of users read out of the org's
//! total, the requests sent, and what a failure said.

use super::thousands;
use crate::tui::app::{App, LoadState};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Wrap};

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let inner = super::framed(frame, area, " loading the org ".to_owned());
    let (text, ratio) = match &app.load {
        LoadState::Running {
            requests,
            users,
            total,
            phase,
        } => {
            let of = total
                .map(|total| format!(" of {}", thousands(total)))
                .unwrap_or_default();
            let ratio = total
                .filter(|&total| total > 0)
                .map_or(0.0, |total| (*users as f64 / total as f64).clamp(0.0, 1.0));
            (
                vec![
                    Line::raw(format!("{phase}…")),
                    Line::raw(format!(
                        "{} users{of} · {} requests",
                        thousands(*users as u64),
                        thousands(*requests)
                    )),
                ],
                ratio,
            )
        }
        LoadState::Failed(error) => (
            vec![
                Line::styled("The org could not be loaded.", theme.error()),
                Line::raw(super::safe(error, 2_000)),
                Line::raw(format!(
                    "Press {} to try again, {} to quit.",
                    app.settings
                        .keymap
                        .hint(crate::tui::Action::Reload)
                        .unwrap_or_default(),
                    app.settings
                        .keymap
                        .hint(crate::tui::Action::Quit)
                        .unwrap_or_default()
                )),
            ],
            0.0,
        ),
        LoadState::Idle => (vec![Line::raw("starting…")], 0.0),
    };
    let gauge_area = Rect {
        height: inner.height.min(1),
        ..inner
    };
    frame.render_widget(Gauge::default().gauge_style(theme.bar()).ratio(ratio), gauge_area);
    let text_area = Rect {
        y: inner.y + gauge_area.height + u16::from(inner.height > 2),
        height: inner.height.saturating_sub(gauge_area.height + 1),
        ..inner
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), text_area);
}
