//! Reads terminal input on its own thread (crossterm's reader blocks) and forwards it as owned
//! events; stops when told or when the console is gone. Must not interpret keys.

use crate::tui::event::Event;
use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// How long one wait for input lasts before the stop flag is checked again.
const POLL: Duration = Duration::from_millis(50);

/// Terminal input, or why reading it stopped.
pub(crate) enum Input {
    Event(Event),
    Failed(io::Error),
}

/// The reader thread and its stop flag.
pub(crate) struct InputReader {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl InputReader {
    pub(crate) fn spawn(sender: UnboundedSender<Input>) -> io::Result<InputReader> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("dormant-input".to_owned())
            .spawn(move || read_until_stopped(&sender, &flag))?;
        Ok(InputReader {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for InputReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // The thread only polls with a short timeout, so this returns within one poll; a
            // panic in it was already printed by the hook and leaves nothing to clean up.
            let _joined = thread.join();
        }
    }
}

fn read_until_stopped(sender: &UnboundedSender<Input>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let next = match event::poll(POLL) {
            Ok(false) => continue,
            Ok(true) => event::read(),
            Err(error) => Err(error),
        };
        let input = match next {
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => Input::Event(Event::Key(key)),
            Ok(TermEvent::Resize(width, height)) => Input::Event(Event::Resize { width, height }),
            Ok(_) => continue,
            Err(error) => {
                // Input is gone (terminal closed): report it once and stop reading.
                let _gone = sender.send(Input::Failed(error));
                return;
            }
        };
        if sender.send(input).is_err() {
            return;
        }
    }
}
