//! The view picker and the group picker, drawn over the body with the header and status line in
//! view. Reads the picker state `update` prepared (the group list already narrowed and sorted);
//! must not sort, filter or count.

use super::{safe, thousands};
use crate::tui::app::App;
use crate::tui::group_picker::{GroupPicker, GroupRow};
use crate::tui::layout;
use crate::tui::{Action, Mode, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

const NAME_WIDTH: usize = 18;
const SORT_WIDTH: usize = 11;
/// "12 billable, 3 free" fits.
const SEATS_WIDTH: usize = 20;

/// The view picker: every view with its sort and filter, the selected one's in full below.
pub(super) fn draw_views(app: &App, frame: &mut Frame, area: Rect, selected: usize, theme: Theme) {
    let outer = layout::picker(area);
    let inner_width = usize::from(outer.width.saturating_sub(2));
    let in_force = app.view_in_force();
    let mut lines = vec![Line::styled(
        format!("   {:NAME_WIDTH$} {:SORT_WIDTH$} FILTER", "VIEW", "SORT"),
        theme.table_header(),
    )];
    let filter_width = inner_width.saturating_sub(NAME_WIDTH + SORT_WIDTH + 5);
    for (position, (name, view)) in app.settings.views.iter().enumerate() {
        let cursor = if position == selected { "▶" } else { " " };
        let marker = if in_force == Some(name.as_str()) {
            "●"
        } else {
            " "
        };
        let text = format!(
            "{cursor}{marker} {:NAME_WIDTH$} {:SORT_WIDTH$} {}",
            safe(name, NAME_WIDTH),
            safe(view.sort.as_deref().unwrap_or("(none)"), SORT_WIDTH),
            safe(&view.filter, filter_width)
        );
        lines.push(if position == selected {
            Line::styled(text, theme.cursor())
        } else {
            Line::raw(text)
        });
    }
    if let Some((_, view)) = app.settings.views.iter().nth(selected) {
        lines.push(Line::raw(""));
        lines.push(Line::raw(safe(&format!("filter {}", view.filter), inner_width)));
        let sort = match &view.sort {
            Some(sort) => format!("sort {sort}"),
            None => "no sort: the table keeps its own (dormant report: triage order)".to_owned(),
        };
        lines.push(Line::raw(safe(&sort, inner_width)));
    }
    let key = |action| {
        app.settings
            .keymap
            .hint_in(Mode::ViewPicker, action)
            .unwrap_or_default()
    };
    lines.push(Line::styled(
        safe(
            &format!(
                "{}/{} move · {} apply filter and sort · {} close · ● in force",
                key(Action::MoveDown),
                key(Action::MoveUp),
                key(Action::Confirm),
                key(Action::Back)
            ),
            inner_width,
        ),
        theme.dim(),
    ));
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(outer.height);
    let boxed = Rect { height, ..outer };
    boxed_lines(frame, boxed, " views ".to_owned(), lines);
}

/// The group picker: one line per group shown, the selected group's grants, the keys.
pub(super) fn draw_groups(app: &App, frame: &mut Frame, area: Rect, picker: &GroupPicker, theme: Theme) {
    let outer = layout::picker(area);
    let inner_width = usize::from(outer.width.saturating_sub(2));
    let rows = layout::group_list_rows(area);
    let name_width = inner_width.saturating_sub(2 + 8 + 6 + SEATS_WIDTH + 1 + 4).max(8);
    let mut lines = vec![Line::styled(
        format!(
            "  {:name_width$} {:>7} {:>5} {:SEATS_WIDTH$} {}",
            "GROUP", "MEMBERS", "IDLE", "SEATS GRANTED", "IdP"
        ),
        theme.table_header(),
    )];
    let offset = picker.selected.saturating_sub(rows.saturating_sub(1));
    for (position, &at) in picker.shown.iter().enumerate().skip(offset).take(rows) {
        let text = group_line(&picker.rows[at], name_width);
        lines.push(if position == picker.selected {
            Line::styled(format!("▶ {text}"), theme.cursor())
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    if picker.shown.is_empty() {
        lines.push(Line::styled("  no group name contains that", theme.dim()));
    }
    while lines.len() < rows + 1 {
        lines.push(Line::raw(""));
    }
    let (first, second) = picker
        .current()
        .map(|group| grants_lines(group, inner_width))
        .unwrap_or_default();
    lines.push(Line::raw(first));
    lines.push(Line::raw(second));
    lines.push(Line::styled(safe(&hints(app, picker), inner_width), theme.dim()));
    let narrowed = if picker.narrowing || !picker.narrow.text.is_empty() {
        let caret = if picker.narrowing { "█" } else { "" };
        format!(" · names with \"{}{caret}\"", safe(&picker.narrow.text, 24))
    } else {
        String::new()
    };
    let title = format!(
        " groups · {} of {} · sort {}{narrowed} ",
        thousands(picker.shown.len() as u64),
        thousands(picker.rows.len() as u64),
        picker.order.label()
    );
    boxed_lines(frame, outer, title, lines);
}

fn group_line(group: &GroupRow, name_width: usize) -> String {
    let (billable, free) = group.seat_counts();
    let seats = match (billable, free) {
        (0, 0) => "none".to_owned(),
        (billable, 0) => format!("{billable} billable"),
        (0, free) => format!("{free} free"),
        (billable, free) => format!("{billable} billable, {free} free"),
    };
    let idp = match group.idp_managed {
        Some(true) => "yes",
        Some(false) => "no",
        None => "?",
    };
    format!(
        "{:name_width$} {:>7} {:>5} {:SEATS_WIDTH$} {idp}",
        safe(&group.name, name_width),
        thousands(group.members as u64),
        thousands(group.idle as u64),
        safe(&seats, SEATS_WIDTH)
    )
}

/// What the selected group grants, and who owns its membership, on two lines.
fn grants_lines(group: &GroupRow, width: usize) -> (String, String) {
    let grants: Vec<String> = group
        .grants
        .iter()
        .map(|grant| {
            format!(
                "{} {} ({})",
                grant.product.short_name(),
                grant.site,
                if grant.billable { "billable" } else { "free" }
            )
        })
        .collect();
    let first = if grants.is_empty() {
        "grants no product role".to_owned()
    } else {
        format!("grants {}", grants.join(", "))
    };
    let second = match group.idp_managed {
        Some(true) => "membership managed by the identity provider: change it there",
        Some(false) => "membership managed in Atlassian",
        None => "not in the org's group list (users name it): searchable by its id",
    };
    (safe(&first, width), safe(second, width))
}

fn hints(app: &App, picker: &GroupPicker) -> String {
    let key = |action| {
        app.settings
            .keymap
            .hint_in(Mode::GroupPicker, action)
            .unwrap_or_default()
    };
    if picker.narrowing {
        return format!(
            "type part of a name · {} filter by it · {} stop and clear",
            key(Action::Confirm),
            key(Action::Back)
        );
    }
    format!(
        "{} filter by it · {} filter it out · {} sort · {} narrow · {} close",
        key(Action::Confirm),
        key(Action::Exclude),
        key(Action::ChooseSort),
        key(Action::OpenFilter),
        key(Action::Back)
    )
}

fn boxed_lines(frame: &mut Frame, area: Rect, title: String, lines: Vec<Line<'static>>) {
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
