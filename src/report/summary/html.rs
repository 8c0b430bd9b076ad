//! Writes the summary document as ONE self-contained HTML file: inline CSS (with print rules),
//! inline SVG charts, no script, no external resource, dark text on a light page. Every
//! org-provided string is escaped with [`escape::html`]; must not compute figures.

use super::chart;
use super::doc::{Block, Doc, Span, Table};
use super::escape::html;
use std::io::{self, Write};

const STYLE: &str = "\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111827;
  background: #ffffff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #d1d5db; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.4rem; }
p.intro { color: #374151; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #d1d5db; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; background: #f9fafb; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f4f6;
  padding: 0 0.2rem; border-radius: 3px; }
figure.chart { margin: 1rem 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.3rem; }
svg text { font-size: 13px; fill: #111827; }
p.none { color: #6b7280; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section, figure.chart, table { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

pub(super) fn write(doc: &Doc, out: &mut dyn Write) -> io::Result<()> {
    let title = spans_plain(&doc.title);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>"
    )?;
    writeln!(out, "<header>\n<h1>{title}</h1>")?;
    writeln!(out, "<p class=\"intro\">{}</p>\n</header>", spans(&doc.intro))?;
    for section in &doc.sections {
        writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            section.id,
            html(&section.title)
        )?;
        for block in &section.blocks {
            match block {
                Block::Heading(title) => writeln!(out, "<h3>{}</h3>", html(title))?,
                Block::Para(para) => writeln!(out, "<p>{}</p>", spans(para))?,
                Block::Table(table) => write_table(table, out)?,
                Block::Chart(figure) => chart::write(figure, out)?,
            }
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</body>\n</html>")
}

fn span(span: &Span) -> String {
    match span {
        Span::Text(words) | Span::Org(words) => html(words).into_owned(),
        Span::Code(words) => format!("<code>{}</code>", html(words)),
    }
}

fn spans(spans: &[Span]) -> String {
    spans.iter().map(span).collect()
}

/// Spans as escaped text without markup (the page title).
fn spans_plain(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(words) | Span::Org(words) | Span::Code(words) => html(words).into_owned(),
        })
        .collect()
}

fn write_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if table.rows.is_empty() {
        return writeln!(out, "<p class=\"none\">None.</p>");
    }
    let class = |column: usize| {
        if table.numeric.get(column).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    writeln!(out, "<table>\n<thead><tr>")?;
    for (column, head) in table.head.iter().enumerate() {
        write!(out, "<th{}>{}</th>", class(column), html(head))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    let rows = table.rows.iter().map(|row| (row, false));
    for (row, total) in rows.chain(table.total.iter().map(|row| (row, true))) {
        write!(out, "<tr{}>", if total { " class=\"total\"" } else { "" })?;
        for (column, cell) in row.iter().enumerate() {
            write!(out, "<td{}>{}</td>", class(column), span(cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}
