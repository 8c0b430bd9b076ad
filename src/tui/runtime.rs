//! Runs the console: owns the terminal and the `App`, feeds `update` with input, messages and
//! clock ticks, hands effects to the executor, and draws after draining everything pending (at
//! most once per frame). Must not change state except through `update`.

mod batch_job;
mod caught;
mod executor;
mod input;
mod jobs;
mod late;
mod load_job;
mod services;
mod terminal;
mod view_export;
mod warn_job;
mod writers;

pub use executor::Executor;
pub use jobs::Finished;
pub use services::Services;

use super::app::{App, Settings};
use super::event::{Event, Msg};
use super::{render, update};
use crate::platform::signals::{Stop, StopSignals};
use chrono::Utc;
use input::{Input, InputReader};
use ratatui::layout::Rect;
use std::io::{self, Write as _};
use std::time::Duration;
use terminal::TerminalGuard;
use thiserror::Error;
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};

/// The shortest time between two frames (60 per second).
const FRAME: Duration = Duration::from_millis(16);
/// How often ages on screen ("loaded 3 min ago") are brought up to date.
const CLOCK: Duration = Duration::from_secs(1);

/// Why the console stopped other than by the admin quitting.
#[derive(Debug, Error)]
pub enum ConsoleError {
    #[error("the terminal could not be set up for the console: {0} (run dormant in an interactive terminal)")]
    Terminal(#[source] io::Error),
    #[error("drawing to the terminal failed: {0}")]
    Draw(#[source] io::Error),
    #[error("reading the keyboard failed: {0}")]
    Input(#[source] io::Error),
}

/// Runs the console until the admin quits (or the terminal goes away). The terminal is restored
/// on every path out, panics included.
pub async fn run(settings: Settings, services: Services) -> Result<(), ConsoleError> {
    let mut guard = TerminalGuard::enter().map_err(ConsoleError::Terminal)?;
    let size = guard.terminal().size().map_err(ConsoleError::Terminal)?;
    let mut app = App::new(settings, Rect::new(0, 0, size.width, size.height), Utc::now());
    let (input_sender, mut input) = mpsc::unbounded_channel();
    let _reader = InputReader::spawn(input_sender).map_err(ConsoleError::Terminal)?;
    let (msg_sender, mut msgs) = mpsc::unbounded_channel::<Msg>();
    let mut executor = executor::Executor::new(services, msg_sender);
    // Ctrl-C is a key in raw mode; these end the console as its quit key would.
    let mut stops = StopSignals::listen(&[Stop::Terminate, Stop::HangUp]).map_err(ConsoleError::Terminal)?;
    let mut clock = tokio::time::interval(CLOCK);
    clock.set_missed_tick_behavior(MissedTickBehavior::Skip);
    for effect in update::start(&mut app) {
        executor.run(effect);
    }
    let mut last_frame: Option<Instant> = None;
    let result = loop {
        if let Some(last) = last_frame {
            tokio::time::sleep_until(last + FRAME).await;
        }
        if let Err(error) = guard.terminal().draw(|frame| render(&app, frame)) {
            break Err(ConsoleError::Draw(error));
        }
        last_frame = Some(Instant::now());
        if app.quit {
            break Ok(());
        }
        let first = tokio::select! {
            Some(input) = input.recv() => input,
            Some(msg) = msgs.recv() => Input::Event(Event::Msg(msg)),
            _ = clock.tick() => Input::Event(Event::Tick(Utc::now())),
            signal = stops.recv() => {
                tracing::info!("closing the console on {signal}");
                break Ok(());
            }
        };
        // Drain everything already waiting, then draw once.
        let mut pending = vec![first];
        while let Ok(more) = input.try_recv() {
            pending.push(more);
        }
        while let Ok(msg) = msgs.try_recv() {
            pending.push(Input::Event(Event::Msg(msg)));
        }
        if let Some(error) = apply_all(&mut app, &mut executor, pending) {
            break Err(ConsoleError::Input(error));
        }
    };
    let finished = executor.finish().await;
    drop(guard);
    // The terminal is back: say what finished (or was stopped) while the console closed. After a
    // hang-up nobody reads stderr any more: the log keeps every line either way.
    let mut stderr = io::stderr().lock();
    for line in late::lines(&finished, std::iter::from_fn(|| msgs.try_recv().ok())) {
        tracing::info!("after the console closed: {line}");
        let _shown = writeln!(stderr, "dormant: {line}").is_ok();
    }
    result
}

fn apply_all(app: &mut App, executor: &mut executor::Executor, pending: Vec<Input>) -> Option<io::Error> {
    for input in pending {
        match input {
            Input::Event(event) => {
                let loaded = matches!(event, Event::Msg(Msg::DirectoryLoaded { .. }));
                for effect in update::update(app, event) {
                    executor.run(effect);
                }
                if loaded {
                    // The secrets test forces a panic here and reads what it prints.
                    crate::test_hooks::fault_point!(
                        detail = || format!("{:?}", executor.services()),
                        "console:loaded"
                    );
                }
            }
            Input::Failed(error) => return Some(error),
        }
    }
    None
}
