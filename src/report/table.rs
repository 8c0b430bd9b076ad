//! The `table` format: aligned columns for people at a terminal. Owns layout; every cell passes
//! through [`sanitize_for_terminal`] so no user-controlled text reaches the terminal raw.

use super::column::{CellStyle, Column, all_columns, iso_day};
use super::row::Report;
use super::sanitize::{display_width, sanitize_for_terminal, truncate_to_width};
use std::io::{self, Write};

/// Between two columns.
const GAP: &str = "  ";

const STYLE: CellStyle = CellStyle {
    date: iso_day,
    short_roles: true,
    reason_separator: "; ",
    list_separator: ", ",
    absent: "-",
    no_access: "-",
    idle_words: true,
};

pub(super) fn write(report: &Report<'_>, rows: &[u32], out: &mut dyn Write) -> io::Result<()> {
    // The activity word is redundant here: the date and idle cells already say never/unknown; the
    // date added is for the exports (the idle cell of the never active counts from it).
    let columns: Vec<Column> = all_columns(&report.products)
        .into_iter()
        .filter(|column| !matches!(column, Column::Activity | Column::AddedToOrg))
        .collect();
    let titles: Vec<Cell> = columns
        .iter()
        .map(|column| fit(&column.title(&report.products), max_width(*column)))
        .collect();
    // Widths need every row, so the table holds its cells (not the rows they came from).
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|&row| {
            let row = report.row(row);
            columns
                .iter()
                .map(|column| fit(&column.text(&row, &STYLE), max_width(*column)))
                .collect()
        })
        .collect();

    let mut widths: Vec<usize> = titles.iter().map(|title| title.width).collect();
    for cells in &rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.width);
        }
    }

    write_line(out, &columns, &widths, &titles)?;
    for cells in &rows {
        write_line(out, &columns, &widths, cells)?;
    }
    Ok(())
}

/// A cell ready to print, with its display width measured once.
struct Cell {
    text: String,
    width: usize,
}

/// Sanitized, then cut to the column's limit.
fn fit(text: &str, max: usize) -> Cell {
    let text = truncate_to_width(&sanitize_for_terminal(text), max).into_owned();
    Cell {
        width: display_width(&text),
        text,
    }
}

fn write_line(out: &mut dyn Write, columns: &[Column], widths: &[usize], cells: &[Cell]) -> io::Result<()> {
    let mut line = String::with_capacity(widths.iter().sum::<usize>() + GAP.len() * widths.len() + 1);
    let last = cells.len().saturating_sub(1);
    for (index, ((column, width), cell)) in columns.iter().zip(widths).zip(cells).enumerate() {
        let padding = width.saturating_sub(cell.width);
        if index > 0 {
            line.push_str(GAP);
        }
        if right_aligned(*column) {
            line.extend(std::iter::repeat_n(' ', padding));
            line.push_str(&cell.text);
        } else {
            line.push_str(&cell.text);
            if index != last {
                line.extend(std::iter::repeat_n(' ', padding));
            }
        }
    }
    // An empty last cell would otherwise leave the gap and padding dangling.
    line.truncate(line.trim_end_matches(' ').len());
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// Widest a column may grow, in terminal columns: ids and dates whole, free text bounded.
fn max_width(column: Column) -> usize {
    match column {
        Column::AccountId => 48,
        Column::Name => 32,
        Column::Email => 40,
        Column::Roles => 30,
        Column::Lane | Column::ClaimStatus | Column::Activity => 9,
        Column::ManagementSource
        | Column::Status
        | Column::Product(_)
        | Column::LastActive
        | Column::DaysIdle
        | Column::AddedToOrg => 12,
        Column::Groups => 60,
        // The first reason or two whole; the full list is in the CSV and JSON formats.
        Column::Reasons => 100,
    }
}

fn right_aligned(column: Column) -> bool {
    column == Column::DaysIdle
}
