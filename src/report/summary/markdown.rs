//! Writes the summary document as GitHub-flavoured Markdown: headings, paragraphs and pipe tables.
//! Charts are left to the HTML format (their tables follow them). Org-provided text is escaped
//! with [`escape::markdown`]; must not compute figures.

use super::doc::{Block, Doc, Span, Table};
use super::escape;
use std::io::{self, Write};

pub(super) fn write(doc: &Doc, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}\n", spans(&doc.title))?;
    writeln!(out, "{}\n", spans(&doc.intro))?;
    for section in &doc.sections {
        writeln!(out, "## {}\n", section.title)?;
        for block in &section.blocks {
            match block {
                Block::Heading(title) => writeln!(out, "### {title}\n")?,
                Block::Para(para) => writeln!(out, "{}\n", spans(para))?,
                Block::Table(table) => write_table(table, out)?,
                Block::Chart(_) => {}
            }
        }
    }
    Ok(())
}

fn span(span: &Span) -> String {
    match span {
        Span::Text(words) => words.clone(),
        Span::Org(words) => escape::markdown(words),
        // A backtick or a pipe would end the code span or the cell: escape such text instead.
        Span::Code(words) if words.contains(['`', '|', '\n']) => escape::markdown(words),
        Span::Code(words) => format!("`{words}`"),
    }
}

fn spans(spans: &[Span]) -> String {
    spans.iter().map(span).collect()
}

fn write_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if table.rows.is_empty() {
        return writeln!(out, "None.\n");
    }
    writeln!(out, "| {} |", table.head.join(" | "))?;
    let rule: Vec<&str> = table
        .numeric
        .iter()
        .map(|&numeric| if numeric { "--:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(span).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    if let Some(total) = &table.total {
        let cells: Vec<String> = total
            .iter()
            .map(|cell| match span(cell) {
                empty if empty.is_empty() => empty,
                shown => format!("**{shown}**"),
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}
