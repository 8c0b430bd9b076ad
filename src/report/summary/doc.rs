//! The summary as a format-neutral document: sections of headings, paragraphs, tables and bar
//! charts, with every piece of text tagged as dormant's own words or as org-provided (escaped by
//! the format writer). Owns the wording and the order of the figures; must not write bytes.

mod back;

use super::Summary;
use super::spend::SITE_NOT_REPORTED;
use crate::directory::{Money, ProductKey};
use crate::report::thousands;

/// A piece of text and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// dormant's own words and figures: no `|`, no line break, no markup.
    Text(String),
    /// Text from the org, the config or the machine (names, sites, paths): always escaped.
    Org(String),
    /// A command or config key the reader can type.
    Code(String),
}

/// A table: header, right-aligned (numeric) columns, rows and an optional total row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub head: Vec<&'static str>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Span>>,
    pub total: Option<Vec<Span>>,
}

/// One bar of a chart: its label, the figure its length is proportional to, and how the
/// figure is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: Span,
    pub value: f64,
    pub shown: String,
}

/// A horizontal bar chart (drawn in HTML only; the tables beside it carry the same figures).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    /// The bars' fill, a `#rrggbb` colour.
    pub colour: &'static str,
    pub bars: Vec<Bar>,
}

/// Fill of the spend-per-product bars.
pub const SPEND_COLOUR: &str = "#1d4ed8";
/// Fill of the idle-band bars.
pub const IDLE_COLOUR: &str = "#c2410c";

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Para(Vec<Span>),
    Table(Table),
    Chart(Chart),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The HTML id, stable for tests and links.
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: Vec<Span>,
    pub intro: Vec<Span>,
    pub sections: Vec<Section>,
}

pub(super) fn text(words: impl Into<String>) -> Span {
    Span::Text(words.into())
}

pub(super) fn org(words: impl Into<String>) -> Span {
    Span::Org(words.into())
}

/// `USD 1,234.50`, or `no price` when the table has none.
pub(super) fn money(currency: &str, amount: Option<Money>) -> Span {
    text(amount.map_or_else(|| "no price".to_owned(), |amount| format!("{currency} {amount}")))
}

/// `1 seat`, `2 seats`, `1,234 seats`.
pub(super) fn counted(number: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(number), if number == 1 { one } else { many })
}

pub(super) fn count(number: u64) -> Span {
    text(thousands(number))
}

/// A site's name as the org gave it, or dormant's words when the data named no site.
pub(super) fn site_name(site: &str) -> Span {
    if site == SITE_NOT_REPORTED {
        text(SITE_NOT_REPORTED)
    } else {
        org(site)
    }
}

pub(super) fn product(key: &ProductKey) -> Span {
    org(key.display_name())
}

impl Doc {
    #[must_use]
    pub fn of(summary: &Summary) -> Doc {
        Doc {
            title: vec![text("Seat summary: "), org(&summary.org_name)],
            intro: vec![
                text("Data from "),
                org(&summary.source),
                text(format!(
                    ", loaded {}; generated {}. Every amount is ESTIMATED from the price table (",
                    summary.data_loaded_at.format("%Y-%m-%d %H:%M UTC"),
                    summary.generated_at.format("%Y-%m-%d %H:%M UTC"),
                )),
                Span::Code("[prices]".to_owned()),
                text(format!(
                    " in the config) in {} per month: it is not an invoiced amount.",
                    summary.currency
                )),
            ],
            sections: vec![
                spend_section(summary),
                idle_section(summary),
                back::cleanup_section(summary),
                back::quarter_section(summary),
                back::pending_section(summary),
            ],
        }
    }
}

fn spend_section(summary: &Summary) -> Section {
    let spend = &summary.spend;
    let currency = &summary.currency;
    let mut blocks = vec![Block::Para(vec![text(format!(
        "{} with {}, ESTIMATED at {currency} {} a month, and {} (guests, customers and other \
         roles that are not billed). Suspended, deactivated and app accounts hold no billable seat.",
        counted(spend.accounts as u64, "active account", "active accounts"),
        counted(spend.billable, "billable seat", "billable seats"),
        spend.monthly,
        counted(spend.free, "free seat", "free seats"),
    ))])];
    blocks.push(Block::Chart(Chart {
        id: "chart-spend",
        title: format!("Estimated monthly spend per product ({currency})"),
        colour: SPEND_COLOUR,
        bars: spend
            .products
            .iter()
            .map(|p| Bar {
                label: product(&p.product),
                value: p.monthly.map_or(0.0, |m| m.cents as f64),
                shown: p
                    .monthly
                    .map_or_else(|| "no price".to_owned(), |m| format!("{currency} {m}")),
            })
            .collect(),
    }));
    blocks.push(Block::Heading("By product".to_owned()));
    blocks.push(Block::Table(Table {
        head: vec![
            "Product",
            "Billable seats",
            "Free seats",
            "Price per seat (ESTIMATED)",
            "Monthly spend (ESTIMATED)",
        ],
        numeric: vec![false, true, true, true, true],
        rows: spend
            .products
            .iter()
            .map(|p| {
                vec![
                    product(&p.product),
                    count(p.billable),
                    count(p.free),
                    money(currency, p.price),
                    money(currency, p.monthly),
                ]
            })
            .collect(),
        total: Some(vec![
            text("Total"),
            count(spend.billable),
            count(spend.free),
            text(""),
            money(currency, Some(spend.monthly)),
        ]),
    }));
    if !spend.unpriced.is_empty() {
        let names: Vec<&str> = spend.unpriced.iter().map(ProductKey::display_name).collect();
        blocks.push(Block::Para(vec![
            text("No price for "),
            org(names.join(", ")),
            text(": their seats are counted but not in the totals; add a price under "),
            Span::Code("[prices]".to_owned()),
            text(" in the config."),
        ]));
    }
    blocks.push(Block::Heading("By site".to_owned()));
    blocks.push(site_table(summary));
    Section {
        id: "spend",
        title: "Seats and estimated monthly spend".to_owned(),
        blocks,
    }
}

fn site_table(summary: &Summary) -> Block {
    let currency = &summary.currency;
    let spend = &summary.spend;
    Block::Table(Table {
        head: vec![
            "Product",
            "Site",
            "Billable seats",
            "Free seats",
            "Monthly spend (ESTIMATED)",
        ],
        numeric: vec![false, false, true, true, true],
        rows: spend
            .sites
            .iter()
            .map(|s| {
                vec![
                    product(&s.product),
                    site_name(&s.site),
                    count(s.billable),
                    count(s.free),
                    money(currency, s.monthly),
                ]
            })
            .collect(),
        total: None,
    })
}

fn idle_section(summary: &Summary) -> Section {
    let currency = &summary.currency;
    let bands = &summary.spend.bands;
    let unpriced: u64 = bands.iter().map(|b| b.unpriced_seats).sum();
    let mut note = format!(
        "Each billable seat by the time since its holder last used that product site, counted to \
         the date the data was loaded ({}). \"Activity unknown\" means the API reported no activity \
         for the site: such seats are never treated as idle.",
        summary.data_loaded_at.format("%Y-%m-%d")
    );
    if unpriced > 0 {
        note.push(' ');
        note.push_str(&counted(unpriced, "seat", "seats"));
        note.push_str(" on products without a price: counted, not priced.");
    }
    Section {
        id: "idle",
        title: "Idle seats".to_owned(),
        blocks: vec![
            Block::Para(vec![text(note)]),
            Block::Chart(Chart {
                id: "chart-idle",
                title: "Billable seats by idle band".to_owned(),
                colour: IDLE_COLOUR,
                bars: bands
                    .iter()
                    .map(|b| Bar {
                        label: text(b.band.label()),
                        value: b.seats as f64,
                        shown: thousands(b.seats),
                    })
                    .collect(),
            }),
            Block::Table(Table {
                head: vec!["Idle band", "Billable seats", "Monthly spend (ESTIMATED)"],
                numeric: vec![false, true, true],
                rows: bands
                    .iter()
                    .map(|b| {
                        vec![
                            text(b.band.label()),
                            count(b.seats),
                            money(currency, Some(b.monthly)),
                        ]
                    })
                    .collect(),
                total: None,
            }),
        ],
    }
}
