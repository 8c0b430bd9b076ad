//! The header: org and data age with the load state, lane counts of the view, and the impact of
//! the current marks (seats per product, estimated cost).

use super::{safe, thousands};
use crate::directory::{DataSource, Lane};
use crate::store::describe_age;
use crate::tui::app::{App, LoadState, Origin};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let lines = vec![
        org_line(app, width),
        lanes_line(app, width),
        marks_line(app, width),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn org_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.settings.theme;
    let name = app.data.as_ref().map_or(app.settings.label.as_str(), |data| {
        data.index.directory().org.name.as_str()
    });
    let mut spans = vec![
        Span::styled("dormant", theme.title()),
        Span::raw(" · "),
        Span::styled(safe(name, width / 3), theme.title()),
    ];
    if let Some(data) = &app.data {
        let age = match data.origin {
            Origin::Live { loaded_at } => format!("loaded {}", describe_age(loaded_at, app.now)),
            Origin::Cache { saved_at } => format!("snapshot from {}", describe_age(saved_at, app.now)),
            Origin::CsvExport { file_date } => format!(
                "from CSV export {} (dated {}, {})",
                safe(&export_file_name(&data.index.directory().source), width / 4),
                file_date.format("%Y-%m-%d"),
                describe_age(file_date, app.now)
            ),
        };
        spans.push(Span::raw(format!(" · {age}")));
    }
    match &app.load {
        LoadState::Idle => {}
        LoadState::Running {
            users, total, phase, ..
        } => {
            let of = total
                .map(|total| format!(" of {}", thousands(total)))
                .unwrap_or_default();
            spans.push(Span::styled(
                format!(" · loading: {phase}, {} users{of}", thousands(*users as u64)),
                theme.info(),
            ));
        }
        LoadState::Failed(_) => spans.push(Span::styled(" · last load failed", theme.error())),
    }
    if app.settings.read_only {
        spans.push(Span::styled(" · READ-ONLY", theme.warning()));
    }
    if let Some(view) = app.view_in_force() {
        spans.push(Span::styled(format!(" · view {}", safe(view, 24)), theme.info()));
    }
    Line::from(spans)
}

/// The export's file name (not its whole path: the header is one line).
fn export_file_name(source: &DataSource) -> String {
    match source {
        DataSource::CsvExport { path, .. } => path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
        DataSource::Api { .. } | DataSource::Cache { .. } => String::new(),
    }
}

/// Lane counts, how many rows show and the sort, in the longest form that fits `width`: at 80
/// columns with thousands of users the words shorten rather than the sort being cut off.
fn lanes_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.settings.theme;
    let Some(data) = &app.data else {
        return Line::raw("");
    };
    let counts = data.view.lane_counts();
    let lanes: Vec<(Lane, String)> = Lane::ALL
        .into_iter()
        .map(|lane| {
            let count = thousands(counts.get(lane) as u64);
            (lane, format!("{} {count}", lane.query_name()))
        })
        .collect();
    let shown = thousands(data.view.len() as u64);
    let total = thousands(data.index.len() as u64);
    let arrow = if app.sort.descending { "▼" } else { "▲" };
    let sort_short = format!(
        "{}{arrow}",
        app.sort.to_string().split(':').next().unwrap_or_default()
    );
    let forms = [
        (
            "  ",
            format!("  · showing {shown} of {total} · sort {}", app.sort),
        ),
        (" ", format!(" · {shown} of {total} shown · sort {}", app.sort)),
        (" ", format!(" · {shown} of {total} shown · sort {sort_short}")),
        (" ", format!(" · {shown} of {total} · sort {sort_short}")),
        (" ", format!(" · {shown}/{total} · sort {sort_short}")),
        (" ", format!(" · sort {sort_short}")),
    ];
    let lanes_width = |gap: &str| {
        lanes.iter().map(|(_, text)| text.chars().count()).sum::<usize>()
            + gap.len() * lanes.len().saturating_sub(1)
    };
    let last = forms.len() - 1;
    let (gap, tail) = forms
        .iter()
        .enumerate()
        .find(|(at, (gap, tail))| *at == last || lanes_width(gap) + tail.chars().count() <= width)
        .map(|(_, form)| form.clone())
        .unwrap_or_default();
    let mut spans = Vec::new();
    for (position, (lane, text)) in lanes.into_iter().enumerate() {
        if position > 0 {
            spans.push(Span::raw(gap));
        }
        spans.push(Span::styled(text, theme.lane(lane)));
    }
    spans.push(Span::raw(tail));
    Line::from(spans)
}

fn marks_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.settings.theme;
    let Some(data) = &app.data else {
        return Line::raw("");
    };
    if let Some(progress) = super::batch::progress_line(app) {
        return Line::styled(safe(&progress, width), theme.warning());
    }
    if app.marks.is_empty() {
        let keymap = &app.settings.keymap;
        let text = match (
            keymap.hint(crate::tui::Action::ToggleMark),
            keymap.hint(crate::tui::Action::MarkAllReady),
        ) {
            (Some(mark), Some(all)) => {
                format!("no marks · {mark} marks a row, {all} every visible cleanup-ready user")
            }
            _ => "no marks".to_owned(),
        };
        return Line::styled(text, theme.dim());
    }
    let impact = &data.impact;
    let hidden = if impact.hidden_by_filter > 0 {
        format!(
            " ({} hidden by the filter)",
            thousands(impact.hidden_by_filter as u64)
        )
    } else {
        String::new()
    };
    let seats: Vec<String> = impact
        .per_product
        .iter()
        .map(|product| {
            format!(
                "{} {}",
                super::table::short_product(&product.product),
                thousands(product.seats)
            )
        })
        .collect();
    let seats = if seats.is_empty() {
        "no seat".to_owned()
    } else {
        seats.join(", ")
    };
    let mut text = format!(
        "{} marked{hidden} → frees {seats} · est. {currency} {}/month, {}/year",
        thousands(app.marks.len() as u64),
        impact.monthly_estimate,
        impact.yearly_estimate,
        currency = impact.currency
    );
    // When the saving takes effect, if it fits whole (per-site terms are spelled out in insight).
    if let Some(when) = saving_when(impact) {
        let longer = format!("{text} · {when}");
        if longer.chars().count() <= width {
            text = longer;
        }
    }
    Line::styled(safe(&text, width), theme.marked())
}

/// `saves from the next bill on DATE` when every site agrees, else a pointer to the insight view.
fn saving_when(impact: &crate::directory::Impact) -> Option<String> {
    let when = impact.saving_summary()?;
    Some(match when.strip_prefix("saving from the ") {
        Some(agreed) => format!("saves from the {agreed}"),
        None => "when each site saves: insight".to_owned(),
    })
}
