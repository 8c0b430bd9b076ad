//! Benchmark of the console's keystroke-to-frame path at 100,000 generated users: each key goes
//! through `update` and a full `render` into a 160×48 `TestBackend`, as the runtime does. Prints
//! median and p99 per kind of key (target: p99 under one 16 ms frame). Never asserts on time.
//! Run with `cargo bench --bench tui_keystroke`.

#[path = "../support"]
mod support {
    pub mod console;
    pub mod users;
}

use support::console;

use crossterm::event::KeyCode;
use dormant::tui::{App, Event, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

const USERS: usize = 100_000;

fn press(app: &mut App, terminal: &mut Terminal<TestBackend>, event: Event) -> Duration {
    let started = Instant::now();
    let effects = update(app, event);
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let took = started.elapsed();
    std::hint::black_box(effects);
    took
}

fn chars(text: &str) -> Vec<Event> {
    text.chars()
        .map(|c| {
            console::key(if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            })
        })
        .collect()
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<34} {:>6} keys  median {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
        times.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}

fn main() {
    let started = Instant::now();
    let mut app = console::app_with(support::users::generate_org(42, USERS), 160, 48);
    println!(
        "{USERS} users loaded into the console in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|frame| render(&app, frame)).expect("first frame");

    let typing: Vec<Event> = [
        chars("/idle:>90 !type:admin lovelace"),
        vec![console::key(KeyCode::Esc)],
    ]
    .concat()
    .into_iter()
    .chain(chars("/jsm:>30 lane:ready\n"))
    .collect();
    let mut filter = Vec::new();
    for event in typing.iter().cycle().take(typing.len() * 5) {
        filter.push(press(&mut app, &mut terminal, event.clone()));
        if matches!(event, Event::Key(key) if key.code == KeyCode::Enter) {
            filter.push(press(&mut app, &mut terminal, console::key(KeyCode::Esc)));
        }
    }
    report("filter typing (live, every key)", filter);

    let mut scroll = Vec::new();
    for _ in 0..3_000 {
        scroll.push(press(&mut app, &mut terminal, console::key(KeyCode::Char('j'))));
    }
    for _ in 0..300 {
        scroll.push(press(&mut app, &mut terminal, console::key(KeyCode::PageDown)));
    }
    for code in [KeyCode::Char('G'), KeyCode::Char('g'), KeyCode::PageUp] {
        scroll.push(press(&mut app, &mut terminal, console::key(code)));
    }
    report("scrolling (j, pgdown, G, g)", scroll);

    let mut other = Vec::new();
    for _ in 0..20 {
        other.push(press(&mut app, &mut terminal, console::key(KeyCode::Char('S'))));
    }
    report("reverse sort (S)", other);

    let mut marks = Vec::new();
    for _ in 0..10 {
        marks.push(press(&mut app, &mut terminal, console::key(KeyCode::Char('*'))));
        marks.push(press(&mut app, &mut terminal, console::key(KeyCode::Char(' '))));
        app.marks.clear();
    }
    report("mark all ready (*) and space", marks);

    let mut insight = Vec::new();
    for _ in 0..20 {
        insight.push(press(&mut app, &mut terminal, console::key(KeyCode::Char('i'))));
    }
    report("insight open/close (i)", insight);
}
