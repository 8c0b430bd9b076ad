//! The summary's sections about actions: the cleanup-ready lane's saving, the last quarter's
//! batches and warning runs, and what is pending. Wording only; the figures come computed.

use super::{Block, Section, Span, Table, count, counted, money, product, text};
use crate::batch::BatchState;
use crate::report::summary::{BatchLine, Summary};

fn code(words: &str) -> Span {
    Span::Code(words.to_owned())
}

pub(super) fn cleanup_section(summary: &Summary) -> Section {
    let impact = &summary.cleanup;
    let currency = &summary.currency;
    let mut blocks = vec![Block::Para(vec![
        text(format!(
            "{} (idle past the threshold on every product they use, not protected): suspending \
             all of them frees {}: about {currency} {} a month (ESTIMATED). This is the same \
             arithmetic as the console's impact line when they are all marked; plan it with ",
            counted(
                summary.cleanup_ready as u64,
                "cleanup-ready user",
                "cleanup-ready users"
            ),
            counted(impact.per_product.iter().map(|p| p.seats).sum(), "seat", "seats"),
            impact.monthly_estimate,
        )),
        code("dormant plan --view cleanup-ready -o plan.json"),
        text(" and review the preview of "),
        code("dormant apply plan.json"),
        text(" before anything changes."),
    ])];
    blocks.push(Block::Table(Table {
        head: vec!["Product", "Seats freed", "Monthly saving (ESTIMATED)"],
        numeric: vec![false, true, true],
        rows: impact
            .per_product
            .iter()
            .map(|p| {
                vec![
                    product(&p.product),
                    count(p.seats),
                    money(currency, p.monthly_estimate),
                ]
            })
            .collect(),
        total: Some(vec![
            text("Total"),
            count(impact.per_product.iter().map(|p| p.seats).sum()),
            money(currency, Some(impact.monthly_estimate)),
        ]),
    }));
    let mut notes = Vec::new();
    if impact.users_seats_unknown > 0 {
        notes.push(format!(
            "Of them, {} without activity data: which seats they hold is not known, so none are counted.",
            counted(impact.users_seats_unknown as u64, "user", "users")
        ));
    }
    if impact.users_freeing_nothing > 0 {
        notes.push(format!(
            "Of them, {} free no seat (no product access).",
            counted(impact.users_freeing_nothing as u64, "user would", "users would")
        ));
    }
    notes.push(format!(
        "A year at this rate: about {currency} {} (ESTIMATED). Seats are counted per product the \
         users can use; the split by site below is computed by the summary from each user's seats.",
        impact.yearly_estimate
    ));
    blocks.push(Block::Para(vec![text(notes.join(" "))]));
    blocks.push(Block::Heading("By site".to_owned()));
    blocks.push(Block::Table(Table {
        head: vec!["Product", "Site", "Seats freed", "Monthly saving (ESTIMATED)"],
        numeric: vec![false, false, true, true],
        rows: summary
            .cleanup_sites
            .iter()
            .map(|s| {
                vec![
                    product(&s.product),
                    super::site_name(&s.site),
                    count(s.billable),
                    money(currency, s.monthly),
                ]
            })
            .collect(),
        total: None,
    }));
    Section {
        id: "cleanup",
        title: "What cleaning up the cleanup-ready lane would save".to_owned(),
        blocks,
    }
}

fn state(line: &BatchLine) -> &'static str {
    match line.state {
        BatchState::Completed => "completed",
        BatchState::Cancelled => "cancelled",
        BatchState::Unfinished => "unfinished",
    }
}

pub(super) fn quarter_section(summary: &Summary) -> Section {
    let quarter = &summary.quarter;
    let currency = &summary.currency;
    let mut blocks = vec![Block::Para(vec![text(format!(
        "From the audit log and batch journals of this machine, since {} ({} days). Seats freed are \
         those of the users each batch changed, priced at today's prices; a batch undone later \
         counts nothing. Cleanups not undone freed {} of {}: about {currency} {} a month \
         (ESTIMATED).",
        quarter.since.format("%Y-%m-%d"),
        super::super::QUARTER_DAYS,
        counted(quarter.seats_freed, "seat", "seats"),
        counted(quarter.users_changed as u64, "user", "users"),
        quarter.monthly_saved,
    ))])];
    if quarter.unreadable > 0 {
        blocks.push(Block::Para(vec![text(format!(
            "Without a readable journal: {}; their seats are missing from that total.",
            counted(quarter.unreadable as u64, "batch", "batches")
        ))]));
    }
    blocks.push(Block::Heading("Batches".to_owned()));
    blocks.push(Block::Table(Table {
        head: vec![
            "Started (UTC)",
            "Batch",
            "Action",
            "State",
            "Users changed",
            "Seats",
            "Monthly (ESTIMATED)",
            "Note",
        ],
        numeric: vec![false, false, false, false, true, true, true, false],
        rows: quarter
            .batches
            .iter()
            .map(|line| {
                let note = match (&line.undone_by, line.counted) {
                    (Some(by), _) => format!("undone by {by}"),
                    (None, true) => "freed".to_owned(),
                    (None, false) => "seats taken again".to_owned(),
                };
                vec![
                    text(line.started_at.format("%Y-%m-%d %H:%M").to_string()),
                    text(line.batch_id.as_str()),
                    text(line.action.as_str()),
                    text(state(line)),
                    count(line.changed as u64),
                    line.seat_total()
                        .map_or_else(|| text("journal unreadable"), count),
                    line.monthly
                        .map_or_else(|| text(""), |monthly| money(currency, Some(monthly))),
                    text(note),
                ]
            })
            .collect(),
        total: Some(vec![
            text("Total freed"),
            text(""),
            text(""),
            text(""),
            count(quarter.users_changed as u64),
            count(quarter.seats_freed),
            money(currency, Some(quarter.monthly_saved)),
            text(""),
        ]),
    }));
    blocks.push(Block::Heading("Warning runs".to_owned()));
    blocks.push(warning_table(summary));
    Section {
        id: "quarter",
        title: "The last quarter".to_owned(),
        blocks,
    }
}

fn warning_table(summary: &Summary) -> Block {
    let quarter = &summary.quarter;
    Block::Table(Table {
        head: vec![
            "Started (UTC)",
            "Run",
            "Warned",
            "Mailed",
            "Not delivered",
            "Note",
        ],
        numeric: vec![false, false, true, true, true, false],
        rows: quarter
            .warnings
            .iter()
            .map(|run| {
                vec![
                    text(run.started_at.format("%Y-%m-%d %H:%M").to_string()),
                    text(run.batch_id.as_str()),
                    count(run.warned as u64),
                    count(run.mailed as u64),
                    count(run.not_delivered as u64),
                    text(
                        run.withdrawn_by
                            .as_ref()
                            .map(|by| format!("withdrawn by {by}"))
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect(),
        total: None,
    })
}

pub(super) fn pending_section(summary: &Summary) -> Section {
    let pending = &summary.pending;
    let currency = &summary.currency;
    let mut blocks = vec![
        Block::Heading("Warned, deadline not passed".to_owned()),
        Block::Para(vec![text(format!(
            "{} not active since their warning, with the deadline still ahead: each becomes \
             cleanup-ready on it unless they use a product.",
            counted(pending.warned_users() as u64, "warned user", "warned users")
        ))]),
        Block::Table(Table {
            head: vec!["Deadline", "Users", "Billable seats", "Monthly (ESTIMATED)"],
            numeric: vec![false, true, true, true],
            rows: pending
                .deadlines
                .iter()
                .map(|day| {
                    vec![
                        text(day.date.format("%Y-%m-%d").to_string()),
                        count(day.users as u64),
                        count(day.seats),
                        money(currency, Some(day.monthly)),
                    ]
                })
                .collect(),
            total: None,
        }),
        Block::Heading("IdP handoffs".to_owned()),
        Block::Para(vec![text(
            "Cleanups of the quarter that changed users provisioned by the identity provider: the \
             identity team must remove them there too, or the IdP provisions them again.",
        )]),
        Block::Table(Table {
            head: vec!["Batch", "IdP-synced users", "Handoff CSV"],
            numeric: vec![false, true, false],
            rows: pending
                .handoffs
                .iter()
                .map(|handoff| {
                    vec![
                        text(handoff.batch_id.as_str()),
                        count(handoff.users as u64),
                        handoff.file.as_ref().map_or_else(
                            || text("not written (the console's batch screen writes it)"),
                            |file| super::org(file.display().to_string()),
                        ),
                    ]
                })
                .collect(),
            total: None,
        }),
    ];
    if !pending.unfinished.is_empty() {
        let ids: Vec<&str> = pending
            .unfinished
            .iter()
            .map(crate::types::BatchId::as_str)
            .collect();
        blocks.push(Block::Heading("Interrupted batches".to_owned()));
        blocks.push(Block::Para(vec![
            text(format!("{} did not finish; ", ids.join(", "))),
            code("dormant resume"),
            text(" completes them."),
        ]));
    }
    Section {
        id: "pending",
        title: "Pending".to_owned(),
        blocks,
    }
}
