//! The summary's HTML and Markdown, read back structurally: every section is there, each chart
//! is an inline `<svg>` with one bar per product (or idle band) whose lengths are proportional to
//! the figures, nothing is scripted or fetched, and hostile org, site and product names come out
//! escaped in both formats.

use crate::summary::{HOSTILE_ORG, HOSTILE_PRODUCT, HOSTILE_SITE, index};
use crate::support::users::now;
use dormant::report::summary::{Summary, SummaryFormat, escape, render};

pub fn rendered(format: SummaryFormat) -> String {
    let summary = Summary::build(&index(), &[], now());
    let mut out = Vec::new();
    render(&summary, format, &mut out).expect("renders");
    String::from_utf8(out).expect("utf-8")
}

/// The text between `start` (included) and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let at = text.find(start).unwrap_or_else(|| panic!("{start} in the page"));
    let rest = &text[at..];
    let stop = rest.find(end).unwrap_or_else(|| panic!("{end} after {start}"));
    &rest[..stop + end.len()]
}

/// The value of attribute `name` in the tag text `tag`.
fn attribute(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    tag[at..].split('"').next().expect("closing quote").to_owned()
}

/// `(width, data-value)` of every bar of the chart `id`.
pub fn bars(page: &str, id: &str) -> Vec<(f64, f64)> {
    let figure = between(
        page,
        &format!("<figure class=\"chart\" id=\"{id}\">"),
        "</figure>",
    );
    let svg = between(figure, "<svg", "</svg>");
    svg.match_indices("<rect class=\"bar\"")
        .map(|(at, _)| {
            let tag = &svg[at..at + svg[at..].find('>').expect("tag end")];
            let width: f64 = attribute(tag, "width").parse().expect("width");
            let value: f64 = attribute(tag, "data-value").parse().expect("value");
            (width, value)
        })
        .collect()
}

fn assert_proportional(bars: &[(f64, f64)]) {
    let (longest, most) = bars
        .iter()
        .copied()
        .fold((0.0_f64, 0.0_f64), |(w, v), (bw, bv)| (w.max(bw), v.max(bv)));
    assert!(
        (longest - 360.0).abs() < 0.01,
        "the longest bar fills the area: {bars:?}"
    );
    for &(width, value) in bars {
        assert!(
            (width - value / most * 360.0).abs() < 0.01,
            "{width} for {value} of {most}"
        );
    }
}

#[test]
fn every_section_and_chart_is_there_and_nothing_runs_or_loads() {
    let page = rendered(SummaryFormat::Html);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for id in ["spend", "idle", "cleanup", "quarter", "pending"] {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "section {id}");
    }
    assert_eq!(page.matches("<svg").count(), 2);
    assert!(page.contains("@media print"));
    // The org's and a site's names hold a URL and an image tag (as escaped text); nothing else
    // may look like a reference.
    let lower = page
        .replace(escape::html(HOSTILE_ORG).as_ref(), "")
        .replace(escape::html(HOSTILE_SITE).as_ref(), "")
        .to_lowercase();
    for banned in [
        "<script", "http://", "https://", "<link", "<img", "<iframe", "url(", "@import", " src=",
    ] {
        assert!(!lower.contains(banned), "{banned} in the page");
    }
    assert!(page.contains("ESTIMATED"));
}

#[test]
fn the_spend_chart_has_one_bar_per_product_proportional_to_its_spend() {
    let page = rendered(SummaryFormat::Html);
    let summary = Summary::build(&index(), &[], now());
    let bars = bars(&page, "chart-spend");
    assert_eq!(bars.len(), summary.spend.products.len());
    for (bar, product) in bars.iter().zip(&summary.spend.products) {
        let cents = product.monthly.map_or(0, |m| m.cents);
        assert!((bar.1 - cents as f64).abs() < 0.01, "{bar:?} for {product:?}");
    }
    assert_proportional(&bars);
}

#[test]
fn the_idle_chart_has_one_bar_per_band_proportional_to_its_seats() {
    let page = rendered(SummaryFormat::Html);
    let summary = Summary::build(&index(), &[], now());
    let bars = bars(&page, "chart-idle");
    let seats: Vec<f64> = summary.spend.bands.iter().map(|b| b.seats as f64).collect();
    assert_eq!(bars.iter().map(|b| b.1).collect::<Vec<_>>(), seats);
    assert_proportional(&bars);
}

#[test]
fn hostile_names_are_escaped_in_html() {
    let page = rendered(SummaryFormat::Html);
    for raw in [
        HOSTILE_ORG,
        HOSTILE_SITE,
        HOSTILE_PRODUCT,
        "<img",
        "<b>",
        "onerror=alert(1)>",
    ] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
    assert!(
        page.contains("Acme &lt;b&gt;&amp;amp;&lt;/b&gt; |"),
        "org name escaped"
    );
    assert!(
        page.contains("us&lt;img src=x onerror=alert(1)&gt;|`x`"),
        "site escaped"
    );
    assert!(
        page.contains("ops&lt;script&gt;alert(1)&lt;/script&gt;"),
        "product escaped"
    );
}

#[test]
fn hostile_names_cannot_break_markdown_tables() {
    let page = rendered(SummaryFormat::Markdown);
    assert!(page.starts_with("# Seat summary: Acme \\<b\\>\\&amp\\;\\<\\/b\\> \\| \\[pay\\]\\(https\\:"));
    for raw in [HOSTILE_ORG, HOSTILE_SITE, HOSTILE_PRODUCT, "https://"] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
    // Each table row has as many unescaped pipes as its header.
    let mut header_pipes = None;
    for line in page.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = line
            .match_indices('|')
            .filter(|(at, _)| !line[..*at].ends_with('\\'))
            .count();
        match header_pipes {
            None => header_pipes = Some(pipes),
            Some(expected) => assert_eq!(pipes, expected, "{line}"),
        }
    }
    assert!(page.contains("| Jira | us\\<img src\\=x onerror\\=alert\\(1\\)\\>\\|\\`x\\` | 2 | 0 |"));
}
