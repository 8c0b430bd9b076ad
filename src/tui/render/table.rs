//! The user table: only the visible rows are built, columns are chosen by priority to fit the
//! width, and the sorted column carries ▲/▼.

use super::safe;
use crate::directory::{DirectoryIndex, Lane, ProductKey, SortColumn};
use crate::report::{LastSeen, ReportRow};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Name,
    Email,
    Lane,
    Type,
    Status,
    LastActive,
    Idle,
    Products,
    Groups,
}

/// Display order; each with its minimum width and whether it takes spare width.
const ORDER: [(Col, u16, bool); 10] = [
    (Col::Mark, 1, false),
    (Col::Name, 16, true),
    (Col::Email, 18, true),
    (Col::Lane, 9, false),
    (Col::Type, 9, false),
    (Col::Status, 9, false),
    (Col::LastActive, 11, false),
    // `never · 1412`: the never active show the days since added, the number they sort by.
    (Col::Idle, 12, false),
    (Col::Products, 13, true),
    (Col::Groups, 12, true),
];
/// Which columns survive on a narrow terminal, most important first. At 80 columns: mark, name,
/// email, lane, type, status and idle, so suspended rows never look like active ones; the last
/// active date (IDLE says never and how long) comes next, then products and groups.
const PRIORITY: [Col; 10] = [
    Col::Mark,
    Col::Name,
    Col::Lane,
    Col::Status,
    Col::Idle,
    Col::Email,
    Col::Type,
    Col::LastActive,
    Col::Products,
    Col::Groups,
];

/// The columns that fit in `width` with their widths, in display order.
fn fit(width: u16) -> Vec<(Col, u16)> {
    let mut chosen = Vec::new();
    let mut used: u16 = 0;
    for col in PRIORITY {
        let min = ORDER
            .iter()
            .find(|(c, ..)| *c == col)
            .map_or(0, |(_, min, _)| *min);
        let gap = u16::from(!chosen.is_empty());
        if used + gap + min <= width {
            used += gap + min;
            chosen.push(col);
        }
    }
    let flexible = ORDER
        .iter()
        .filter(|(col, _, flex)| *flex && chosen.contains(col))
        .count() as u16;
    let spare = width - used;
    let mut columns: Vec<(Col, u16)> = ORDER
        .iter()
        .filter(|(col, ..)| chosen.contains(col))
        .map(|&(col, min, flex)| (col, if flex { min + spare / flexible.max(1) } else { min }))
        .collect();
    // The remainder of the division goes to the first flexible column.
    if let Some(first) = columns
        .iter_mut()
        .find(|(col, _)| ORDER.iter().any(|(c, _, f)| c == col && *f))
    {
        first.1 += spare % flexible.max(1);
    }
    columns
}

fn title(col: Col, sort: &crate::directory::SortKey) -> String {
    let arrow = if sort.descending { "▼" } else { "▲" };
    let (text, sorted_here) = match col {
        Col::Mark => ("", false),
        Col::Name => ("NAME", sort.column == SortColumn::Name),
        Col::Email => ("EMAIL", sort.column == SortColumn::Email),
        Col::Lane => ("LANE", sort.column == SortColumn::Lane),
        Col::Type => ("TYPE", sort.column == SortColumn::Type),
        Col::Status => ("STATUS", sort.column == SortColumn::Status),
        Col::LastActive => ("LAST ACTIVE", sort.column == SortColumn::LastActive),
        Col::Idle => ("IDLE", sort.column == SortColumn::DaysIdle),
        Col::Products => {
            if let SortColumn::LastActiveOn(product) = &sort.column {
                return format!("PRODUCTS {}{arrow}", short_product(product));
            }
            ("PRODUCTS", false)
        }
        Col::Groups => ("GROUPS", sort.column == SortColumn::Groups),
    };
    if sorted_here {
        format!("{text}{arrow}")
    } else {
        text.to_owned()
    }
}

/// A short product name for the narrow products column (also a query field name).
pub(super) fn short_product(product: &ProductKey) -> &str {
    product.short_name()
}

pub(super) fn last_seen(seen: LastSeen) -> String {
    match seen {
        LastSeen::At(time) => time.format("%Y-%m-%d").to_string(),
        LastSeen::Never => "never".to_owned(),
        LastSeen::Unknown => "unknown".to_owned(),
    }
}

fn cell(
    col: Col,
    row: &ReportRow<'_>,
    products: &[&ProductKey],
    index: &DirectoryIndex,
    at: u32,
    marked: bool,
    width: u16,
) -> String {
    let width = usize::from(width);
    match col {
        Col::Mark => (if marked { "●" } else { " " }).to_owned(),
        Col::Name => safe(row.name, width),
        Col::Email => safe(row.email.unwrap_or("—"), width),
        Col::Lane => row.lane.query_name().to_owned(),
        Col::Type => index.kind(at).to_string(),
        Col::Status => safe(row.status.as_str(), width),
        Col::LastActive => last_seen(row.last_active),
        Col::Idle => row.idle.label("?"),
        Col::Products => {
            let names: Vec<String> = products
                .iter()
                .zip(&row.products)
                .filter(|(_, seen)| seen.is_some())
                .map(|(product, _)| super::seats::product_cell(index, at, product))
                .collect();
            safe(&names.join(","), width)
        }
        Col::Groups => safe(&row.groups.join(", "), width),
    }
}

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let Some(data) = &app.data else {
        return;
    };
    let theme = app.settings.theme;
    let columns = fit(area.width);
    if data.view.is_empty() {
        let message = if app.filter.text.is_empty() {
            "The org has no users.".to_owned()
        } else {
            format!("No user matches the filter. {} clears it.", super::back_key(app))
        };
        frame.render_widget(Paragraph::new(Line::styled(message, theme.dim())), area);
        return;
    }
    let report = data.report();
    let page = app.page_rows();
    let end = (app.offset + page).min(data.view.len());
    let rows = data.view.rows()[app.offset.min(end)..end]
        .iter()
        .enumerate()
        .map(|(i, &at)| {
            let row = report.row(at);
            let marked = app.marks.contains(row.account_id);
            let mut style = if marked { theme.marked() } else { Style::new() };
            if row.lane == Lane::Protected {
                style = style.patch(theme.dim());
            }
            if app.offset + i == app.cursor {
                style = style.patch(theme.cursor());
            }
            let cells = columns.iter().map(|&(col, width)| {
                let text = cell(col, &row, &report.products, &data.index, at, marked, width);
                if col == Col::Lane {
                    Cell::new(text).style(theme.lane(row.lane))
                } else {
                    Cell::new(text)
                }
            });
            Row::new(cells).style(style)
        });
    let header = Row::new(columns.iter().map(|&(col, _)| Cell::new(title(col, &app.sort))))
        .style(theme.table_header());
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|&(_, width)| Constraint::Length(width))
        .collect();
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_exactly_and_keep_priorities() {
        for width in [80_u16, 100, 120, 200] {
            let columns = fit(width);
            let total: u16 = columns.iter().map(|(_, w)| *w).sum::<u16>() + columns.len() as u16 - 1;
            assert_eq!(total, width, "width {width}");
            assert!(columns.iter().any(|(c, _)| *c == Col::Name));
            assert!(columns.iter().any(|(c, _)| *c == Col::Idle));
        }
        assert_eq!(fit(200).len(), ORDER.len());
    }

    #[test]
    fn the_minimum_width_keeps_lane_status_type_and_idle() {
        let kept: Vec<Col> = fit(80).into_iter().map(|(col, _)| col).collect();
        assert_eq!(
            kept,
            [
                Col::Mark,
                Col::Name,
                Col::Email,
                Col::Lane,
                Col::Type,
                Col::Status,
                Col::Idle
            ]
        );
    }
}
