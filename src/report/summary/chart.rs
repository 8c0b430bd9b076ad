//! Draws one summary chart as inline SVG: a horizontal bar per item, its length proportional to
//! the item's figure (the longest bar is [`BAR_AREA`] wide), label left, figure right. No script,
//! no external reference, fills as attributes so printing keeps them. Must not compute figures.

use super::doc::{Chart, Span};
use super::escape::{coordinate, html};
use std::io::{self, Write};

/// Width of the longest bar, in CSS pixels.
pub const BAR_AREA: f64 = 360.0;
/// Where bars start (labels are right-aligned before it).
const BAR_X: f64 = 210.0;
const ROW: f64 = 28.0;
const BAR_HEIGHT: f64 = 18.0;
const WIDTH: f64 = 680.0;
/// Labels longer than this are cut (with `…`) in the chart; the table beside it has them whole.
const LABEL_CHARS: usize = 30;

fn label_text(span: &Span) -> &str {
    match span {
        Span::Text(words) | Span::Org(words) | Span::Code(words) => words,
    }
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(LABEL_CHARS - 1).collect();
    short.push('…');
    short
}

pub(super) fn write(chart: &Chart, out: &mut dyn Write) -> io::Result<()> {
    let title = html(&chart.title);
    writeln!(
        out,
        "<figure class=\"chart\" id=\"{}\"><figcaption>{title}</figcaption>",
        chart.id
    )?;
    if chart.bars.is_empty() {
        return writeln!(out, "<p class=\"empty\">Nothing to chart.</p></figure>");
    }
    let max = chart.bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::max);
    let height = 8.0 + ROW * chart.bars.len() as f64;
    writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{title}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = coordinate(WIDTH),
        h = coordinate(height),
    )?;
    for (position, bar) in chart.bars.iter().enumerate() {
        let y = 8.0 + ROW * position as f64;
        let width = if max > 0.0 {
            bar.value.max(0.0) / max * BAR_AREA
        } else {
            0.0
        };
        let full = html(label_text(&bar.label));
        let shown = html(&bar.shown);
        writeln!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            coordinate(BAR_X - 8.0),
            coordinate(y + 13.0),
            html(&cut(label_text(&bar.label))),
        )?;
        writeln!(
            out,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" \
             data-value=\"{}\"><title>{full}: {shown}</title></rect>",
            coordinate(BAR_X),
            coordinate(y),
            coordinate(width),
            coordinate(BAR_HEIGHT),
            chart.colour,
            coordinate(bar.value),
        )?;
        writeln!(
            out,
            "<text class=\"value\" x=\"{}\" y=\"{}\">{shown}</text>",
            coordinate(BAR_X + width + 6.0),
            coordinate(y + 13.0),
        )?;
    }
    writeln!(out, "</svg></figure>")
}
